//! `ls DIR...`: lists each directory tree, sorted by name, depth first: directories with
//! a `/`, files with their size, symbolic links with their target.
use std::path::Path;

fn main() {
    let mut status = 0;
    for dir in std::env::args().skip(1) {
        println!("{dir}:");
        if let Err(e) = list(Path::new(&dir), 1) {
            println!("  error: {}", e.kind());
            status = 1;
        }
    }
    std::process::exit(status);
}

fn list(dir: &Path, depth: usize) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    let indent = "  ".repeat(depth);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let ty = e.file_type()?;
        if ty.is_symlink() {
            let target = std::fs::read_link(&path)?;
            println!("{indent}{name} -> {}", target.display());
        } else if ty.is_dir() {
            println!("{indent}{name}/");
            list(&path, depth + 1)?;
        } else {
            println!("{indent}{name} ({} bytes)", e.metadata()?.len());
        }
    }
    Ok(())
}
