//! `exit N` calls proc_exit(N) (through std::process::exit); `exit panic` panics (a
//! trap: Rust's wasm32-wasip1 aborts with `unreachable`); `exit abort` calls
//! std::process::abort; `exit return` returns from main normally; `exit raw N` calls the
//! import directly. Each prints a line first, which must reach standard output.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("return");
    println!("exit: {what}");
    match what {
        "return" => {}
        "panic" => panic!("deliberate panic"),
        "abort" => std::process::abort(),
        "raw" => unsafe { wasi::proc_exit(args[2].parse().unwrap()) },
        n => std::process::exit(n.parse().expect("a number")),
    }
    println!("returned from main");
}
