//! The `matmul-simd` benchmark as a wasm module: `matmul` built with `+simd128`, which
//! LLVM vectorizes (f64x2): `run(iterations) -> checksum`.

/// Runs the benchmark `iterations` times and returns its checksum.
#[unsafe(no_mangle)]
pub extern "C" fn run(iterations: i32) -> i32 {
    awe_bench_programs::matmul::run(iterations)
}
