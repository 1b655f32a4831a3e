//! Known oracle bugs and known differences: each a matcher for its precise shape, so
//! that it is set aside without hiding anything else (see `ORACLE_BUGS.md`).

use crate::check::Tie;
use crate::compare::{Class, Divergence};
use crate::trace::{PlannedCall, Run};
use wasmparser::{Validator, WasmFeatures};

fn wasmparser_accepts(bytes: &[u8], features: WasmFeatures) -> bool {
    Validator::new_with_features(features).validate_all(bytes).is_ok()
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
    let _ = tie;
    None
}
