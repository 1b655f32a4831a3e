//! The kernels of awe's benchmark suite. Each module has `run(iterations: i32) -> i32`:
//! it does its work `iterations` times and returns a checksum of everything it computed,
//! so that every engine's result can be compared with the native build's. Every call
//! starts from scratch (no state is kept between calls), and each iteration depends on
//! the one before it, so no compiler can hoist the work out of the loop.
//!
//! `blur`, `linalg` and `bytescan` are the SIMD programs: their wasm32 builds (with
//! `-C target-feature=+simd128`) use `core::arch::wasm32`'s vector intrinsics, and every
//! other build (native, or wasm32 without SIMD) the same arithmetic lane by lane, with
//! the same result. `matmul-simd` is `matmul` built with `+simd128` (LLVM vectorizes it).

// The kernels index arrays in loops as their C originals do.
#![allow(clippy::needless_range_loop)]

pub mod blur;
pub mod bytescan;
pub mod coremark;
pub mod fib;
pub mod interp;
pub mod linalg;
pub mod mandelbrot;
pub mod matmul;
pub mod nbody;
pub mod sha256;
pub mod sieve;
pub mod sort;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod v128io;

/// Folds the bits of an `f64` into an `i32` checksum.
pub fn fold_f64(x: f64) -> i32 {
    let b = x.to_bits();
    (b ^ (b >> 32)) as i32
}

/// A benchmark's entry point: `run(iterations) -> checksum`.
pub type Run = fn(i32) -> i32;

/// Every benchmark by name, for the native driver.
pub const ALL: &[(&str, Run)] = &[
    ("fib", fib::run),
    ("sieve", sieve::run),
    ("matmul", matmul::run),
    ("sha256", sha256::run),
    ("nbody", nbody::run),
    ("mandelbrot", mandelbrot::run),
    ("interp", interp::run),
    ("sort", sort::run),
    ("coremark", coremark::run),
    // The SIMD programs (their wasm builds have `+simd128`; see ../build.sh).
    ("blur", blur::run),
    ("linalg", linalg::run),
    ("bytescan", bytescan::run),
    ("matmul-simd", matmul::run),
];
