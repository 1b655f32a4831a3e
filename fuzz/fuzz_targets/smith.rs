//! Valid WebAssembly 2.0 modules from `wasm-smith` (which reaches much deeper than
//! random bytes): every one must decode, and round-trip through encode -> decode.

#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use wasm_smith::{Config, Module};

/// A generator configuration for WebAssembly 2.0 (no later proposals), with the sizes,
/// nesting depth and LEB128 padding picked by the input.
fn config(u: &mut Unstructured<'_>) -> Result<Config> {
    Ok(Config {
        // Later proposals, which awe does not decode.
        gc_enabled: false,
        exceptions_enabled: false,
        tail_call_enabled: false,
        threads_enabled: false,
        relaxed_simd_enabled: false,
        memory64_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
        compact_imports_enabled: false,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        shared_everything_threads_enabled: false,
        max_memories: 1,
        // WebAssembly 2.0.
        simd_enabled: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        multi_value_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        // Shapes.
        max_tables: u.int_in_range(0..=4)?,
        max_nesting_depth: u.int_in_range(0..=64)?,
        max_instructions: u.int_in_range(0..=1000)?,
        min_uleb_size: u.int_in_range(1..=5)?,
        generate_custom_sections: u.arbitrary()?,
        ..Config::default()
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(config) = config(&mut u) else { return };
    let Ok(module) = Module::new(config, &mut u) else {
        return;
    };
    let bytes = module.to_bytes();
    if let Err(e) = awe_binary::decode(&bytes) {
        panic!("a valid module does not decode: {e}");
    }
    assert!(awe_fuzz::check_round_trip(&bytes));
});
