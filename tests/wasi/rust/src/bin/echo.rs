//! Prints its arguments and its environment: the count, argv[0]'s file name (runtimes
//! differ in the path they pass), every other argument, then the variables, sorted.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("argc {}", args.len());
    if let Some(first) = args.first() {
        let name = first.rsplit('/').next().unwrap_or(first);
        println!("argv[0] file name {name:?}");
    }
    for (i, a) in args.iter().enumerate().skip(1) {
        println!("argv[{i}] {a:?}");
    }
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    println!("envc {}", vars.len());
    for (k, v) in vars {
        println!("env {k:?} = {v:?}");
    }
}
