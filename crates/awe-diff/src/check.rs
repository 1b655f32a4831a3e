//! One case through awe and the oracles: the verdict.

use crate::awe_side::{self, ExecOptions};
use crate::compare::{Class, Divergence, compare};
use crate::known;
use crate::oracle::Oracle;
use crate::trace::{NoVerdict, Outcome, PlannedCall, Run};
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// How the oracles split when awe and wasmi 2.0 disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tie {
    /// Both wasmi versions agree with each other: awe is alone.
    AweAlone,
    /// awe and wasmi 1.x agree: wasmi 2.0 is alone (an oracle bug, unless explained).
    Wasmi2Alone,
    /// awe, wasmi 1.x and wasmtime agree: wasmi 2.0 is alone against two independent
    /// engines besides awe (with the feature `wasmtime`).
    Wasmi2AloneConfirmed,
    /// All three differ.
    AllDiffer,
}

impl Tie {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            Tie::AweAlone => "awe alone (wasmi 2.0 = wasmi 1.1)",
            Tie::Wasmi2Alone => "wasmi 2.0 alone (awe = wasmi 1.1)",
            Tie::Wasmi2AloneConfirmed => "wasmi 2.0 alone (awe = wasmi 1.1 = wasmtime)",
            Tie::AllDiffer => "all three differ",
        }
    }
}

/// A divergence that no known oracle bug explains.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The difference between awe and wasmi 2.0.
    pub divergence: Divergence,
    /// What wasmi 1.x says.
    pub tie: Tie,
}

/// The verdict on a case.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// awe and wasmi 2.0 agree (up to the first call with no verdict).
    Agree,
    /// They disagree as a known oracle bug or known difference explains.
    Excluded(&'static str, Class),
    /// They disagree, unexplained.
    Diverge(Finding),
}

/// What running a case found.
#[derive(Clone, Debug)]
pub struct ExecReport {
    /// Calls whose outcome was compared.
    pub calls: usize,
    /// Why the comparison stopped early, if it did (`fuel`, `stack`, `resource`,
    /// `oracle-panic`, `refused`: both refused the module).
    pub no_verdict: Option<&'static str>,
    /// The verdict.
    pub verdict: Verdict,
}

thread_local! {
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that records where a panic happened instead of printing it:
/// the panics of engines are caught and reported as findings.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_LOCATION.with(|p| *p.borrow_mut() = loc);
    }));
}

/// Runs `f`, turning a panic into `Err(message)`.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string payload)".into());
        let loc = PANIC_LOCATION.with(|p| p.borrow_mut().take());
        match loc {
            Some(l) => format!("{msg} at {l}"),
            None => msg,
        }
    })
}

/// Runs `f` on a thread with a 256 MiB stack (so an oracle's deep native recursion
/// runs out of its own limits, not of the stack), returning its result.
pub fn on_big_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawning a thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

fn oracle_run(o: Oracle, bytes: &[u8], calls: &[PlannedCall]) -> Result<Run, String> {
    catch(|| o.run(bytes, calls))
}

fn compared_calls(a: &Run, b: &Run) -> (usize, Option<&'static str>) {
    let mut n = 0;
    for (x, y) in a.calls.iter().zip(&b.calls) {
        for o in [&x.outcome, &y.outcome] {
            if let Outcome::NoVerdict(r) = o {
                return (
                    n,
                    Some(match r {
                        NoVerdict::Fuel => "fuel",
                        NoVerdict::Stack => "stack",
                        NoVerdict::Resource => "resource",
                    }),
                );
            }
        }
        n += 1;
    }
    let inst = |r: &Run| r.instantiate.as_ref().map(|i| i.outcome.clone());
    if let (Some(Outcome::NoVerdict(_)), _) | (_, Some(Outcome::NoVerdict(_))) = (inst(a), inst(b))
    {
        return (0, Some("fuel"));
    }
    (n, None)
}

