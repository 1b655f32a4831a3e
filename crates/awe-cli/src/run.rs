//! `awe run FILE --invoke NAME [ARGS...]`: instantiate a module and call a function.

use crate::error::{Error, Result};
use crate::input::Input;
use std::io::{self, Write};
use std::path::PathBuf;

/// Arguments of `awe run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The module, binary or text.
    pub file: PathBuf,
    /// The exported function to call.
    #[arg(long)]
    pub invoke: String,
    /// Fuel for the call (about one unit per instruction); it traps when it runs out.
    #[arg(long)]
    pub fuel: Option<u64>,
    /// The arguments, one per parameter: integers in decimal or 0x hex, floats as in the
    /// text format (`1.5`, `-inf`, `nan`, `nan:0x200000`).
    #[arg(allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Runs `awe run`.
pub fn run(args: &Args) -> Result<()> {
    let input = Input::read(&args.file)?;
    let mut config = awe::Config::new();
    config.consume_fuel(args.fuel.is_some());
    let engine = awe::Engine::new(&config);
    let module = awe::Module::from_module(&engine, input.module()?)
        .map_err(|e| Error::msg(format!("{}: {e}", input.name)))?;
    let mut store = awe::Store::new(&engine, ());
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::msg(e.to_string()))?;
    }
    let instance = awe::Linker::new()
        .instantiate(&mut store, &module)
        .map_err(|e| failure(&e, &module))?;
    let func = instance.get_func(&store, &args.invoke).ok_or_else(|| {
        Error::msg(format!(
            "{}: no exported function {:?}",
            input.name, args.invoke
        ))
    })?;
    let ty = func.ty(&store);
    if args.args.len() != ty.params.len() {
        return Err(Error::msg(format!(
            "{:?} takes {} argument(s) {ty}, {} given",
            args.invoke,
            ty.params.len(),
            args.args.len()
        )));
    }
    let params = ty
        .params
        .iter()
        .zip(&args.args)
        .map(|(t, a)| parse_arg(*t, a))
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

/// An error of the call, with the backtrace of a trap (function names from the name
/// section, byte offsets when the module was binary).
fn failure(e: &awe::Error, module: &awe::Module) -> Error {
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
