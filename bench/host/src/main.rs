//! `awe-bench-host ENGINE FILE ITERATIONS [WARMUP]`, ENGINE `awe` (the interpreter),
//! `awe-jit` (every function compiled before its first call), `awe-tiered` (awe's
//! default: compiled once hot) or `wasmi`: compiles
//! FILE, instantiates it (no imports), calls its export `run(WARMUP)` (default 1), pauses
//! 50 ms, then calls `run(ITERATIONS)`, and prints one JSON line with the seconds each
//! step took and the second call's result. Every driver of `bench/compare` prints the
//! same line (see `bench/drivers/`).

use std::time::{Duration, Instant};

/// Seconds taken by each step, and the timed call's result.
struct Timings {
    compile: f64,
    instantiate: f64,
    first_call: f64,
    run: f64,
    result: i32,
}

fn time<R>(f: impl FnOnce() -> R) -> (R, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

fn pause() {
    std::thread::sleep(Duration::from_millis(50));
}

fn awe(
    strategy: awe::Strategy,
    bytes: &[u8],
    iterations: i32,
    warmup: i32,
) -> Result<Timings, String> {
    let e = |e: awe::Error| e.to_string();
    let mut config = awe::Config::new();
    config.strategy(strategy);
    let engine = awe::Engine::new(&config).map_err(e)?;
    let (module, compile) = time(|| awe::Module::new(&engine, bytes));
    let module = module.map_err(e)?;
    let mut store = awe::Store::new(&engine, ());
    let (instance, instantiate) =
        time(|| awe::Linker::new(&engine).instantiate(&mut store, &module));
    let instance = instance.map_err(e)?;
    let run = instance
        .get_typed_func::<i32, i32>(&store, "run")
        .map_err(e)?;
    let (r, first_call) = time(|| run.call(&mut store, warmup));
    r.map_err(e)?;
    pause();
    let (result, run) = time(|| run.call(&mut store, iterations));
    Ok(Timings {
        compile,
        instantiate,
        first_call,
        run,
        result: result.map_err(e)?,
    })
}

fn wasmi(bytes: &[u8], iterations: i32, warmup: i32) -> Result<Timings, String> {
    let e = |e: wasmi::Error| e.to_string();
    let engine = wasmi::Engine::default();
    let (module, compile) = time(|| wasmi::Module::new(&engine, bytes));
    let module = module.map_err(e)?;
    let mut store = wasmi::Store::new(&engine, ());
    let (instance, instantiate) = time(|| wasmi::Instance::new(&mut store, &module, &[]));
    let instance = instance.map_err(e)?;
    let run = instance
        .get_typed_func::<i32, i32>(&store, "run")
        .map_err(e)?;
    let (r, first_call) = time(|| run.call(&mut store, warmup));
    r.map_err(e)?;
    pause();
    let (result, run) = time(|| run.call(&mut store, iterations));
    Ok(Timings {
        compile,
        instantiate,
        first_call,
        run,
        result: result.map_err(e)?,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: awe-bench-host awe|wasmi FILE ITERATIONS [WARMUP]");
        std::process::exit(2);
    }
    let bytes = std::fs::read(&args[2]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[2]);
        std::process::exit(2)
    });
    let iterations: i32 = args[3].parse().expect("ITERATIONS: an integer");
    let warmup: i32 = args
        .get(4)
        .map_or(1, |w| w.parse().expect("WARMUP: an integer"));
    let timings = match args[1].as_str() {
        "awe" => awe(awe::Strategy::Interpreter, &bytes, iterations, warmup),
        "awe-jit" => awe(awe::Strategy::Compiler, &bytes, iterations, warmup),
        "awe-tiered" => awe(awe::Strategy::Tiered, &bytes, iterations, warmup),
        "wasmi" => wasmi(&bytes, iterations, warmup),
        other => {
            eprintln!("unknown engine {other:?}: awe, awe-jit, awe-tiered or wasmi");
            std::process::exit(2)
        }
    };
    match timings {
        Ok(t) => println!(
            "{{\"compile\": {}, \"instantiate\": {}, \"first_call\": {}, \"run\": {}, \"result\": \"{}\"}}",
            t.compile, t.instantiate, t.first_call, t.run, t.result
        ),
        Err(msg) => {
            println!("{{\"error\": {msg:?}}}");
            std::process::exit(1)
        }
    }
}
