#!/usr/bin/env bash
# Builds the playground into playground/dist/: awe compiled to WebAssembly (crates/awe-web,
# with wasm-pack and wasm-bindgen), its JavaScript API (awe.js) and the page. Installs what
# it needs from registries: the rustup target, wasm-bindgen-cli at exactly the version of
# the wasm-bindgen crate in Cargo.lock, and wasm-pack (cargo install, built from source:
# nothing prebuilt is downloaded). wasm-opt is not used (wasm-pack would download it).
#
#   playground/build.sh && python3 -m http.server -d playground/dist
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
    cargo install --quiet wasm-bindgen-cli --version "=$wb_version"
fi
# 0.15.1: the newest release; it builds on Rust 1.95.
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "0.15.1" ]; then
    cargo install --quiet wasm-pack --version =0.15.1
fi

rm -rf playground/dist
wasm-pack --quiet build crates/awe-web --target web --mode no-install --no-opt \
    --profile web --out-dir ../../playground/dist/awe --out-name awe_web
cp crates/awe-web/js/awe.js playground/dist/awe/
rm -f playground/dist/awe/.gitignore
# The package's entry point is awe.js (the WebAssembly-shaped API over awe_web.js).
node -e '
const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f));
p.name = "awe"; p.main = p.module = "awe.js"; p.files = [...new Set([...(p.files || []), "awe.js"])];
fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");' playground/dist/awe/package.json
cp playground/src/* playground/dist/
wasm="playground/dist/awe/awe_web_bg.wasm"
echo "awe's .wasm: $(stat -c %s "$wasm") bytes ($(gzip -9c "$wasm" | wc -c) gzipped)"
