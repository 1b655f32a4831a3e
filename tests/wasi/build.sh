#!/bin/sh
# Builds the WASI test programs into tests/wasi/wasm/*.wasm, which are committed so that
# `cargo test` never builds a guest: the Rust programs (tests/wasi/rust, target
# wasm32-wasip1) and the C programs (tests/wasi/c, Debian's clang and wasi-libc). Also
# builds textstat natively and regenerates expected/*.stdout (compare.py --bless: the
# native build's output for textstat, wasmtime's for the rest). Run from anywhere;
# needed only after changing a program or a case. Installs what it lacks:
#   rustup target add wasm32-wasip1
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32   (Debian 12: clang 14,
#     wasi-libc 0.0~git20220510; clang finds the sysroot at /usr/{include,lib}/wasm32-wasi
#     by itself, so no --sysroot; the compiler-rt builtins come from libclang-rt-*-wasm32)
# and, through compare.py, the pinned wasmtime Python package.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

rustup target add wasm32-wasip1

cc_ok() {
    command -v clang >/dev/null && command -v wasm-ld >/dev/null &&
        [ -e /usr/include/wasm32-wasi/stdio.h ] &&
        ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1
}
if ! cc_ok; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang lld wasi-libc libclang-rt-14-dev-wasm32
fi

mkdir -p wasm

# Rust: opt-level z, LTO, no debug info (rust/Cargo.toml); paths of the crates.io sources
# remapped so that the bytes do not depend on where cargo keeps them.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
(
    cd rust
    CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="--remap-path-prefix=$registry=/cargo/registry/src" \
        cargo build --release --target wasm32-wasip1 --bins
    cargo build --release --bin textstat
)
for b in hello echo copy ls clocks sleep exit stdin fileops misc textstat escape edges; do
    install -m 644 "rust/target/wasm32-wasip1/release/$b.wasm" "wasm/$b.wasm"
done

# C: -Os, stripped.
for c in hello args cat exit files open; do
    clang --target=wasm32-wasi -Os -Wall -Wextra -Werror -s -o "wasm/${c}_c.wasm" "c/$c.c"
    chmod 644 "wasm/${c}_c.wasm"
done

# C++ with WebAssembly exceptions (cpp/build.sh: clang 19, the exception runtime from
# LLVM's sources, Binaryen's exnref translation), and its native build.
cpp/build.sh

for f in wasm/*.wasm; do
    echo "$f: $(wc -c < "$f") bytes"
done

python3 compare.py --bless

# The C++ programs print what their native builds print.
for name in exceptions; do
    cpp/target/$name | cmp - "expected/${name}_cpp.stdout"
done
