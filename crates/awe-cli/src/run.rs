//! `awe run FILE [ARGS...]`: run a WASI program; `awe run FILE --invoke NAME [ARGS...]`:
//! call one exported function and print its results.

use crate::error::{Error, Result};
use crate::input::Input;
use awe_wasi::{WasiCtx, WasiCtxBuilder};
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

/// Arguments of `awe run`, as written.
#[derive(clap::Args, Debug)]
#[command(
    override_usage = "awe run [OPTIONS] FILE [ARGS]...",
    after_help = "\
Without --invoke, FILE is a WASI program: its `_start` function runs with ARGS as its \
arguments (FILE itself is argv[0]), with this process's standard input, output and \
error, and its exit code is awe's. With --invoke, ARGS are the function's arguments, \
one per parameter (integers in decimal or 0x hex, floats as in the text format: `1.5`, \
`-inf`, `nan:0x200000`, a `v128` as one argument with its shape and lanes as \
`v128.const` has them: \"i32x4 1 2 3 4\"), and its results are printed one per line (a \
`v128` as `v128.const i32x4 0x00000001 ...`).

awe's options come before FILE: everything after FILE is the program's, so \
`awe run prog.wasm --help` passes `--help` to it. Only `--invoke NAME` and `--fuel N` \
are also read right after FILE (`awe run m.wat --invoke f 1 2`); `--` ends them.

The program sees no directory and no environment variable unless given: \
`--dir HOST` preopens the host directory HOST under the same name, \
`--dir HOST::GUEST` under the name GUEST, and a `:ro` suffix makes it read-only \
(`--dir data::/data:ro`); `--env NAME=VALUE` sets a variable, `--env NAME` passes \
this process's value, `--inherit-env` passes them all.

`-W KEY=VALUE` sets a limit: `max-memory-size=BYTES` (each memory; K, M, G suffixes: \
`-W max-memory-size=64M`), `timeout=DURATION` (the call is interrupted after it: \
`10s`, `500ms`, `2m`), `unknown-imports-trap` (a function import nothing defines \
traps when called, instead of failing to link)."
)]
pub struct RawArgs {
    /// Call this exported function instead of running the program's `_start`.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Fuel for the call (about one unit per instruction); it traps when it runs out.
    #[arg(long)]
    fuel: Option<u64>,
    /// Give the program a host directory (repeatable): HOST, HOST::GUEST, with `:ro`
    /// at the end for read-only.
    #[arg(long = "dir", value_name = "HOST[::GUEST][:ro]")]
    dirs: Vec<String>,
    /// Set an environment variable of the program (repeatable); NAME alone passes
    /// this process's value.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// Pass every environment variable of this process to the program.
    #[arg(long)]
    inherit_env: bool,
    /// Instantiate the module FILE first and give its exports to the program as the
    /// import module NAME (repeatable; a command gets a fresh instance per call).
    #[arg(long = "preload", value_name = "NAME=FILE")]
    preloads: Vec<String>,
    /// The program's argv[0] (FILE by default).
    #[arg(long, value_name = "NAME")]
    argv0: Option<String>,
    /// Run FILE even if it is precompiled (`awe compile`): only for files you trust, as
    /// precompiled code is not validated.
    #[arg(long)]
    allow_precompiled: bool,
    /// The features (SIMD and WebAssembly 3.0's) the module may use (all by default): a
    /// list such as `-memory64,-multi-memory` or `none,tail-call` (see `awe validate
    /// --help`).
    #[arg(long, value_name = "LIST")]
    features: Option<String>,
    /// How functions run: `interp` (the interpreter), `jit` (each compiled before its
    /// first call), `tiered` (compiled once they run often; the default).
    #[arg(long, value_enum, default_value_t)]
    strategy: crate::strategy::StrategyArg,
    /// When the run ends, print to stderr where the module's functions ran: how many
    /// were compiled, how many stayed interpreted, and why the compiler refused those it
    /// could not compile.
    #[arg(long)]
    tier_report: bool,
    /// A limit (repeatable): max-memory-size=BYTES, timeout=DURATION,
    /// unknown-imports-trap.
    #[arg(short = 'W', value_name = "KEY[=VALUE]")]
    limits: Vec<String>,
    /// The module (binary or text), then the program's arguments (with --invoke, the
    /// function's).
    #[arg(value_name = "FILE [ARGS]", required = true, trailing_var_arg = true)]
    command: Vec<OsString>,
}

