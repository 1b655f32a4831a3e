#!/bin/sh
# Builds the benchmark programs (bench/programs) for wasm32 into bench/wasm/*.wasm, which
# are committed so that bench/compare runs without building them, and natively (the
# `native` binary, the baseline). Run from anywhere; needed only after editing the
# programs. Same rustc, same profile (opt-level 3, LTO, one codegen unit, panic=abort)
# for every build. The programs of PLAIN are built with the wasm target's default
# features (no SIMD); those of SIMD with `-C target-feature=+simd128`, by a second cargo
# invocation into its own target directory (target/simd), so that the first build never
# sees that flag. Then the native build computes each SIMD program's checksum for a few
# iterations into bench/wasm/simd-checksums.txt, which crates/awe/tests/simd_programs.rs
# checks awe against.
set -eu
cd "$(dirname "$0")/programs"
PLAIN="fib sieve matmul sha256 nbody mandelbrot interp sort coremark"
SIMD="blur linalg bytescan matmul-simd"
# Iterations of each SIMD program in simd-checksums.txt: enough to run every vector op
# and to feed one iteration's results into the next, few enough for a debug-built test.
TEST_ITERATIONS="blur=2 linalg=4 bytescan=4 matmul-simd=2"
# Cargo's example names have `_` where the programs have `-`.
examples() { for b in "$@"; do printf -- '--example %s ' "$(echo "$b" | tr - _)"; done; }

rustup target add wasm32-unknown-unknown
# shellcheck disable=SC2046
cargo build --release --target wasm32-unknown-unknown $(examples $PLAIN)
# shellcheck disable=SC2046
RUSTFLAGS="-C target-feature=+simd128" cargo build --release \
    --target wasm32-unknown-unknown --target-dir target/simd $(examples $SIMD)
cargo build --release --bin native
mkdir -p ../wasm
install_wasm() { # NAME DIR
    install -m 644 "$2/wasm32-unknown-unknown/release/examples/$(echo "$1" | tr - _).wasm" \
        "../wasm/$1.wasm"
    echo "wrote bench/wasm/$1.wasm ($(wc -c < "../wasm/$1.wasm") bytes)"
}
for b in $PLAIN; do install_wasm "$b" target; done
for b in $SIMD; do install_wasm "$b" target/simd; done

out=../wasm/simd-checksums.txt
{
    echo "# The SIMD programs' checksums for a few iterations, computed by their native build"
    echo "# (bench/build.sh writes this file): NAME ITERATIONS CHECKSUM, one program a line."
    for t in $TEST_ITERATIONS; do
        name=${t%=*} n=${t#*=}
        result=$(target/release/native "$name" "$n" 1 | sed -n 's/.*"result": "\(-\{0,1\}[0-9]*\)".*/\1/p')
        [ -n "$result" ] || { echo "no checksum from native $name $n" >&2; exit 1; }
        echo "$name $n $result"
    done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote bench/wasm/simd-checksums.txt"
