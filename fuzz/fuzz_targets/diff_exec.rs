//! Differential execution: the input drives wasm-smith (awe-diff's configuration:
//! WebAssembly 2.0 with SIMD in half the modules, host imports, everything exported, canonical NaNs,
//! `ensure_termination`); the module runs in awe and wasmi 2.0, eagerly translated in
//! every other input, and must agree (see crates/awe-diff). A byte-mutated variant
//! runs too. Known oracle bugs are set aside; an awe panic is caught and reported as a
//! divergence.

#![no_main]

use awe_diff::awe_side::ExecOptions;
use awe_diff::check::{Verdict, check_exec};
use awe_diff::generator::{self, GenOptions};
use libfuzzer_sys::fuzz_target;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys's panic hook aborts on every panic, even one caught: the engines'
    // panics are caught and judged by the comparison (an oracle's is no verdict, awe's
    // a divergence, which panics below and still aborts: libfuzzer-sys aborts on a
    // panic leaving the target).
    QUIET.call_once(awe_diff::check::quiet_panics);
    let Some(bytes) = generator::generate_from(data, GenOptions::default()) else {
        return;
    };
    let seed = generator::seed_from_bytes(data);
    for (bytes, mutated) in [(bytes.clone(), false), (generator::mutate(&bytes, seed), true)] {
        let opts = ExecOptions::for_seed(seed, mutated, true);
        if let Verdict::Diverge(f) = check_exec(&bytes, seed, opts, &[]).verdict {
            panic!(
                "awe and wasmi 2.0 diverge (mutated {mutated}, plan seed {seed}): {}: {} [{}]",
                f.divergence.class,
                f.divergence.detail,
                f.tie.describe()
            );
        }
    }
});
