//! Jump threading on finished code, in place; the pairs of ops.

use super::*;

/// Shortens the paths of branches in finished code, changing ops in place (so every
/// position stays where it was):
/// - a branch to a `Br` goes to that `Br`'s target instead (followed a few steps);
/// - a `Br` to a `Return` becomes that `Return`;
/// - a conditional branch followed by a `Br` back to a loop header (`br_if` out of a
///   loop, then `br` to its start) becomes the opposite branch to the header, followed
///   by a `Br` to where the first branch went (or its return): the loop's way then
///   takes one op instead of two. Only when nothing else jumps to the `Br`.
///
/// `branches` are the positions of the branches, in order (those the translator
/// patched: every branch), and `tables` those of the `br_table`s with their numbers of
/// entries besides the default, in order. Rewriting keeps a branch a branch or makes it a
/// return, so only these places change.
pub(super) fn thread_jumps(
    code: &mut [Op],
    branches: &[usize],
    tables: &[(usize, usize)],
    targeted: &mut Vec<bool>,
) {
    let len = code.len() as i64;
    let target = |code: &[Op], at: usize| -> Option<usize> {
        let t = at as i64 + i64::from(code.get(at)?.branch_offset()?);
        (0..len).contains(&t).then_some(t as usize)
    };
    // The ops up to here are a `br_table`'s entries.
    let mut entries_end = 0;
    let mut next_table = tables.iter().peekable();
    for &at in branches {
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
    // Where some branch lands (`targeted` comes empty).
    targeted.resize(code.len(), false);
    for &at in branches {
        if let Some(t) = target(code, at) {
            targeted[t] = true;
        }
    }
    for &(at, n) in tables {
        let end = (at + 2 + n).min(code.len());
        targeted[at + 1..end].fill(true);
    }
    for &at in branches {
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

/// The pairs: `first { fields } => second: pair, ...;`, the ops a pair's first op may
/// be followed by and the pair it then becomes (with the same fields).
macro_rules! pairs {
    ($( $first:ident $fields:tt => $($second:ident: $pair:ident),+; )*) => {
        /// Whether `op` is the first op of some pair (a look-up by its tag: the pass
        /// over all the code asks it of every op).
        #[inline]
        pub(super) fn starts_pair(op: &Op) -> bool {
            matches!(op, $( Op::$first { .. } )|*)
        }

        /// The pair that `first` becomes when `second` follows it, if any (see the op
        /// table's "pairs": the first op continues with the second by a direct jump to
        /// its handler; the second stays as it is, so that positions do not move and a
        /// branch to the second still runs it alone).
        pub(super) fn pair_of(first: Op, second: Op) -> Option<Op> {
            match (first, second) {
                $($( (Op::$first $fields, Op::$second { .. }) => Some(Op::$pair $fields), )+)*
                _ => None,
            }
        }
    };
}

pairs! {
    I32AddImm { d, a, imm } => I32AddImm: I32AddImmThenAddImm, I32Store: I32AddImmThenStore,
        Br: I32AddImmThenBr, AddImmBrI32NeImm: I32AddImmThenAddImmBrNe;
    I32Load { d, addr, offset } => I32Load: I32LoadThenLoad, I32AddShl: I32LoadThenAddShl,
        I32Store: I32LoadThenStore, I32Add: I32LoadThenAdd;
    I32Store { addr, s, offset } => I32AddImm: I32StoreThenAddImm, I32Store: I32StoreThenStore,
        Br: I32StoreThenBr;
    I32Load8U { d, addr, offset } => I32Load8UBrNe: I32Load8UThenLoad8UBrNe,
        BrTable: I32Load8UThenBrTable, I32ShlImm: I32Load8UThenShlImm;
    I32Load8S { d, addr, offset } => I32AndImm: I32Load8SThenAndImm;
    I64Load { d, addr, offset } => I64Store: I64LoadThenStore;
    I32AddShl { d, a, b, scale } => I32AddImm: I32AddShlThenAddImm;
    Copy { d, s } => Br: CopyThenBr, CallLocal: CopyThenCallLocal;
    Copy2 { d1, s1, d2, s2 } => CallLocal: Copy2ThenCallLocal;
    BrI32AndImmEqz { a, imm, offset } => BrI32AndImmEqz: BrI32AndImmEqzThenAndImmEqz;
    I64AddImm { d, a, imm } => I32Load8U: I64AddImmThenLoad8U;
    I64Load8UOrShl { d, addr, b, shift, offset } => I64Load8UOrShl: I64Load8UOrShlThenOrShl;
    I32Load8UBrNe { d, addr, b, offset, to } => I32AddImm: I32Load8UBrNeThenAddImm;
    AddImmBrI32NeImm { d, a, add, imm, offset } => I32Load8U: AddImmBrI32NeImmThenLoad8U;
}
