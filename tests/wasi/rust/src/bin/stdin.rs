//! Reads standard input to its end. `stdin wc` prints lines, words and bytes like `wc`;
//! `stdin cat` copies it to standard output; `stdin lines` numbers its lines.
use std::io::{BufRead, Read, Write};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "wc".into());
    let stdin = std::io::stdin();
    match mode.as_str() {
        "wc" => {
            let mut all = Vec::new();
            stdin.lock().read_to_end(&mut all).unwrap();
            let lines = all.iter().filter(|&&b| b == b'\n').count();
            let words = all
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .count();
            println!("{lines} {words} {}", all.len());
        }
        "cat" => {
            let mut out = std::io::stdout().lock();
            std::io::copy(&mut stdin.lock(), &mut out).unwrap();
            out.flush().unwrap();
        }
        "lines" => {
            for (i, line) in stdin.lock().lines().enumerate() {
                println!("{:>4} {}", i + 1, line.unwrap());
            }
        }
        _ => {
            eprintln!("usage: stdin [wc|cat|lines]");
            std::process::exit(2);
        }
    }
}
