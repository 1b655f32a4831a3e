//! Round trips (see crates/awe-diff): for a wasm-smith module and a byte-mutated
//! variant, awe's validation verdict is wasmparser's; decode -> encode -> decode, awe's
//! print -> parse, and wasmprinter's text -> awe's parser give the decoded module back.

#![no_main]

use awe_diff::generator::{self, GenOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = generator::generate_from(data, GenOptions { simd: true }) else {
        return;
    };
    let seed = generator::seed_from_bytes(data);
    for m in [bytes.clone(), generator::mutate(&bytes, seed)] {
        if let Some(d) = awe_diff::roundtrip::check_roundtrip(&m) {
            panic!("{}: {}", d.class, d.detail);
        }
    }
});