/// The `-W` settings.
#[derive(Debug, Default)]
pub struct Limits {
    /// The most bytes of each memory.
    pub max_memory_size: Option<u64>,
    /// How long the call may run.
    pub timeout: Option<std::time::Duration>,
    /// Whether an import nothing defines is a function that traps.
    pub unknown_imports_trap: bool,
}

impl Limits {
    fn parse(items: &[String]) -> Result<Limits> {
        let mut l = Limits::default();
        for item in items {
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (item.as_str(), None),
            };
            let need = || value.ok_or_else(|| Error::msg(format!("-W {key} needs a value")));
            match key {
                "max-memory-size" => l.max_memory_size = Some(bytes(need()?, item)?),
                "timeout" => l.timeout = Some(duration(need()?, item)?),
                "unknown-imports-trap" => {
                    l.unknown_imports_trap = match value.unwrap_or("y") {
                        "y" | "yes" | "true" => true,
                        "n" | "no" | "false" => false,
                        _ => return Err(Error::msg(format!("-W {item}: expected y or n"))),
                    }
                }
                _ => {
                    return Err(Error::msg(format!(
                        "-W {key}: unknown (max-memory-size, timeout, unknown-imports-trap)"
                    )));
                }
            }
        }
        Ok(l)
    }
}

/// `64`, `64K`, `64M`, `1G` (powers of 1024).
fn bytes(v: &str, item: &str) -> Result<u64> {
    let (digits, scale) = match v.as_bytes().last() {
        Some(b'K' | b'k') => (&v[..v.len() - 1], 1u64 << 10),
        Some(b'M' | b'm') => (&v[..v.len() - 1], 1 << 20),
        Some(b'G' | b'g') => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| Error::msg(format!("-W {item}: not a size in bytes")))
}

/// `10s`, `500ms`, `2m`, `1h`.
fn duration(v: &str, item: &str) -> Result<std::time::Duration> {
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (digits, unit) = v.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| Error::msg(format!("-W {item}: not a duration (10s, 500ms, 2m)")))?;
    let ms = match unit {
        "ms" => Some(n),
        "s" | "" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        _ => None,
    };
    ms.map(std::time::Duration::from_millis)
        .ok_or_else(|| Error::msg(format!("-W {item}: not a duration (10s, 500ms, 2m)")))
}

/// Arguments of `awe run`, resolved.
#[derive(Debug)]
pub struct Args {
    /// The module, binary or text.
    pub file: PathBuf,
    /// The exported function to call instead of `_start`.
    pub invoke: Option<String>,
    /// Fuel for the call.
    pub fuel: Option<u64>,
    /// `--dir` values.
    pub dirs: Vec<String>,
    /// `--env` values.
    pub envs: Vec<String>,
    /// `--inherit-env`.
    pub inherit_env: bool,
    /// `--preload` values: import module name and file.
    pub preloads: Vec<(String, PathBuf)>,
    /// `--argv0`.
    pub argv0: Option<String>,
    /// `--allow-precompiled`.
    pub allow_precompiled: bool,
    /// `--features`.
    pub features: awe::WasmFeatures,
    /// `--strategy`.
    pub strategy: awe::Strategy,
    /// `--tier-report`.
    pub tier_report: bool,
    /// `-W` settings.
    pub limits: Limits,
    /// The program's (or function's) arguments.
    pub args: Vec<OsString>,
}

impl RawArgs {
    /// Splits FILE from the arguments after it, reading a `--invoke NAME` or
    /// `--fuel N` right after FILE (until `--` or any other argument) as awe's own.
    pub fn resolve(self) -> Result<Args> {
        let mut rest = self.command.into_iter();
        let file = PathBuf::from(rest.next().unwrap_or_default());
        let preloads = self
            .preloads
            .iter()
            .map(|p| match p.split_once('=') {
                Some((name, file)) if !name.is_empty() && !file.is_empty() => {
                    Ok((name.to_owned(), PathBuf::from(file)))
                }
                _ => Err(Error::msg(format!("--preload {p}: expected NAME=FILE"))),
            })
            .collect::<Result<Vec<_>>>()?;
        let mut args = Args {
            file,
            invoke: self.invoke,
            fuel: self.fuel,
            dirs: self.dirs,
            envs: self.envs,
            inherit_env: self.inherit_env,
            preloads,
            argv0: self.argv0,
            allow_precompiled: self.allow_precompiled,
            features: crate::features::parse(self.features.as_deref())?,
            limits: Limits::parse(&self.limits)?,
            strategy: self.strategy.into(),
            tier_report: self.tier_report,
            args: Vec::new(),
        };
        let mut rest = rest.peekable();
        while let Some(a) = rest.peek().and_then(|a| a.to_str()).map(str::to_owned) {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
                None => (a.clone(), None),
            };
            if a == "--" {
                rest.next();
                break;
            }
            if flag != "--invoke" && flag != "--fuel" {
                break;
            }
            rest.next();
            let value = match inline {
                Some(v) => v,
                None => rest
                    .next()
                    .and_then(|v| v.into_string().ok())
                    .ok_or_else(|| Error::msg(format!("{flag} needs a value")))?,
            };
            if flag == "--invoke" {
                args.invoke = Some(value);
            } else {
                let fuel = value
                    .parse()
                    .map_err(|_| Error::msg(format!("--fuel {value}: not a number")))?;
                args.fuel = Some(fuel);
            }
        }
        args.args = rest.collect();
        Ok(args)
    }
}

