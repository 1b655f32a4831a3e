//! The `linalg` benchmark as a wasm module (built with `+simd128`): `run(iterations) -> checksum`.

/// Runs the benchmark `iterations` times and returns its checksum.
#[unsafe(no_mangle)]
pub extern "C" fn run(iterations: i32) -> i32 {
    awe_bench_programs::linalg::run(iterations)
}
