//! The last pass over finished code: cells numbered as the frame has them, pairs made,
//! and the check that lets the interpreter fetch ops unchecked.

use super::threading::{pair_of, starts_pair};
use super::*;

/// How the cells of code numbered while translating become the frame's: parameters and
/// locals (below `nlocals`) keep their numbers, and so do the results' cells, which
/// `return` writes by number (below `first_temp`, where the temporaries began); the
/// `nconsts` constants, counted down from the last cell (see `const_cell`), come next,
/// then the temporaries. The frame must fit `MAX_REGS` both ways.
pub(super) struct Cells {
    pub(super) nlocals: usize,
    pub(super) first_temp: usize,
    pub(super) nconsts: usize,
}

impl Cells {
    fn renumbers(&self) -> bool {
        self.nconsts != 0 || self.first_temp != self.nlocals
    }

    #[inline(always)]
    fn place(&self, op: &mut Op) {
        let consts = MAX_REGS - self.nconsts..MAX_REGS;
        op.for_each_cell_mut(|r| {
            let cell = usize::from(*r);
            if consts.contains(&cell) {
                *r = (self.nlocals + (MAX_REGS - 1 - cell)) as Reg;
            } else if cell >= self.first_temp {
                *r = (cell - self.first_temp + self.nlocals + self.nconsts) as Reg;
            }
        });
    }

    /// Numbers one cell as the frame has it.
    #[inline(always)]
    pub(super) fn place_cell(&self, r: &mut Reg) {
        let cell = usize::from(*r);
        if (MAX_REGS - self.nconsts..MAX_REGS).contains(&cell) {
            *r = (self.nlocals + (MAX_REGS - 1 - cell)) as Reg;
        } else if cell >= self.first_temp {
            *r = (cell - self.first_temp + self.nlocals + self.nconsts) as Reg;
        }
    }
}

/// Finishes translated code in one pass: numbers its cells (`cells`), makes pairs (an op
/// followed by the op its pair names becomes the pair, see `pair_of`; the second op is
/// not the first of another pair), and checks what the interpreter relies on to fetch
/// ops without bounds checks: the code ends with an op that does not fall through,
/// every branch lands on an op of the code (which also proves it was patched), and
/// every `br_table`'s entries follow it.
pub(super) fn finish(code: &mut [Op], cells: &Cells) -> std::result::Result<(), String> {
    if !matches!(
        code.last(),
        Some(Op::Return {} | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable {})
    ) {
        return Err("the code falls through its end".into());
    }
    let renumber = cells.renumbers();
    // Whether the op before is the second op of a pair.
    let mut second = false;
    for at in 0..code.len() {
        if renumber {
            cells.place(&mut code[at]);
        }
        if at == 0 {
            continue;
        }
        second = !second
            && starts_pair(&code[at - 1])
            && match pair_of(code[at - 1], code[at]) {
                Some(pair) => {
                    code[at - 1] = pair;
                    true
                }
                None => false,
            };
        // The op before is final now.
        check_op(code, at - 1)?;
    }
    check_op(code, code.len() - 1)
}

/// Checks finished code as [`finish`] does, without changing it: for code that was not
/// translated here (precompiled).
pub(crate) fn check_code(code: &[Op]) -> std::result::Result<(), String> {
    if !matches!(
        code.last(),
        Some(Op::Return {} | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable {})
    ) {
        return Err("the code falls through its end".into());
    }
    (0..code.len()).try_for_each(|at| check_op(code, at))
}

/// Checks the op at `at` (see [`finish`]); most ops neither branch nor are a `br_table`,
/// which two looks at the tag tell.
#[inline(always)]
fn check_op(code: &[Op], at: usize) -> std::result::Result<(), String> {
    let op = &code[at];
    if op.is_branch() || matches!(op, Op::BrTable { .. }) {
        check_jumps(code, at)
    } else {
        Ok(())
    }
}

/// Checks the op at `at`: a branch lands in the code, a `br_table`'s entries follow it.
#[inline(never)]
fn check_jumps(code: &[Op], at: usize) -> std::result::Result<(), String> {
    let op = &code[at];
    if let Some(offset) = op.branch_offset() {
        let target = at as i64 + i64::from(offset);
        if target < 0 || target >= code.len() as i64 {
            return Err(format!("op {at} branches to {target}"));
        }
    }
    if let Op::BrTable { len, .. } = op
        && (at + 1 + *len as usize >= code.len()
            || !code[at + 1..=at + 1 + *len as usize]
                .iter()
                .all(|e| matches!(e, Op::Br { .. })))
    {
        return Err(format!("br_table at op {at} lacks entries"));
    }
    Ok(())
}
