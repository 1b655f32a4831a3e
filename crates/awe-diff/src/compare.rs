//! Comparing two engines' [`Run`]s: the first difference, classified.

use crate::trace::*;
use std::fmt;

/// The kind of a divergence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// One engine accepts the module, the other refuses it.
    Validate,
    /// Instantiation (or the start function) ends differently.
    Instantiate,
    /// Different results.
    Result,
    /// One engine traps, the other returns.
    TrapVsValue,
    /// Both trap, differently.
    TrapKind,
    /// An exported or host memory differs after a call.
    Memory,
    /// A global differs after a call.
    Global,
    /// A table differs after a call.
    Table,
    /// The host functions were called differently.
    HostLog,
    /// awe panicked.
    Panic,
    /// awe failed to translate a function of a module the oracle runs.
    TranslateError,
    /// A round trip of the binary or text format changed the module.
    Roundtrip,
    /// awe did not finish in time.
    Hang,
    /// Anything else (an API error in one engine only).
    Other,
}

impl Class {
    /// Every class, in order.
    pub const ALL: [Class; 14] = [
        Class::Validate,
        Class::Instantiate,
        Class::Result,
        Class::TrapVsValue,
        Class::TrapKind,
        Class::Memory,
        Class::Global,
        Class::Table,
        Class::HostLog,
        Class::Panic,
        Class::TranslateError,
        Class::Roundtrip,
        Class::Hang,
        Class::Other,
    ];

