#!/usr/bin/env bash
# A long differential run of awe against wasmi (crates/awe-diff), in both modes: the
# execution comparison (eager translation in every other module, byte-mutated variants)
# and the round trips. One process at a time (the machines have 2 shared cores).
#
#   fuzz/long-run.sh --hours 8            # half the time each mode
#   fuzz/long-run.sh --seeds 0..1000000   # a seed range, each mode
#   fuzz/long-run.sh --hours 2 --wasmtime # wasmtime settles 'wasmi 2.0 alone' cases
#                                         # (builds it: about 8 minutes, more if loaded)
#
# Reproducers (minimized .wasm and .wat) go to target/awe-diff/long-<date>/; each mode
# ends with its summary, and the script's exit code is 1 if either found an
# unexplained divergence.
set -uo pipefail
cd "$(dirname "$0")/.."

hours=""
seeds=""
features=()
while [ $# -gt 0 ]; do
  case "$1" in
    --hours) hours="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --wasmtime) features=(--features wasmtime); shift ;;
    *) echo "usage: $0 --hours H | --seeds A..B [--wasmtime]" >&2; exit 2 ;;
  esac
done
if [ -z "$hours" ] && [ -z "$seeds" ]; then hours=1; fi

cargo build --release -p awe-diff "${features[@]}" || exit 2
bin=target/release/awe-diff
out="target/awe-diff/long-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$out"
if [ -n "$seeds" ]; then
  range=(--seeds "$seeds")
else
  half=$(( ${hours%.*} * 1800 ))
  [ "$half" -gt 0 ] || half=1800
  range=(--seeds "0..18446744073709551615" --time "$half")
fi

status=0
echo "== execution: awe vs wasmi (eager in every other module, mutated variants)"
"$bin" run "${range[@]}" --eager --mutate --out "$out/exec" | tee "$out/exec.log" || status=1
echo "== round trips: binary and text formats"
"$bin" roundtrip "${range[@]}" --mutate --out "$out/roundtrip" | tee "$out/roundtrip.log" || status=1
echo "reproducers and logs: $out"
exit $status
