//! textstat: statistics of text files as JSON. A real command line tool (clap for the
//! arguments, serde_json for the output), built both to wasm32-wasip1 and natively: both
//! builds must print the same bytes.
//!
//! textstat [--top N] [--min-len N] [--ignore-case] [--pretty] FILE...   ("-": stdin)
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use clap::Parser;
use serde::Serialize;

#[derive(Parser)]
#[command(name = "textstat", bin_name = "textstat", version = "1.0", about = "Statistics of text files, as JSON")]
struct Args {
    /// How many of the most frequent words to list
    #[arg(short = 'n', long, default_value_t = 10)]
    top: usize,
    /// Ignore words shorter than this
    #[arg(long, default_value_t = 1)]
    min_len: usize,
    /// Count words without regard to case
    #[arg(short, long)]
    ignore_case: bool,
    /// Indented output
    #[arg(long)]
    pretty: bool,
    /// The files to read ("-" for standard input)
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Serialize)]
struct FileStats {
    name: String,
    bytes: usize,
    chars: usize,
    lines: usize,
    words: usize,
    longest_line: usize,
    mean_word_len: f64,
    top_words: Vec<(String, usize)>,
    word_lengths: BTreeMap<usize, usize>,
}

#[derive(Serialize)]
struct Report {
    files: Vec<FileStats>,
    total_bytes: usize,
    total_words: usize,
    distinct_words: usize,
}

fn main() {
    let args = Args::parse();
    let mut files = Vec::new();
    let mut all_words: BTreeMap<String, usize> = BTreeMap::new();
    let mut status = 0;
    for f in &args.files {
        let text = if f == "-" {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map(|_| s)
        } else {
            std::fs::read_to_string(f)
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                eprintln!("textstat: {f}: {}", e.kind());
                status = 1;
                continue;
            }
        };
        let (stats, words) = analyse(&args, f, &text);
        for (w, n) in words {
            *all_words.entry(w).or_default() += n;
        }
        files.push(stats);
    }
    let report = Report {
        total_bytes: files.iter().map(|f| f.bytes).sum(),
        total_words: files.iter().map(|f| f.words).sum(),
        distinct_words: all_words.len(),
        files,
    };
    let out = if args.pretty {
        serde_json::to_string_pretty(&report)
    } else {
        serde_json::to_string(&report)
    };
    println!("{}", out.unwrap());
    std::process::exit(status);
}

fn analyse(args: &Args, name: &str, text: &str) -> (FileStats, BTreeMap<String, usize>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut word_lengths = BTreeMap::new();
    let mut words = 0;
    let mut letters = 0;
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let w = w.trim_matches('\'');
        let len = w.chars().count();
        if len == 0 || len < args.min_len {
            continue;
        }
        words += 1;
        letters += len;
        *word_lengths.entry(len).or_default() += 1;
        let key = if args.ignore_case { w.to_lowercase() } else { w.to_string() };
        *counts.entry(key).or_default() += 1;
    }
    let mut top: Vec<(String, usize)> = counts.iter().map(|(w, &n)| (w.clone(), n)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(args.top);
    let stats = FileStats {
        name: Path::new(name).file_name().map_or(name.into(), |n| n.to_string_lossy().into_owned()),
        bytes: text.len(),
        chars: text.chars().count(),
        lines: text.lines().count(),
        words,
        longest_line: text.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        mean_word_len: if words == 0 { 0.0 } else { letters as f64 / words as f64 },
        top_words: top,
        word_lengths,
    };
    (stats, counts)
}
