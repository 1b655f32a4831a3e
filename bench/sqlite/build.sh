#!/bin/sh
# Builds the SQLite benchmark (bench/sqlite: rusqlite with its bundled SQLite) for
# wasm32-wasip1 into bench/wasm/sqlite.wasm, which is committed so that
# bench/wasi-compare runs without a C toolchain. Run from anywhere; needed only after
# changing the program or its pins. Installs what it lacks:
#   rustup target add wasm32-wasip1
#   apt-get install clang lld llvm wasi-libc libclang-rt-14-dev-wasm32   (Debian 12:
#     clang 14, wasi-libc 0.0~git20220510 with its headers in /usr/include/wasm32-wasi;
#     llvm for llvm-ar; the compiler-rt builtins for wasm32)
# The cc crate compiles sqlite3.c with Debian's clang against Debian's wasi-libc
# headers (CC/AR/CFLAGS for the target, below); rustc links it with the wasi-libc it
# ships for wasm32-wasip1, which its standard library was built against.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

rustup target add wasm32-wasip1

cc_ok() {
    command -v clang >/dev/null && command -v wasm-ld >/dev/null &&
        command -v llvm-ar >/dev/null &&
        [ -e /usr/include/wasm32-wasi/stdio.h ] &&
        ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1
}
if ! cc_ok; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang lld llvm wasi-libc libclang-rt-14-dev-wasm32
fi

# For the cc crate (libsqlite3-sys's build script), keyed by target. `--sysroot=/usr`:
# clang then looks for the target's headers in /usr/include/wasm32-wasi, where Debian
# puts wasi-libc's.
export CC_wasm32_wasip1=clang
export AR_wasm32_wasip1=llvm-ar
export CFLAGS_wasm32_wasip1="--target=wasm32-wasi --sysroot=/usr"
# The crates.io sources' paths remapped, so that the bytes do not depend on where cargo
# keeps them.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="--remap-path-prefix=$registry=/cargo/registry/src" \
    cargo build --release --locked --target wasm32-wasip1

mkdir -p ../wasm
install -m 644 target/wasm32-wasip1/release/awe-bench-sqlite.wasm ../wasm/sqlite.wasm
echo "wrote bench/wasm/sqlite.wasm ($(wc -c < ../wasm/sqlite.wasm) bytes)"
