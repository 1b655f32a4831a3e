//! Known oracle bugs and known differences: each a matcher for its precise shape, so
//! that it is set aside without hiding anything else (see `ORACLE_BUGS.md`).

use crate::check::Tie;
use crate::compare::{Class, Divergence};
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
        && wasmparser_accepts(bytes, WasmFeatures::WASM2)
        && !wasmparser_accepts(bytes, WasmFeatures::WASM2 - WasmFeatures::SIMD)
    {
        // A mutation made a SIMD instruction; awe validates SIMD, wasmi is built
        // without it (awe does not execute SIMD yet).
        return Some("simd-not-in-oracle");
    }
    if tie == Tie::Wasmi2Alone
        && !matches!(
            d.class,
            Class::Validate | Class::Panic | Class::TranslateError
        )
        && has_select_on_i32_zero_test(bytes)
    {
        return Some("wasmi2-select-on-i32-eqz");
    }
    None
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