/// Runs `awe run`.
pub fn run(args: &Args) -> Result<()> {
    let input = Input::read(&args.file)?;
    let mut config = awe::Config::new();
    config.consume_fuel(args.fuel.is_some());
    config.interruptible(args.limits.timeout.is_some());
    config.features(args.features);
    config.strategy(args.strategy);
    let engine = awe::Engine::new(&config).map_err(|e| Error::msg(e.to_string()))?;
    // A binary module keeps its bodies as ranges of the file's bytes.
    let module = if awe::Module::is_precompiled(&input.bytes) {
        if !args.allow_precompiled {
            return Err(Error::msg(format!(
                "{}: a precompiled module (awe compile); run it with --allow-precompiled, \
                 only if you trust where it came from",
                input.name
            )));
        }
        // SAFETY: the user vouched for the file with --allow-precompiled (as wasmtime's
        // `--allow-precompiled`): it was written by `awe compile`.
        #[allow(unsafe_code)]
        unsafe {
            awe::Module::deserialize(&engine, &input.bytes)
        }
    } else if input.is_text() {
        awe::Module::from_module(&engine, input.module()?)
    } else {
        awe::Module::from_shared(&engine, &input.bytes)
    }
    .map_err(|e| Error::msg(format!("{}: {e}", input.name)))?;
    // Printed when the run ends, however it ends.
    let _report = args.tier_report.then(|| TierReport(&module));
    let mut store = awe::Store::new(&engine, wasi_ctx(args)?);
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::msg(e.to_string()))?;
    }
    if let Some(max) = args.limits.max_memory_size {
        store.limits(awe::StoreLimits {
            // Pages of 64 KiB.
            memory_pages: Some(max >> 16),
            // One memory may have all of it (a memory64 memory may pass 4 GiB).
            total_memory_bytes: Some(max.max(awe::Config::DEFAULT_MAX_TOTAL_MEMORY_BYTES)),
            ..Default::default()
        });
    }
    let mut linker = awe::Linker::new(&engine);
    awe_wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx)
        .map_err(|e| Error::msg(e.to_string()))?;
    for (name, file) in &args.preloads {
        let what = file.display();
        let m = awe::Module::from_file(&engine, file)
            .map_err(|e| Error::msg(format!("--preload {name}={what}: {e}")))?;
        linker
            .module(&mut store, name, &m)
            .map_err(|e| Error::msg(format!("--preload {name}={what}: {}", failure(&e, &m))))?;
    }
    if args.limits.unknown_imports_trap {
        linker
            .define_unknown_imports_as_traps(&module)
            .map_err(|e| Error::msg(e.to_string()))?;
    }
    // The deadline runs from here: instantiation (a start function) included.
    let _watchdog = args
        .limits
        .timeout
        .map(|t| Watchdog::start(store.interrupt_handle(), t));
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| failure(&e, &module))?;
    let Some(name) = &args.invoke else {
        let start = instance.get_func(&store, "_start").ok_or_else(|| {
            Error::msg(format!(
                "{}: no exported function \"_start\" to run (use --invoke NAME to call \
                 another)",
                input.name
            ))
        })?;
        let start = start
            .typed::<(), ()>(&store)
            .map_err(|e| Error::msg(format!("{}: _start: {e}", input.name)))?;
        return start.call(&mut store, ()).map_err(|e| failure(&e, &module));
    };
    // A WASI reactor is initialized before any of its functions is called.
    if let Some(init) = instance.get_func(&store, "_initialize") {
        let init = init
            .typed::<(), ()>(&store)
            .map_err(|e| Error::msg(format!("{}: _initialize: {e}", input.name)))?;
        init.call(&mut store, ())
            .map_err(|e| failure(&e, &module))?;
    }
    let func = instance
        .get_func(&store, name)
        .ok_or_else(|| Error::msg(format!("{}: no exported function {name:?}", input.name)))?;
    let ty = func.ty(&store);
    if args.args.len() != ty.params.len() {
        return Err(Error::msg(format!(
            "{name:?} takes {} argument(s) {ty}, {} given",
            ty.params.len(),
            args.args.len()
        )));
    }
    let params = ty
        .params
        .iter()
        .zip(&args.args)
        .map(|(t, a)| parse_arg(*t, &a.to_string_lossy()))
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<awe::Val> = ty
        .results
        .iter()
        .map(|&t| awe::Val::default_for(t))
        .collect();
    func.call(&mut store, &params, &mut results)
        .map_err(|e| failure(&e, &module))?;
    let mut out = io::stdout().lock();
    for r in results {
        writeln!(out, "{}", r.to_text_in(&mut store))?;
    }
    Ok(())
}

