//! The check of finished code that the interpreter's unchecked fetches rely on.

use super::*;

/// Checks what the interpreter relies on to fetch ops without bounds checks: the code
/// ends with an op that does not fall through, every branch lands on an op of the code
/// (which also proves it was patched), and every `br_table`'s entries follow it.
pub(super) fn check_code(code: &[Op]) -> std::result::Result<(), String> {
    if !matches!(
        code.last(),
        Some(Op::Return {} | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable {})
    ) {
        return Err("the code falls through its end".into());
    }
    for (at, op) in code.iter().enumerate() {
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
    }
    Ok(())
}
