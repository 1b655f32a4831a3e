#!/usr/bin/env bash
# bench/startup-real.sh: start-up of a large real WASI program, whole processes.
#
#   bench/startup-real.sh            # 10 runs of each engine, alternating
#   RUNS=20 bench/startup-real.sh
#
# Downloads YoWASP's yosys (npm package @yowasp/yosys, a 30 MB wasm32-wasip1 module)
# into bench/target/yosys/, installs wasmi_cli 2.0.0 into bench/target/wasmi-cli/ and
# builds awe's release binary, then runs `yosys --version` (compile, instantiate, run a
# little of a large program) in both, alternating the engines run by run, and prints
# for each the median, min and max of wall time, CPU time (user + system) and peak
# resident memory of the whole process (the kernel's accounting of each child, as
# GNU time reports it). Needs cargo, npm and Python 3; nothing here runs in CI.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/bench/target"
runs=${RUNS:-10}
pkg_version=${YOSYS_VERSION:-0.55.944}

mkdir -p "$target/yosys"
wasm="$target/yosys/package/gen/yosys.core.wasm"
if [ ! -f "$wasm" ]; then
    (cd "$target/yosys" && npm pack --silent "@yowasp/yosys@$pkg_version" >/dev/null &&
        tar xzf "yowasp-yosys-$pkg_version.tgz" package/gen/yosys.core.wasm)
fi

wasmi="$target/wasmi-cli/bin/wasmi"
if [ ! -x "$wasmi" ]; then
    # The release bench/host measures; builds on Rust 1.95.
    cargo install --quiet --locked --root "$target/wasmi-cli" wasmi_cli --version 2.0.0 -j 2
fi

(cd "$root" && cargo build --quiet --release -p awe-cli -j 2)
awe="$root/target/release/awe"

python3 - "$runs" "$wasm" "$awe" "$wasmi" <<'EOF'
import os, statistics, subprocess, sys, time

runs, wasm, awe, wasmi = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
engines = {
    "awe": [awe, "run", wasm, "--version"],
    "wasmi": [wasmi, "run", wasm, "--version"],
}
figures = {name: [] for name in engines}

def once(cmd):
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    if status != 0 or b"Yosys" not in out:
        sys.exit(f"{cmd[0]} failed: {out[:300]!r}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024

for name, cmd in engines.items():  # one warm-up run each (file cache)
    once(cmd)
for i in range(runs):
    order = list(engines) if i % 2 == 0 else list(reversed(engines))
    for name in order:
        figures[name].append(once(engines[name]))

print(f"yosys --version, {os.path.getsize(wasm) / 1e6:.1f} MB module, {runs} runs each")
print(f"{'':6} {'wall s (median min..max)':>26} {'cpu s':>22} {'peak MiB':>22}")
for name, rows in figures.items():
    cols = []
    for k in range(3):
        v = sorted(r[k] for r in rows)
        cols.append(f"{statistics.median(v):7.3f} {v[0]:6.3f}..{v[-1]:<6.3f}")
    print(f"{name:6} {cols[0]:>26} {cols[1]:>22} {cols[2]:>22}")
EOF
