//! `awe wast`: run WAST scripts (the official test suite's format) and report.
//!
//! Each failure is printed as `file:line: directive: expected ..., got ...`, and the
//! last line is `N passed, N failed` (with `, N skipped` when any were). Directives that
//! need a capability awe does not have yet are skipped, never passed or failed. When
//! any directive failed, the command ends with an error (exit code 1).

use crate::error::{Error, Result};
use crate::input::Input;
use awe_wast::{Awe, Counts, Limit, run_script_with};
use std::io::{self, Write};
use std::path::PathBuf;

/// Arguments of `awe wast`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scripts (`.wast`); `-` reads one from standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Also show every directive that passed or was skipped (with the reason), and
    /// each script's counts.
    #[arg(short, long)]
    verbose: bool,
    /// The features (SIMD and WebAssembly 3.0's) modules may use (all by default; see
    /// `awe validate --help`).
    #[arg(long, value_name = "LIST")]
    features: Option<String>,
    /// How functions run: `interp`, `jit` or `tiered` (see `awe run --help`).
    #[arg(long, value_enum, default_value_t)]
    strategy: crate::strategy::StrategyArg,
}

/// Runs the scripts in order and prints what failed and the counts.
pub fn run(args: &Args) -> Result<()> {
    // Read every script first, so that a missing file stops the command before any runs.
    let mut scripts = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let input = Input::read(path)?;
        let src = String::from_utf8(input.bytes.to_vec()).map_err(|e| {
            Error::msg(format!(
                "{}: malformed UTF-8 encoding at offset {}",
                input.name,
                e.utf8_error().valid_up_to()
            ))
        })?;
        scripts.push((input.name, src));
    }
    let features = crate::features::parse(args.features.as_deref())?;
    let mut out = io::stdout().lock();
    let mut all = Counts::default();
    for (name, src) in &scripts {
        let mut awe = Awe::with_strategy(Limit::Fuel, features, args.strategy.into(), 1000);
        let report = run_script_with(&mut awe, name, src);
        for r in &report.results {
            if args.verbose || r.outcome.is_failed() {
                writeln!(out, "{name}:{r}")?;
            }
        }
        let counts = report.counts();
        if args.verbose {
            writeln!(
                out,
                "{name}: passed {}, failed {}, skipped {}",
                counts.passed, counts.failed, counts.skipped
            )?;
        }
        all += counts;
    }
    writeln!(out, "{all}")?;
    out.flush()?;
    if all.failed > 0 {
        let directives = if all.failed == 1 {
            "directive"
        } else {
            "directives"
        };
        return Err(Error::msg(format!("{} {directives} failed", all.failed)));
    }
    Ok(())
}
