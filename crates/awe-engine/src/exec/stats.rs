//! Counts of executed ops and of adjacent pairs (feature `op-stats`), printed to stderr
//! when the thread exits.

use crate::ops::Op;
use std::cell::RefCell;
use std::collections::HashMap;

fn name(op: &Op) -> String {
    let s = format!("{op:?}");
    s.split([' ', '{']).next().unwrap_or("").to_owned()
}

type Kind = std::mem::Discriminant<Op>;

struct Stats {
    ops: HashMap<Kind, (u64, Op)>,
    pairs: HashMap<(Kind, Kind), (u64, Op, Op)>,
    prev: Op,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            ops: HashMap::new(),
            pairs: HashMap::new(),
            prev: Op::Unreachable {},
        }
    }
}

impl Drop for Stats {
    fn drop(&mut self) {
        let total: u64 = self.ops.values().map(|v| v.0).sum();
        let mut ops: Vec<_> = self.ops.values().collect();
        ops.sort_by_key(|o| std::cmp::Reverse(o.0));
        eprintln!("op-stats: {total} ops");
        for (n, op) in ops.iter().take(40) {
            eprintln!(
                "  {:6.2}%  {n:>12}  {}",
                *n as f64 * 100.0 / total as f64,
                name(op)
            );
        }
        let mut pairs: Vec<_> = self.pairs.values().collect();
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0));
        eprintln!("op-stats: pairs");
        for (n, a, b) in pairs.iter().take(40) {
            eprintln!(
                "  {:6.2}%  {n:>12}  {} -> {}",
                *n as f64 * 100.0 / total as f64,
                name(a),
                name(b)
            );
        }
    }
}

thread_local! {
    static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

/// Counts the op at `ip`, and the pair of it and the op counted before it.
///
/// Takes the op's address, not a copy: a copy would be a local whose address the call
/// takes, which keeps the handler's dispatch from being a tail call (every op would
/// then grow the native stack).
#[inline(never)]
pub(super) fn record(ip: *const Op) {
    // SAFETY: the dispatch passes the address of the op it is about to run.
    let op = unsafe { *ip };
    STATS.with(|s| {
        let mut s = s.borrow_mut();
        let prev = std::mem::replace(&mut s.prev, op);
        let d = std::mem::discriminant(&op);
        s.ops.entry(d).or_insert((0, op)).0 += 1;
        s.pairs
            .entry((std::mem::discriminant(&prev), d))
            .or_insert((0, prev, op))
            .0 += 1;
    });
}
