#!/bin/sh
# Builds sample.wasm from src/lib.rs with rustc for wasm32-unknown-unknown.
# Run from anywhere; the result is committed, so this is only needed after editing lib.rs.
set -eu
cd "$(dirname "$0")"
rustup target add wasm32-unknown-unknown
cargo build --release --target wasm32-unknown-unknown --target-dir target
install -m 644 target/wasm32-unknown-unknown/release/awe_rustc_sample.wasm sample.wasm
echo "wrote $(pwd)/sample.wasm ($(wc -c < sample.wasm) bytes)"
