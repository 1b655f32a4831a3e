#!/usr/bin/env python3
"""`wasm3_driver.py FILE ITERATIONS [WARMUP]`: the wasm3 driver of bench/compare.

Same protocol as every driver (see bench/host/src/main.rs): compile, instantiate, call
`run(WARMUP)`, pause 50 ms, time `run(ITERATIONS)`; one JSON line. `pip install pywasm3`
builds wasm3's C sources into the extension; wasm3 compiles each function on its first
call, so "compile" here is parsing and "instantiate" is loading into a runtime.
"""

import json
import sys
import time

import wasm3

path, iterations = sys.argv[1], int(sys.argv[2])
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 1
data = open(path, "rb").read()
env = wasm3.Environment()
t0 = time.perf_counter()
module = env.parse_module(data)
t1 = time.perf_counter()
runtime = env.new_runtime(1 << 20)  # 1 MiB of wasm3 value stack
runtime.load(module)
run = runtime.find_function("run")
t2 = time.perf_counter()
run(warmup)
t3 = time.perf_counter()
time.sleep(0.05)
t4 = time.perf_counter()
result = run(iterations)
t5 = time.perf_counter()
print(json.dumps({"compile": t1 - t0, "instantiate": t2 - t1, "first_call": t3 - t2,
                  "run": t5 - t4, "result": str(result)}))
