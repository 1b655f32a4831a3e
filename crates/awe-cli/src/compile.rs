//! `awe compile`: a module to its precompiled form, which `awe run --allow-precompiled`
//! loads without translating its functions again.

use crate::error::{Error, Result};
use crate::input::Input;
use std::path::PathBuf;

/// Arguments of `awe compile`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The module, binary or text.
    pub file: PathBuf,
    /// Where to write the precompiled module: by default the input file name with the
    /// extension `.cwasm`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Make code that counts fuel, for `awe run --fuel N`.
    #[arg(long)]
    pub fuel: bool,
    /// Make code that can be interrupted in loops, for `awe run -W timeout=...`.
    #[arg(long)]
    pub interruptible: bool,
}

/// Runs `awe compile`.
pub fn run(args: &Args) -> Result<()> {
    let input = Input::read(&args.file)?;
    let mut config = awe::Config::new();
    config.consume_fuel(args.fuel);
    config.interruptible(args.interruptible);
    let engine = awe::Engine::new(&config).map_err(|e| Error::msg(e.to_string()))?;
    let module = if input.is_text() {
        awe::Module::from_module(&engine, input.module()?)
    } else {
        awe::Module::from_shared(&engine, &input.bytes)
    }
    .map_err(|e| Error::msg(format!("{}: {e}", input.name)))?;
    let bytes = module
        .serialize()
        .map_err(|e| Error::msg(format!("{}: {e}", input.name)))?;
    let output = match &args.output {
        Some(o) => o.clone(),
        None if args.file.as_os_str() == "-" => {
            return Err(Error::msg("<stdin>: name an output with -o"));
        }
        None => args.file.with_extension("cwasm"),
    };
    if output == args.file {
        return Err(Error::msg(format!(
            "{}: would overwrite the input; name an output with -o",
            input.name
        )));
    }
    std::fs::write(&output, bytes)
        .map_err(|e| Error::msg(format!("{}: cannot write: {e}", output.display())))
}
