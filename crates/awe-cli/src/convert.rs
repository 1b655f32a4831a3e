//! `awe build` (text to binary), `awe print` (binary to text) and `awe validate`.

use crate::error::{Error, Result};
use crate::input::Input;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Arguments of `awe build`.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The module, in the text format (or binary, which is checked and rewritten).
    pub file: PathBuf,
    /// Where to write the binary module: `-` for standard output; by default the input
    /// file name with the extension `.wasm`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Write the binary even if the module is not valid.
    #[arg(long)]
    pub no_check: bool,
}

/// Arguments of `awe print`.
#[derive(clap::Args, Debug)]
pub struct PrintArgs {
    /// The module, binary or text.
    pub file: PathBuf,
    /// Where to write the text: a file, or standard output by default.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `awe validate`.
#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// The module, binary or text.
    pub file: PathBuf,
    /// The features the module may use beyond WebAssembly 2.0's base, all by default:
    /// a comma-separated list of simd, relaxed-simd, extended-const, tail-call,
    /// multi-memory, memory64, exceptions, gc (so far: recursion groups), where
    /// a leading `-` turns one off, `none` all of WebAssembly 3.0 (leaving 2.0, SIMD
    /// included) and `all` all on: `--features none,tail-call`, `--features=-memory64`,
    /// `--features none,-simd`.
    #[arg(long, value_name = "LIST")]
    pub features: Option<String>,
}

/// Runs `awe validate`: nothing is printed for a valid module.
pub fn validate(args: &ValidateArgs) -> Result<()> {
    let input = Input::read(&args.file)?;
    let features = crate::features::parse(args.features.as_deref())?;
    awe_validate::check_with(&input.module()?, features)
        .map_err(|e| Error::msg(format!("{}: invalid module: {e}", input.name)))
}

/// Runs `awe build`.
pub fn build(args: &BuildArgs) -> Result<()> {
    let input = Input::read(&args.file)?;
    let module = input.module()?;
    if !args.no_check {
        awe_validate::check(&module).map_err(|e| {
            Error::msg(format!(
                "{}: invalid module: {e} (--no-check writes it anyway)",
                input.name
            ))
        })?;
    }
    let bytes = awe_binary::encode(&module);
    let output = match &args.output {
        Some(o) => o.clone(),
        None if args.file.as_os_str() == "-" => PathBuf::from("-"),
        None => args.file.with_extension("wasm"),
    };
    if output == args.file {
        return Err(Error::msg(format!(
            "{}: would overwrite the input; name an output with -o",
            input.name
        )));
    }
    write_output(&output, &bytes)
}

/// Runs `awe print`.
pub fn print(args: &PrintArgs) -> Result<()> {
    let input = Input::read(&args.file)?;
    let text = awe_text::print(&input.module()?);
    write_output(
        args.output.as_deref().unwrap_or(Path::new("-")),
        text.as_bytes(),
    )
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    std::fs::write(path, bytes)
        .map_err(|e| Error::msg(format!("{}: cannot write: {e}", path.display())))
}