    /// The name (also the prefix of saved reproducers).
    pub fn name(self) -> &'static str {
        match self {
            Class::Validate => "validate",
            Class::Instantiate => "instantiate",
            Class::Result => "result",
            Class::TrapVsValue => "trap-vs-value",
            Class::TrapKind => "trap-kind",
            Class::Memory => "memory",
            Class::Global => "global",
            Class::Table => "table",
            Class::HostLog => "host-log",
            Class::Panic => "panic",
            Class::TranslateError => "translate-error",
            Class::Roundtrip => "roundtrip",
            Class::Hang => "hang",
            Class::Other => "other",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A difference between two runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    /// Its class.
    pub class: Class,
    /// The call it happened at (`None`: compile, translation or instantiation).
    pub call: Option<usize>,
    /// What each side did.
    pub detail: String,
}

fn div(class: Class, call: Option<usize>, detail: String) -> Option<Divergence> {
    Some(Divergence {
        class,
        call,
        detail,
    })
}

fn same_outcome(a: &Outcome, b: &Outcome, nan_tolerant: bool) -> bool {
    match (a, b) {
        (Outcome::Values(x), Outcome::Values(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.same(b, nan_tolerant))
        }
        (Outcome::Trap(x), Outcome::Trap(y)) => x == y,
        (Outcome::Error(_), Outcome::Error(_)) => true,
        (a, b) => a == b,
    }
}

fn outcome_class(a: &Outcome, b: &Outcome) -> Class {
    match (a, b) {
        (Outcome::Trap(TrapKind::Unsupported(_)), _) => Class::TranslateError,
        (Outcome::Values(_), Outcome::Values(_)) => Class::Result,
        (Outcome::Trap(_), Outcome::Trap(_)) => Class::TrapKind,
        (Outcome::Trap(_), Outcome::Values(_)) | (Outcome::Values(_), Outcome::Trap(_)) => {
            Class::TrapVsValue
        }
        _ => Class::Other,
    }
}

fn compare_state(a: &State, b: &State, call: Option<usize>) -> Option<Divergence> {
    // The engines list exports in different orders.
    let sorted = |s: &State| {
        let mut s = s.clone();
        s.sort_by(|x, y| x.0.cmp(&y.0));
        s
    };
    let (a, b) = (sorted(a), sorted(b));
    for (x, y) in a.iter().zip(&b) {
        if x == y {
            continue;
        }
        let class = match (&x.1, &y.1) {
            (ItemState::Memory { .. }, ItemState::Memory { .. }) => Class::Memory,
            (ItemState::Global(_), ItemState::Global(_)) => Class::Global,
            (ItemState::Table(_), ItemState::Table(_)) => Class::Table,
            _ => Class::Other,
        };
        let show = |s: &ItemState| match s {
            ItemState::Memory { pages, hash } => format!("{pages} pages, hash {hash:#x}"),
            ItemState::Global(v) => v.to_string(),
            ItemState::Table(t) => format!(
                "{} elements, non-null at {:?}",
                t.len(),
                t.iter()
                    .enumerate()
                    .filter(|e| *e.1)
                    .map(|e| e.0)
                    .collect::<Vec<_>>()
            ),
        };
        return div(
            class,
            call,
            format!("{:?}: {} vs {:?}: {}", x.0, show(&x.1), y.0, show(&y.1)),
        );
    }
    if a.len() != b.len() {
        return div(
            Class::Other,
            call,
            format!("{} items vs {} items", a.len(), b.len()),
        );
    }
    None
}

fn compare_record(
    a: &CallRecord,
    b: &CallRecord,
    call: Option<usize>,
    what: &str,
    nan_tolerant: bool,
) -> Option<Divergence> {
    if matches!(a.outcome, Outcome::NoVerdict(_)) || matches!(b.outcome, Outcome::NoVerdict(_)) {
        return None;
    }
    if !same_outcome(&a.outcome, &b.outcome, nan_tolerant) {
        let class = match call {
            None if !matches!(a.outcome, Outcome::Trap(TrapKind::Unsupported(_))) => {
                Class::Instantiate
            }
            _ => outcome_class(&a.outcome, &b.outcome),
        };
        return div(
            class,
            call,
            format!("{what}: {} vs {}", a.outcome, b.outcome),
        );
    }
    if a.host != b.host {
        return div(
            Class::HostLog,
            call,
            format!("{what}: host calls {:?} vs {:?}", a.host, b.host),
        );
    }
    compare_state(&a.state, &b.state, call).map(|mut d| {
        d.detail = format!("after {what}: {}", d.detail);
        d
    })
}

/// The first difference between `a` (awe, or the side under test) and `b` (the
/// oracle), both run on `calls`. Calls after one with no verdict are not compared.
pub fn compare(a: &Run, b: &Run, calls: &[PlannedCall], nan_tolerant: bool) -> Option<Divergence> {
    if let Some(p) = &a.panic {
        return div(Class::Panic, None, format!("panic: {p}"));
    }
    match (&a.compile, &b.compile) {
        (Some(Ok(())), Some(Err(e))) => {
            return div(Class::Validate, None, format!("accepted vs refused: {e}"));
        }
        (Some(Err(e)), Some(Ok(()))) => {
            return div(Class::Validate, None, format!("refused: {e} vs accepted"));
        }
        (Some(Err(_)), _) | (_, Some(Err(_))) | (None, _) | (_, None) => return None,
        (Some(Ok(())), Some(Ok(()))) => {}
    }
    if let Some(Err(e)) = &a.translate {
        return div(Class::TranslateError, None, e.clone());
    }
    match (&a.instantiate, &b.instantiate) {
        (Some(x), Some(y)) => {
            if let Some(d) = compare_record(x, y, None, "instantiation", nan_tolerant) {
                return Some(d);
            }
            if !matches!(x.outcome, Outcome::Values(_)) {
                return None;
            }
        }
        _ => return None,
    }
    for (i, (x, y)) in a.calls.iter().zip(&b.calls).enumerate() {
        let what = calls
            .get(i)
            .map_or_else(|| format!("call {i}"), |c| c.to_string());
        if let Some(d) = compare_record(x, y, Some(i), &what, nan_tolerant) {
            return Some(d);
        }
        if matches!(x.outcome, Outcome::NoVerdict(_)) || matches!(y.outcome, Outcome::NoVerdict(_))
        {
            return None;
        }
    }
    None
}
