#!/bin/sh
# Builds the benchmark programs (bench/programs) for wasm32 into bench/wasm/*.wasm, which
# are committed so that bench/compare runs without building them, and natively (the
# `native` binary, the baseline). Run from anywhere; needed only after editing the
# programs. Same rustc, same profile (opt-level 3, LTO, one codegen unit, panic=abort)
# for both builds; the wasm build uses the target's default features (no SIMD).
set -eu
cd "$(dirname "$0")/programs"
rustup target add wasm32-unknown-unknown
cargo build --release --target wasm32-unknown-unknown --examples
cargo build --release --bin native
mkdir -p ../wasm
for b in fib sieve matmul sha256 nbody mandelbrot interp sort coremark; do
    install -m 644 "target/wasm32-unknown-unknown/release/examples/$b.wasm" "../wasm/$b.wasm"
    echo "wrote bench/wasm/$b.wasm ($(wc -c < "../wasm/$b.wasm") bytes)"
done
