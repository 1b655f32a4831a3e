//! `awe`, the command line tool of the awe WebAssembly engine.
//!
//! Every subcommand returns a [`Result`]; an error is printed as `error: <message>` on
//! standard error and the process exits with code 1. Usage errors found by clap keep
//! clap's own message and exit code (2).

mod compile;
mod convert;
mod error;
mod features;
mod input;
mod inspect;
mod run;
mod strategy;
mod wast;

use clap::{Parser, Subcommand};
use error::{Error, Result};
use std::io::Write;
use std::process::ExitCode;

/// The command line: one subcommand per task.
#[derive(Parser, Debug)]
#[command(
    name = "awe",
    version,
    about = "awe: a WebAssembly engine",
    propagate_version = true
)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. Each has its own module and argument struct.
#[derive(Subcommand, Debug)]
enum Command {
    /// Run a WASI program (its `_start`), or call one exported function with --invoke.
    Run(run::RawArgs),
    /// Show what a module holds: sections, imports, exports, names; or, with --hex,
    /// every byte of its binary form and what it means.
    Inspect(inspect::Args),
    /// Turn a module in the text format into a binary module.
    Build(convert::BuildArgs),
    /// Print a module in the text format.
    Print(convert::PrintArgs),
    /// Check that a module is valid: exit code 0 if it is, the reason and 1 if not.
    Validate(convert::ValidateArgs),
    /// Precompile a module: its functions translated, for `awe run --allow-precompiled`
    /// (a file for this build of awe only).
    Compile(compile::Args),
    /// Run WAST scripts (the official test suite's format): each failure, then
    /// "N passed, N failed, N skipped". Exit code 1 if any directive failed.
    Wast(wast::Args),
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(&args.resolve()?),
        Command::Inspect(args) => inspect::run(&args),
        Command::Build(args) => convert::build(&args),
        Command::Print(args) => convert::print(&args),
        Command::Validate(args) => convert::validate(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Wast(args) => wast::run(&args),
    }
}

/// clap's own words besides the subcommands' names, which `awe NAME` also means.
const CLAP_WORDS: &[&str] = &["help", "-h", "--help", "-V", "--version"];

/// The command line with `run` put in when no subcommand is named: anything else first
/// (not a subcommand's name, nor one of clap's words) is a module to run, so that
/// `awe prog.wasm ARGS` is `awe run prog.wasm ARGS` and `awe --invoke f m.wat` is
/// `awe run --invoke f m.wat`.
fn args_with_default_command() -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = Cli::command();
    if let Some(first) = args.get(1)
        && !CLAP_WORDS.iter().any(|w| first == *w)
        && !command.get_subcommands().any(|c| first == c.get_name())
    {
        args.insert(1, "run".into());
    }
    args
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(args_with_default_command());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`awe inspect --hex x.wasm | head`): not
        // an error worth reporting.
        Err(Error::BrokenPipe) => ExitCode::SUCCESS,
        // WASI's `proc_exit` allows 0..126 only, so the code fits.
        Err(Error::Exit(code)) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            // Nothing more can be done if standard error is gone too.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}