/// `--tier-report`: where the module's functions ran, printed when dropped.
struct TierReport<'a>(&'a awe::Module);

impl Drop for TierReport<'_> {
    fn drop(&mut self) {
        let tiers = self.0.function_tiers();
        let compiled = tiers
            .iter()
            .filter(|t| **t == awe::FunctionTier::Compiled)
            .count();
        let mut refused = std::collections::BTreeMap::<&str, usize>::new();
        for t in &tiers {
            if let awe::FunctionTier::NotCompiled(why) = t {
                *refused.entry(why.as_str()).or_default() += 1;
            }
        }
        let not = refused.values().sum::<usize>();
        eprintln!(
            "awe: tiers: {} functions, {compiled} compiled, {} interpreted ({not} that the \
             compiler does not support)",
            tiers.len(),
            tiers.len() - compiled
        );
        for (why, n) in refused {
            eprintln!("awe:   {n} not compiled: {why}");
        }
    }
}

/// What the program may reach: its arguments (FILE first), the variables and
/// directories given, and this process's standard streams.
fn wasi_ctx(args: &Args) -> Result<WasiCtx> {
    let argv0 = args
        .argv0
        .as_ref()
        .map_or_else(|| args.file.clone().into_os_string(), OsString::from);
    let mut b = WasiCtxBuilder::new().arg(argv0).inherit_stdio();
    if args.inherit_env {
        b = b.inherit_env();
    }
    if args.invoke.is_none() {
        b = b.args(&args.args);
    }
    for e in &args.envs {
        b = match e.split_once('=') {
            Some((k, v)) => b.env(k, v),
            None => match std::env::var_os(e) {
                Some(v) => b.env(e, v),
                None => {
                    return Err(Error::msg(format!(
                        "--env {e}: no such variable here to pass on (write NAME=VALUE)"
                    )));
                }
            },
        };
    }
    for d in &args.dirs {
        let (spec, read_only) = match d.strip_suffix(":ro") {
            Some(spec) => (spec, true),
            None => (d.as_str(), false),
        };
        let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
        if host.is_empty() || guest.is_empty() {
            return Err(Error::msg(format!(
                "--dir {d}: expected HOST, HOST::GUEST or either with :ro"
            )));
        }
        b = b
            .preopened_dir(host, guest, read_only)
            .map_err(|e| Error::msg(format!("--dir {d}: {e}")))?;
    }
    b.build().map_err(|e| Error::msg(e.to_string()))
}

/// An error of the call, with the backtrace of a trap (function names from the name
/// section, byte offsets when the module was binary).
fn failure(e: &awe::Error, module: &awe::Module) -> Error {
    if let Some(code) = awe_wasi::exit_code(e) {
        return Error::Exit(code);
    }
    // Rust's mangled names (`_ZN4core9panicking5panic17h…E`) read as Rust paths.
    let msg = e.with_backtrace(module, |n| format!("{:#}", rustc_demangle::demangle(n)));
    Error::msg(msg)
}

fn parse_arg(t: awe::ValType, a: &str) -> Result<awe::Val> {
    if matches!(
        t,
        awe::ValType::FUNCREF | awe::ValType::EXTERNREF | awe::ValType::EXNREF
    ) {
        return Err(Error::msg(format!(
            "arguments of type {t} cannot be given on the command line"
        )));
    }
    awe::Val::from_text(t, a)
        .ok_or_else(|| Error::msg(format!("{a:?} is not a valid {t} argument")))
}

/// Interrupts the store's call when the `-W timeout` passes (and ends with it).
struct Watchdog {
    done: std::sync::mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(handle: awe::InterruptHandle, timeout: std::time::Duration) -> Watchdog {
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                handle.interrupt();
            }
        });
        Watchdog {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let _ = self.done.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
