//! Golden files of translated code: the ops the translator emits for a corpus of
//! functions, one readable listing per corpus file in `tests/golden/`.
//!
//! The corpus is every function of the benchmark programs (`bench/wasm/*.wasm` but the
//! WASI ones), every
//! module of the translator's own scripts (`tests/misc/*.wast`: fusions, control-flow
//! corner cases, dead code) and `tests/golden/corpus/*.wat`. A change to the
//! translator shows up as a diff of these files that a reviewer can read; `AWE_BLESS=1`
//! rewrites them. The listings also prove that every op the interpreter has is emitted
//! somewhere in the corpus (see `every_op_is_in_the_corpus`).

use awe_engine::ops::Op;
use awe_engine::{CompiledFunc, Config, ModuleCode};
use awe_module::{FuncIdx, Module};
use awe_text::wast::{DirectiveKind, ModuleSource};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// One function's listing: its frame layout, then one op per line with its position.
fn listing(out: &mut String, name: &str, c: &CompiledFunc, seen: &mut BTreeSet<usize>) {
    writeln!(
        out,
        "func {name}: params {}, locals {}, results {}, frame {}, init {:?}",
        c.params, c.locals, c.results, c.frame_size, c.init
    )
    .unwrap();
    for (i, op) in c.code.iter().enumerate() {
        seen.insert(op.tag());
        writeln!(out, "  {i:4}  {op:?}").unwrap();
    }
    for h in &c.handlers {
        writeln!(out, "  try_table ops {}..{}:", h.start, h.end).unwrap();
        for k in &c.catches[h.first as usize..(h.first + h.count) as usize] {
            let what = match (k.tag, k.with_ref) {
                (Some(t), false) => format!("catch tag {t}"),
                (Some(t), true) => format!("catch_ref tag {t}"),
                (None, false) => "catch_all".to_owned(),
                (None, true) => "catch_all_ref".to_owned(),
            };
            let cells = u32::from(k.base)..u32::from(k.base) + u32::from(k.cells);
            writeln!(out, "    {what}: pad {}, cells {cells:?}", k.pad).unwrap();
        }
    }
}

/// Where translated code gets checkpoints (see the engine's `Config`).
#[derive(Clone, Copy)]
enum Checkpoints {
    /// None (the default configuration).
    None,
    /// At loop headers (`Config::interruptible`).
    Loops,
    /// At every block, counting fuel (`Config::fuel`).
    Fuel,
}

/// The listing of every defined function of `module` (translated with `checkpoints`).
fn module_listing(
    out: &mut String,
    module: Module,
    checkpoints: Checkpoints,
    seen: &mut BTreeSet<usize>,
) {
    let valid = awe_validate::validate(module).expect("corpus modules are valid");
    let config = Config {
        fuel: matches!(checkpoints, Checkpoints::Fuel),
        interruptible: matches!(checkpoints, Checkpoints::Loops),
        ..Config::default()
    };
    let code = ModuleCode::for_config(valid, &config);
    let m = code.module();
    let imported = m.num_imported_funcs();
    for i in 0..m.funcs.len() {
        let index = FuncIdx(imported + i as u32);
        let name = m
            .names
            .funcs
            .iter()
            .find(|(j, _)| *j == index)
            .map(|(_, s)| format!("{} ${s}", index.0))
            .unwrap_or_else(|| index.0.to_string());
        match code.ensure(i) {
            Ok(c) => listing(out, &name, c, seen),
            Err(e) => writeln!(out, "func {name}: not translated: {e}").unwrap(),
        }
    }
}

/// Compares `text` with golden file `name` (or writes it, with `AWE_BLESS=1`).
fn check(name: &str, text: &str) -> Result<(), String> {
    let path = golden_dir().join(name);
    if std::env::var_os("AWE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return Ok(());
    }
    let want = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (AWE_BLESS=1 writes it)", path.display()))?;
    if want == text {
        return Ok(());
    }
    let first = want
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(text.lines().count()));
    Err(format!(
        "{} differs at line {} (AWE_BLESS=1 rewrites it): expected {:?}, got {:?}",
        path.display(),
        first + 1,
        want.lines().nth(first).unwrap_or("<end>"),
        text.lines().nth(first).unwrap_or("<end>")
    ))
}

/// Each corpus file, as (golden file name, modules, checkpoints).
fn corpus() -> Vec<(String, Vec<Module>, Checkpoints)> {
    let mut out = Vec::new();
    let files = |dir: PathBuf, ext: &str| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        v.sort();
        v
    };
    for p in files(root().join("bench/wasm"), "wasm") {
        let bytes = std::fs::read(&p).unwrap();
        let m = awe_binary::decode(&bytes).unwrap();
        // The WASI programs (SQLite) are large real programs: measured (bench/wasi-compare),
        // not pinned line by line.
        if m.imports.iter().any(|i| i.module.starts_with("wasi")) {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((format!("bench/{stem}.txt"), vec![m], Checkpoints::None));
    }
    for p in files(root().join("tests/misc"), "wast") {
        let src = std::fs::read_to_string(&p).unwrap();
        let script = awe_text::parse_script(&src).unwrap();
        let modules: Vec<Module> = script
            .directives
            .into_iter()
            .filter_map(|d| match d.kind {
                DirectiveKind::Module(m) => match m.source {
                    ModuleSource::Text(Ok(m)) => awe_validate::check(&m).is_ok().then_some(*m),
                    ModuleSource::Binary(b) => awe_binary::decode(&b)
                        .ok()
                        .filter(|m| awe_validate::check(m).is_ok()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((format!("misc/{stem}.txt"), modules, Checkpoints::None));
    }
    for p in files(golden_dir().join("corpus"), "wat") {
        let src = std::fs::read_to_string(&p).unwrap();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        // The first line names the checkpoints to translate with, one listing each.
        let first = src.lines().next().unwrap_or_default();
        let modes = first.strip_prefix(";; golden:").unwrap_or_else(|| {
            panic!(
                "{}: first line `;; golden: none|loops|fuel ...`",
                p.display()
            )
        });
        for mode in modes.split_whitespace() {
            let (checkpoints, suffix) = match mode {
                "none" => (Checkpoints::None, ""),
                "loops" => (Checkpoints::Loops, ".loops"),
                "fuel" => (Checkpoints::Fuel, ".fuel"),
                _ => panic!("{}: unknown checkpoints {mode}", p.display()),
            };
            let m = awe_text::parse_module(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((format!("corpus/{stem}{suffix}.txt"), vec![m], checkpoints));
        }
    }
    out
}

#[test]
fn translated_code_matches_the_golden_files() {
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    for (name, modules, checkpoints) in corpus() {
        let mut text = String::new();
        for (i, m) in modules.into_iter().enumerate() {
            writeln!(text, ";; module {i}").unwrap();
            module_listing(&mut text, m, checkpoints, &mut seen);
        }
        if let Err(e) = check(&name, &text) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_op_is_in_the_corpus() {
    let mut seen = BTreeSet::new();
    for (_, modules, checkpoints) in corpus() {
        let mut text = String::new();
        for m in modules {
            module_listing(&mut text, m, checkpoints, &mut seen);
        }
    }
    let missing: Vec<&str> = (0..Op::COUNT)
        .filter(|t| !seen.contains(t))
        .map(|t| Op::variant_name(t).unwrap())
        .collect();
    assert!(
        missing.is_empty(),
        "ops no corpus function emits (add one to tests/golden/corpus/): {missing:?}"
    );
}
