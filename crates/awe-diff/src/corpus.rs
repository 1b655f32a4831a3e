//! Saved cases: the corpus of past divergences (`corpus/`), replayed by `cargo test`,
//! and the reproducers `awe-diff run` writes.
//!
//! A case is a `.wasm` file, or a `.wat` file without a `.wasm` of the same name. A
//! name ending in `-s<N>` (before the extension) takes its call plan from seed `N`
//! (otherwise seed 0). A text case may add calls, each a comment line
//! `;; invoke NAME ARG... -> EXPECTED`, with arguments as integers or floats of the
//! parameter types, and `EXPECTED` what the call must give, written as the report
//! writes outcomes: `[42 f32:0x0]`, `[]`, `trap unreachable`.

use crate::trace::{PlannedCall, Ty, Value};
use std::path::{Path, PathBuf};

/// A saved case.
#[derive(Clone, Debug)]
pub struct Case {
    /// Where it came from.
    pub path: PathBuf,
    /// The module.
    pub bytes: Vec<u8>,
    /// The seed of its call plan.
    pub seed: u64,
    /// The `;; invoke` lines: export name, argument text, expected outcome text.
    pub invokes: Vec<(String, Vec<String>, Option<String>)>,
}

/// Reads the case at `path`.
pub fn load(path: &Path) -> Result<Case, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let seed = stem
        .rsplit('-')
        .find_map(|p| p.strip_prefix('s').and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let mut invokes = Vec::new();
    let bytes = if data.starts_with(b"\0asm") {
        data
    } else {
        let text = String::from_utf8(data).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix(";; invoke ") else {
                continue;
            };
            let (call, expected) = match rest.split_once("->") {
                Some((c, e)) => (c, Some(e.trim().to_string())),
                None => (rest, None),
            };
            let mut words = call.split_whitespace().map(str::to_string);
            let name = words
                .next()
                .ok_or_else(|| format!("{}: empty invoke", path.display()))?;
            invokes.push((name, words.collect(), expected));
        }
        wat::parse_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    Ok(Case {
        path: path.to_path_buf(),
        bytes,
        seed,
        invokes,
    })
}

/// Every case in `dir`, sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str());
            ext == Some("wasm") || (ext == Some("wat") && !p.with_extension("wasm").exists())
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

/// A value of type `ty` from its text.
pub fn parse_value(ty: Ty, s: &str) -> Option<Value> {
    let int = |s: &str| -> Option<i128> {
        let (neg, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, s),
        };
        let v = match digits.strip_prefix("0x") {
            Some(h) => i128::from_str_radix(h, 16).ok()?,
            None => digits.parse().ok()?,
        };
        Some(if neg { -v } else { v })
    };
    Some(match ty {
        Ty::I32 => Value::I32(int(s)? as u32),
        Ty::I64 => Value::I64(int(s)? as u64),
        Ty::F32 => Value::F32(s.parse::<f32>().ok()?.to_bits()),
        Ty::F64 => Value::F64(s.parse::<f64>().ok()?.to_bits()),
        Ty::FuncRef => Value::FuncRef(false),
        Ty::ExternRef => Value::ExternRef(s.parse().ok()),
        Ty::V128 => return None,
    })
}

/// The planned calls of `case`'s invoke lines (their expectations apart), typed by the
/// module's exports.
pub fn invoke_calls(case: &Case) -> Result<Vec<PlannedCall>, String> {
    if case.invokes.is_empty() {
        return Ok(Vec::new());
    }
    let engine = awe::Engine::default();
    let module = awe::Module::from_binary(&engine, &case.bytes).map_err(|e| e.to_string())?;
    let funcs = crate::awe_side::func_exports(&module);
    case.invokes
        .iter()
        .map(|(name, args, _)| {
            let (_, params, _) = funcs
                .iter()
                .find(|f| &f.0 == name)
                .ok_or_else(|| format!("no export {name}"))?;
            if params.len() != args.len() {
                return Err(format!("{name} takes {} arguments", params.len()));
            }
            let args = params
                .iter()
                .zip(args)
                .map(|(&t, a)| parse_value(t, a).ok_or_else(|| format!("bad argument {a}")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(PlannedCall {
                name: name.clone(),
                args,
            })
        })
        .collect()
}

/// Runs `case` lazily and eagerly through the comparison (which must agree, or
/// disagree only as a known oracle bug explains), and checks every invoke line's
/// expectation against awe.
pub fn check_case(case: &Case) -> Result<(), String> {
    use crate::awe_side::{self, ExecOptions};
    use crate::check::{Verdict, check_exec};
    let invokes = invoke_calls(case)?;
    for (eager, strategy) in [false, true]
        .into_iter()
        .flat_map(|e| awe_side::STRATEGIES.map(|s| (e, s)))
    {
        let opts = ExecOptions {
            eager,
            strategy,
            ..ExecOptions::default()
        };
        if let Verdict::Diverge(f) = check_exec(&case.bytes, case.seed, opts, &invokes).verdict {
            return Err(format!(
                "{} (eager: {eager}, {strategy:?}): {}: {} [{}]",
                case.path.display(),
                f.divergence.class,
                f.divergence.detail,
                f.tie.describe()
            ));
        }
    }
    let (run, _) = awe_side::run(&case.bytes, ExecOptions::default(), &|_| invokes.clone());
    for (i, (name, args, expected)) in case.invokes.iter().enumerate() {
        let Some(expected) = expected else { continue };
        let got = run
            .calls
            .get(i)
            .map_or_else(|| "not called".to_string(), |c| c.outcome.to_string());
        if &got != expected {
            return Err(format!(
                "{}: {name} {}: expected {expected}, got {got}",
                case.path.display(),
                args.join(" ")
            ));
        }
    }
    Ok(())
}
