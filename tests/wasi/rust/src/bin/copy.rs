//! `copy SRC DST`: copies a file (both paths in preopened directories) and prints the
//! number of bytes copied and a checksum of what it reads back from the copy.
use std::io::{Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: copy SRC DST");
        std::process::exit(2);
    }
    let mut src = std::fs::File::open(&args[1]).unwrap_or_else(|e| fail(&args[1], e));
    let mut dst = std::fs::File::create(&args[2]).unwrap_or_else(|e| fail(&args[2], e));
    // Small chunks, so a large file takes many reads and writes.
    let mut buf = [0u8; 1000];
    let mut total = 0u64;
    loop {
        let n = src.read(&mut buf).unwrap_or_else(|e| fail(&args[1], e));
        if n == 0 {
            break;
        }
        dst.write_all(&buf[..n]).unwrap_or_else(|e| fail(&args[2], e));
        total += n as u64;
    }
    drop(dst);
    let back = std::fs::read(&args[2]).unwrap_or_else(|e| fail(&args[2], e));
    println!("copied {total} bytes");
    println!("read back {} bytes, fnv1a {:016x}", back.len(), fnv1a(&back));
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

fn fail(path: &str, e: std::io::Error) -> ! {
    eprintln!("copy: {path}: {e}");
    std::process::exit(1);
}
