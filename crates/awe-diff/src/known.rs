//! Known oracle bugs and known differences: each a matcher for its precise shape, so
//! that it is set aside without hiding anything else (see `ORACLE_BUGS.md`).

use crate::check::Tie;
use crate::compare::{Class, Divergence};
use crate::generator::AWE_FEATURES;
use crate::trace::{PlannedCall, Run};
use wasmparser::{Validator, WasmFeatures};

fn wasmparser_accepts(bytes: &[u8], features: WasmFeatures) -> bool {
    Validator::new_with_features(features)
        .validate_all(bytes)
        .is_ok()
}

/// The name of the known bug or difference that explains `d`, if one does.
pub fn explain(
    bytes: &[u8],
    d: &Divergence,
    tie: Tie,
    awe: &Run,
    _wasmi2: &Run,
    _calls: &[PlannedCall],
) -> Option<&'static str> {
    if d.class == Class::Validate
        && matches!(awe.compile, Some(Ok(())))
        && crate::generator::wasmparser_validate(bytes).is_ok()
        && !wasmparser_accepts(bytes, AWE_FEATURES)
    {
        // A constant expression reads a global defined before: WebAssembly 3.0 allows it,
        // the oracles (without GC) do not.
        return Some("const-global-get-3.0");
    }
    if matches!(tie, Tie::Wasmi2Alone | Tie::Wasmi2AloneConfirmed)
        && !matches!(
            d.class,
            Class::Validate | Class::Panic | Class::TranslateError
        )
        && has_select_on_i32_zero_test(bytes)
    {
        return Some("wasmi2-select-on-i32-eqz");
    }
    if matches!(tie, Tie::Wasmi2Alone | Tie::Wasmi2AloneConfirmed)
        && !matches!(
            d.class,
            Class::Validate | Class::Panic | Class::TranslateError
        )
        && has_if_with_params_left_by_br_if_and_br(bytes)
    {
        return Some("wasmi2-if-params-br-if-and-br");
    }
    None
}

/// Whether a function body has an `if` with parameters that two or more branches
/// leave, one of them conditional (`br_if` or `br_table`): the shape in which wasmi 2.0
/// loses an operand below the `if`'s parameters (ORACLE_BUGS.md, bug 2).
pub fn has_if_with_params_left_by_br_if_and_br(bytes: &[u8]) -> bool {
    use wasmparser::{Parser, Payload};
    let mut params: Vec<usize> = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(Payload::TypeSection(reader)) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    params.push(ty.map_or(0, |t| t.params().len()));
                }
            }
            Ok(Payload::CodeSectionEntry(body)) => {
                let Ok(ops) = body.get_operators_reader() else {
                    continue;
                };
                if ifs_with_params_left_twice(ops, &params) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn ifs_with_params_left_twice(ops: wasmparser::OperatorsReader<'_>, params: &[usize]) -> bool {
    use wasmparser::{BlockType, Operator as O};
    /// An open construct: an `if` with parameters?, branches leaving it, conditional ones.
    #[derive(Default)]
    struct Frame {
        if_params: bool,
        branches: u32,
        conditional: bool,
    }
    let mut frames = vec![Frame::default()];
    for op in ops {
        let Ok(op) = op else { break };
        let targets: Vec<u32> = match &op {
            O::Block { .. } | O::Loop { .. } => {
                frames.push(Frame::default());
                continue;
            }
            O::If { blockty } => {
                let if_params = matches!(blockty, BlockType::FuncType(t)
                    if params.get(*t as usize).is_some_and(|&n| n > 0));
                frames.push(Frame {
                    if_params,
                    ..Frame::default()
                });
                continue;
            }
            O::End => {
                frames.pop();
                continue;
            }
            O::Br { relative_depth } | O::BrIf { relative_depth } => vec![*relative_depth],
            O::BrTable { targets } => {
                let mut t: Vec<u32> = targets.targets().filter_map(Result::ok).collect();
                t.push(targets.default());
                t.sort_unstable();
                t.dedup();
                t
            }
            _ => continue,
        };
        let conditional = !matches!(op, O::Br { .. });
        let n = frames.len();
        for depth in targets {
            if let Some(f) = n
                .checked_sub(1 + depth as usize)
                .and_then(|i| frames.get_mut(i))
            {
                f.branches += 1;
                f.conditional |= conditional;
                if f.if_params && f.branches >= 2 && f.conditional {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether a function body has a `select` whose condition is computed right before it
/// by `i32.eqz`, or by `i32.ne` with a constant 0 pushed right before that: the
/// conditions wasmi 2.0 folds into the `select` and then gets wrong (ORACLE_BUGS.md,
/// bug 1). (wasm-smith's guard against division by zero is such a `select`.)
pub fn has_select_on_i32_zero_test(bytes: &[u8]) -> bool {
    use wasmparser::{Operator as O, Parser, Payload};
    for payload in Parser::new(0).parse_all(bytes) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(ops) = body.get_operators_reader() else {
            continue;
        };
        // 1: right after the zero test; 2: right after `i32.const 0`.
        let mut state = 0;
        for op in ops {
            let Ok(op) = op else { break };
            state = match op {
                O::Select | O::TypedSelect { .. } if state == 1 => return true,
                O::I32Eqz => 1,
                O::I32Ne if state == 2 => 1,
                O::I32Const { value: 0 } => 2,
                _ => 0,
            };
        }
    }
    false
}
