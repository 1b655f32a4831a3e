//! Counting what a run saw, and the summary printed at its end.

use crate::check::{ExecReport, Tie, Verdict};
use crate::compare::Class;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Counters of a run.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Generated modules.
    pub modules: u64,
    /// Generated modules that use SIMD.
    pub simd_modules: u64,
    /// Seeds whose byte stream made no module.
    pub not_generated: u64,
    /// Mutated modules.
    pub mutated: u64,
    /// Mutated modules both engines refused.
    pub mutated_refused: u64,
    /// Calls compared.
    pub calls: u64,
    /// Cases stopped early, by reason.
    pub no_verdict: BTreeMap<&'static str, u64>,
    /// Unexplained divergences, by class.
    pub divergences: BTreeMap<Class, u64>,
    /// Divergences where wasmi 2.0 is alone (awe = wasmi 1.1) that no known bug
    /// explains: likely oracle bugs, still to be characterized, by class.
    pub wasmi2_alone: BTreeMap<Class, u64>,
    /// Of those, the ones wasmtime settled: it agrees with awe and wasmi 1.x (only
    /// with the feature `wasmtime`), by class.
    pub wasmi2_alone_confirmed: BTreeMap<Class, u64>,
    /// Set-aside divergences, by known bug.
    pub excluded: BTreeMap<&'static str, u64>,
    /// Round-trip checks done.
    pub roundtrips: u64,
    /// Seconds spent.
    pub seconds: f64,
}

impl Stats {
    /// Adds one case's report.
    pub fn add(&mut self, r: &ExecReport, mutated: bool) {
        self.calls += r.calls as u64;
        if let Some(n) = r.no_verdict {
            if n == "refused" && mutated {
                self.mutated_refused += 1;
            } else {
                *self.no_verdict.entry(n).or_default() += 1;
            }
        }
        match &r.verdict {
            Verdict::Agree => {}
            Verdict::Excluded(name, _) => *self.excluded.entry(name).or_default() += 1,
            Verdict::Diverge(f) if f.tie == Tie::Wasmi2Alone => {
                *self.wasmi2_alone.entry(f.divergence.class).or_default() += 1
            }
            Verdict::Diverge(f) if f.tie == Tie::Wasmi2AloneConfirmed => {
                *self.wasmi2_alone.entry(f.divergence.class).or_default() += 1;
                *self
                    .wasmi2_alone_confirmed
                    .entry(f.divergence.class)
                    .or_default() += 1
            }
            Verdict::Diverge(f) => *self.divergences.entry(f.divergence.class).or_default() += 1,
        }
    }

    /// Unexplained divergences (awe panics included), and with `strict` also those
    /// where wasmi 2.0 alone disagrees and wasmtime did not settle it.
    pub fn unexplained(&self, strict: bool) -> u64 {
        let confirmed: u64 = self.wasmi2_alone_confirmed.values().sum();
        let alone: u64 = self.wasmi2_alone.values().sum::<u64>() - confirmed;
        self.divergences.values().sum::<u64>() + if strict { alone } else { 0 }
    }

    /// The summary, several lines.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "modules:            {} ({} with SIMD; {} seeds made none)",
            self.modules, self.simd_modules, self.not_generated
        );
        let _ = writeln!(
            s,
            "mutated modules:    {} ({} refused by both)",
            self.mutated, self.mutated_refused
        );
        if self.roundtrips > 0 {
            let _ = writeln!(s, "round trips:        {}", self.roundtrips);
        }
        let _ = writeln!(s, "calls compared:     {}", self.calls);
        let _ = writeln!(
            s,
            "no verdict:         {}",
            list(self.no_verdict.iter().map(|(k, v)| (k.to_string(), *v)))
        );
        let by_class = |m: &BTreeMap<Class, u64>| list(m.iter().map(|(k, v)| (k.to_string(), *v)));
        let _ = writeln!(s, "divergences:        {}", by_class(&self.divergences));
        let _ = writeln!(
            s,
            "wasmi 2.0 alone:    {} (of which wasmtime agrees with awe: {})",
            by_class(&self.wasmi2_alone),
            by_class(&self.wasmi2_alone_confirmed)
        );
        let _ = writeln!(
            s,
            "oracle bugs/known:  {}",
            list(self.excluded.iter().map(|(k, v)| (k.to_string(), *v)))
        );
        let secs = self.seconds.max(1e-9);
        let _ = writeln!(
            s,
            "time:               {:.1} s, {:.0} calls/s, {:.1} modules/s",
            self.seconds,
            self.calls as f64 / secs,
            (self.modules + self.mutated) as f64 / secs
        );
        s
    }
}

fn list(items: impl Iterator<Item = (String, u64)>) -> String {
    let v: Vec<String> = items.map(|(k, n)| format!("{k} {n}")).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}
