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
`-inf`, `nan:0x200000`), and its results are printed one per line.

awe's options come before FILE: everything after FILE is the program's, so \
`awe run prog.wasm --help` passes `--help` to it. Only `--invoke NAME` and `--fuel N` \
are also read right after FILE (`awe run m.wat --invoke f 1 2`); `--` ends them.

The program sees no directory and no environment variable unless given: \
`--dir HOST` preopens the host directory HOST under the same name, \
`--dir HOST::GUEST` under the name GUEST, and a `:ro` suffix makes it read-only \
(`--dir data::/data:ro`); `--env NAME=VALUE` sets a variable, `--env NAME` passes \
this process's value."
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
    /// The module (binary or text), then the program's arguments (with --invoke, the
    /// function's).
    #[arg(
        value_name = "FILE [ARGS]",
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    command: Vec<OsString>,
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
    /// The program's (or function's) arguments.
    pub args: Vec<OsString>,
}

impl RawArgs {
    /// Splits FILE from the arguments after it, reading a `--invoke NAME` or
    /// `--fuel N` right after FILE (until `--` or any other argument) as awe's own.
    pub fn resolve(self) -> Result<Args> {
        let mut rest = self.command.into_iter();
        let file = PathBuf::from(rest.next().unwrap_or_default());
        let mut args = Args {
            file,
            invoke: self.invoke,
            fuel: self.fuel,
            dirs: self.dirs,
            envs: self.envs,
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
    let engine = awe::Engine::new(&config).map_err(|e| Error::msg(e.to_string()))?;
    // A binary module keeps its bodies as ranges of the file's bytes.
    let module = if input.is_text() {
        awe::Module::from_module(&engine, input.module()?)
    } else {
        awe::Module::from_shared(&engine, &input.bytes)
    }
    .map_err(|e| Error::msg(format!("{}: {e}", input.name)))?;
    let mut store = awe::Store::new(&engine, wasi_ctx(args)?);
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::msg(e.to_string()))?;
    }
    let mut linker = awe::Linker::new(&engine);
    awe_wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx)
        .map_err(|e| Error::msg(e.to_string()))?;
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
        writeln!(out, "{}", show(r))?;
    }
    Ok(())
}

/// What the program may reach: its arguments (FILE first), the variables and
/// directories given, and this process's standard streams.
fn wasi_ctx(args: &Args) -> Result<WasiCtx> {
    let mut b = WasiCtxBuilder::new().arg(&args.file).inherit_stdio();
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
    let mut msg = e.to_string();
    if let Some(t) = e.as_trap() {
        for f in &t.backtrace {
            let name = module.func_name(f.func_index).map_or_else(
                || format!("function {}", f.func_index),
                |n| format!("{n} (function {})", f.func_index),
            );
            match f.offset {
                Some(o) => msg.push_str(&format!("\n    at {name}, offset 0x{o:x}")),
                None => msg.push_str(&format!("\n    at {name}")),
            }
        }
    }
    Error::msg(msg)
}

fn parse_arg(t: awe::ValType, a: &str) -> Result<awe::Val> {
    use awe_text::num::{parse_f32, parse_f64, parse_i};
    let bad = || Error::msg(format!("{a:?} is not a valid {t} argument"));
    Ok(match t {
        awe::ValType::I32 => {
            awe::Val::I32(parse_i(a, 32).and_then(|r| r.ok()).ok_or_else(bad)? as u32 as i32)
        }
        awe::ValType::I64 => {
            awe::Val::I64(parse_i(a, 64).and_then(|r| r.ok()).ok_or_else(bad)? as i64)
        }
        awe::ValType::F32 => awe::Val::F32(parse_f32(a).and_then(|r| r.ok()).ok_or_else(bad)?),
        awe::ValType::F64 => awe::Val::F64(parse_f64(a).and_then(|r| r.ok()).ok_or_else(bad)?),
        other => {
            return Err(Error::msg(format!(
                "arguments of type {other} cannot be given on the command line"
            )));
        }
    })
}

/// A result as text: integers in decimal, floats so that they read back to the same
/// bits.
fn show(v: awe::Val) -> String {
    use awe_module::{Ieee32, Ieee64, Instr};
    // The text form of a constant instruction, without its keyword.
    let konst = |i: Instr| {
        let s = i.to_string();
        s.split_once(' ').map_or(s.clone(), |(_, v)| v.to_owned())
    };
    match v {
        awe::Val::I32(x) => x.to_string(),
        awe::Val::I64(x) => x.to_string(),
        awe::Val::F32(b) => konst(Instr::F32Const { value: Ieee32(b) }),
        awe::Val::F64(b) => konst(Instr::F64Const { value: Ieee64(b) }),
        awe::Val::V128(x) => format!("0x{x:032x}"),
        awe::Val::FuncRef(None) | awe::Val::ExternRef(None) => "null".to_owned(),
        awe::Val::FuncRef(Some(_)) => "funcref".to_owned(),
        awe::Val::ExternRef(Some(r)) => format!("externref {}", r.0),
    }
}