/// Runs `bytes` in awe and wasmi 2.0 on the plan of `seed` (plus `extra` calls) and
/// compares; on a difference, asks wasmi 1.x and the known oracle bugs.
pub fn check_exec(bytes: &[u8], seed: u64, opts: ExecOptions, extra: &[PlannedCall]) -> ExecReport {
    let plan = |f: &awe_side::FuncExports| {
        let mut p = crate::generator::plan(f, seed);
        p.extend(extra.iter().cloned());
        p
    };
    let (awe, calls) = match catch(|| awe_side::run(bytes, opts, &plan)) {
        Ok(r) => r,
        Err(p) => (
            Run {
                panic: Some(p),
                ..Run::default()
            },
            plan(&Vec::new()),
        ),
    };
    let w2 = match oracle_run(Oracle::Wasmi2, bytes, &calls) {
        Ok(r) => r,
        Err(_) => {
            return ExecReport {
                calls: 0,
                no_verdict: Some("oracle-panic"),
                verdict: Verdict::Agree,
            };
        }
    };
    let (n, mut no_verdict) = compared_calls(&awe, &w2);
    if matches!(awe.compile, Some(Err(_))) && matches!(w2.compile, Some(Err(_))) {
        no_verdict = Some("refused");
    }
    let Some(d) = compare(&awe, &w2, &calls, opts.nan_tolerant) else {
        return ExecReport {
            calls: n,
            no_verdict,
            verdict: Verdict::Agree,
        };
    };
    let calls_done = d.call.unwrap_or(0);
    let w1 = oracle_run(Oracle::Wasmi1, bytes, &calls).unwrap_or_default();
    let awe_w1 = compare(&awe, &w1, &calls, opts.nan_tolerant);
    let w1_w2 = compare(&w1, &w2, &calls, opts.nan_tolerant);
    let tie = match (awe_w1.is_none(), w1_w2.is_none()) {
        (true, _) if wasmtime_agrees(&awe, bytes, &calls, d.call, opts) => {
            Tie::Wasmi2AloneConfirmed
        }
        (true, _) => Tie::Wasmi2Alone,
        (false, true) => Tie::AweAlone,
        (false, false) => Tie::AllDiffer,
    };
    let verdict = match known::explain(bytes, &d, tie, &awe, &w2, &calls) {
        Some(name) => Verdict::Excluded(name, d.class),
        None => Verdict::Diverge(Finding { divergence: d, tie }),
    };
    ExecReport {
        calls: calls_done,
        no_verdict,
        verdict,
    }
}

/// Whether wasmtime agrees with awe, with a verdict of its own at the instantiation and
/// every call up to `at`, the call where awe and wasmi 2.0 diverge (`None`: at the
/// instantiation): fuel or stack exhaustion in wasmtime there confirms nothing, and
/// later calls may stop without a verdict (its call-depth limit is not awe's). `false`
/// without the feature.
fn wasmtime_agrees(
    awe: &Run,
    bytes: &[u8],
    calls: &[PlannedCall],
    at: Option<usize>,
    opts: ExecOptions,
) -> bool {
    #[cfg(feature = "wasmtime")]
    {
        let Ok(wt) = oracle_run(Oracle::Wasmtime, bytes, calls) else {
            return false;
        };
        let needed = at.map_or(0, |k| k + 1);
        let decided = |c: &crate::trace::CallRecord| !matches!(c.outcome, Outcome::NoVerdict(_));
        let complete = wt.instantiate.as_ref().is_some_and(decided)
            && wt.calls.len() >= needed
            && wt.calls[..needed].iter().all(decided);
        complete && compare(awe, &wt, calls, opts.nan_tolerant).is_none()
    }
    #[cfg(not(feature = "wasmtime"))]
    {
        let _ = (awe, bytes, calls, at, opts);
        false
    }
}

/// The class of a case's unexplained divergence and how the oracles split, if it
/// diverges (the shrinking predicate: both must stay, so that the module does not
/// drift to another bug).
pub fn diverging_class(
    bytes: &[u8],
    seed: u64,
    opts: ExecOptions,
    extra: &[PlannedCall],
) -> Option<(Class, Tie)> {
    match check_exec(bytes, seed, opts, extra).verdict {
        Verdict::Diverge(f) => Some((f.divergence.class, f.tie)),
        _ => None,
    }
}
