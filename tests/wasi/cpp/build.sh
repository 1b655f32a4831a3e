#!/bin/sh
# Builds the C++ test programs (tests/wasi/cpp/*.cpp) with WebAssembly exceptions into
# tests/wasi/wasm/NAME_cpp.wasm, and each natively into cpp/target/NAME (g++), whose
# output the test's expected output must be. Called by tests/wasi/build.sh; installs
# what it lacks:
#   apt-get install clang-19 lld-19 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
#     libclang-rt-19-dev-wasm32 wasi-libc g++
#
# Debian's libc++abi for wasm32 is built without exceptions (it has no __cxa_throw and
# no personality routine), so the three pieces of the C++ exception runtime are built
# here from the same LLVM release's sources (Debian's orig tarball of llvm-toolchain-19,
# into cpp/target/): libc++abi's cxa_exception.cpp and cxa_personality.cpp and
# libunwind's Unwind-wasm.c, with -fwasm-exceptions; they are linked before the
# libraries, which then add the rest of libc++abi.
#
# clang 19 emits the legacy exception instructions (`try`, `catch`, `rethrow`, which
# the 3.0 standard replaced and awe does not run); Binaryen's wasm-opt
# --translate-to-exnref (npm package binaryen, pinned, into cpp/target/) rewrites them
# as `try_table`/`throw_ref` with `exnref`, as Emscripten does for
# -sWASM_LEGACY_EXCEPTIONS=0.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
llvm_version=19.1.7
binaryen_version=132.0.0
target="$here/target"
mkdir -p "$target"

clang=/usr/lib/llvm-19/bin/clang
if ! [ -x "$clang" ] || ! [ -e /usr/lib/llvm-19/lib/wasm32-wasi/libc++abi.a ] ||
    ! command -v g++ >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang-19 lld-19 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 \
        libclang-rt-19-dev-wasm32 wasi-libc g++
fi

src="$target/llvm-toolchain-19_$llvm_version"
if ! [ -e "$src/libunwind/src/Unwind-wasm.c" ]; then
    tarball="llvm-toolchain-19_$llvm_version.orig.tar.xz"
    curl -fsSL -o "$target/$tarball" \
        "http://deb.debian.org/debian/pool/main/l/llvm-toolchain-19/$tarball"
    tar -C "$target" -xJf "$target/$tarball" \
        "llvm-toolchain-19_$llvm_version/libcxxabi/src" \
        "llvm-toolchain-19_$llvm_version/libcxxabi/include" \
        "llvm-toolchain-19_$llvm_version/libcxx/src/include" \
        "llvm-toolchain-19_$llvm_version/libunwind/include" \
        "llvm-toolchain-19_$llvm_version/libunwind/src"
    rm "$target/$tarball"
fi

wasm_opt="$target/node_modules/binaryen/bin/wasm-opt"
if ! [ -x "$wasm_opt" ]; then
    (cd "$target" && npm install --silent --no-save "binaryen@$binaryen_version")
fi

eh="--target=wasm32-wasi -O2 -DNDEBUG -fwasm-exceptions -mllvm -wasm-enable-exnref"
# shellcheck disable=SC2086
for f in cxa_exception cxa_personality; do
    "$clang++" $eh -std=c++20 -D_LIBCXXABI_BUILDING_LIBRARY -D_LIBCPP_BUILDING_LIBRARY \
        -D_LIBCXXABI_HAS_NO_THREADS -I"$src/libcxxabi/include" -I"$src/libcxx/src" \
        -I"$src/libunwind/include" -c "$src/libcxxabi/src/$f.cpp" -o "$target/$f.o"
done
# shellcheck disable=SC2086
"$clang" $eh -D_LIBUNWIND_HIDE_SYMBOLS -D_LIBUNWIND_HAS_NO_THREADS \
    -I"$src/libunwind/include" -c "$src/libunwind/src/Unwind-wasm.c" -o "$target/unwind-wasm.o"

for name in exceptions; do
    # shellcheck disable=SC2086
    "$clang++" $eh -Wall -Wextra -Werror -o "$target/$name.legacy.wasm" "$name.cpp" \
        "$target/cxa_exception.o" "$target/cxa_personality.o" "$target/unwind-wasm.o"
    node "$wasm_opt" --enable-exception-handling --translate-to-exnref -O2 --strip-debug \
        "$target/$name.legacy.wasm" -o "../wasm/${name}_cpp.wasm"
    chmod 644 "../wasm/${name}_cpp.wasm"
    g++ -O2 -Wall -Wextra -Werror -o "$target/$name" "$name.cpp"
done
