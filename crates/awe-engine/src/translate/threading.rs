//! Jump threading on finished code, in place.

use super::*;

/// Shortens the paths of branches in finished code, changing ops in place (so every
/// position stays where it was):
/// - a branch to a `Br` goes to that `Br`'s target instead (followed a few steps);
/// - a `Br` to a `Return` becomes that `Return`;
/// - a conditional branch followed by a `Br` back to a loop header (`br_if` out of a
///   loop, then `br` to its start) becomes the opposite branch to the header, followed
///   by a `Br` to where the first branch went (or its return): the loop's way then
///   takes one op instead of two. Only when nothing else jumps to the `Br`.
pub(super) fn thread_jumps(code: &mut [Op]) {
    let len = code.len() as i64;
    let target = |code: &[Op], at: usize| -> Option<usize> {
        let t = at as i64 + i64::from(code[at].branch_offset()?);
        (0..len).contains(&t).then_some(t as usize)
    };
    // Where the branches are, and the `br_table`s (each followed by its entries, which
    // must stay `Br`s): one look at each op. Rewriting keeps a branch a branch or makes
    // it a return, so later passes look only at these places.
    let mut branches = Vec::with_capacity(code.len());
    let mut tables = Vec::new();
    for (at, op) in code.iter().enumerate() {
        if op.branch_offset().is_some() {
            branches.push(at);
        } else if let Op::BrTable { len, .. } = *op {
            tables.push((at, len as usize));
        }
    }
    // The ops up to here are a `br_table`'s entries.
    let mut entries_end = 0;
    let mut next_table = tables.iter().peekable();
    for &at in &branches {
        while let Some(&&(table, n)) = next_table.peek()
            && table < at
        {
            entries_end = table + 1 + n;
            next_table.next();
        }
        let Some(mut t) = target(code, at) else {
            continue;
        };
        // A chain of `Br`s (at most a few, and never round a loop of them).
        for _ in 0..4 {
            match code[t] {
                Op::Br { .. } if t != at => match target(code, t) {
                    Some(next) if next != t => t = next,
                    _ => break,
                },
                _ => break,
            }
        }
        if let Some(offset) = code[at].branch_offset_mut() {
            *offset = (t as i64 - at as i64) as i32;
        }
        if matches!(code[at], Op::Br { .. })
            && at > entries_end
            && let op @ (Op::Return {} | Op::ReturnReg { .. }) = code[t]
        {
            code[at] = op;
        }
    }
    let mut targeted = vec![false; code.len()];
    for &at in &branches {
        if let Some(t) = target(code, at) {
            targeted[t] = true;
        }
    }
    for &(at, n) in &tables {
        let end = (at + 2 + n).min(code.len());
        targeted[at + 1..end].fill(true);
    }
    for &at in &branches {
        if at + 1 < code.len()
            && let Some(t) = target(code, at)
            && !targeted[at + 1]
            && let Op::Br { offset: back } = code[at + 1]
            && back < 0
            && let Some(inverse) = code[at].inverse_branch()
        {
            code[at] = inverse;
            if let Some(offset) = code[at].branch_offset_mut() {
                *offset = back + 1;
            }
            code[at + 1] = match code[t] {
                op @ (Op::Return {} | Op::ReturnReg { .. }) => op,
                _ => Op::Br {
                    offset: (t as i64 - (at as i64 + 1)) as i32,
                },
            };
        }
    }
}
