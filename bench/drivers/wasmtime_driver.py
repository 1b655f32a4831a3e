#!/usr/bin/env python3
"""`wasmtime_driver.py FILE ITERATIONS [WARMUP]`: the wasmtime driver of bench/compare.

Same protocol as every driver (see bench/host/src/main.rs): compile, instantiate, call
`run(WARMUP)`, pause 50 ms, time `run(ITERATIONS)`; one JSON line. wasmtime's Python
package (`pip install wasmtime`) embeds the wasmtime C API with its default
configuration (Cranelift, parallel compilation).
"""

import json
import sys
import time

import wasmtime

path, iterations = sys.argv[1], int(sys.argv[2])
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 1
data = open(path, "rb").read()
engine = wasmtime.Engine()
t0 = time.perf_counter()
module = wasmtime.Module(engine, data)
t1 = time.perf_counter()
store = wasmtime.Store(engine)
instance = wasmtime.Instance(store, module, [])
run = instance.exports(store)["run"]
t2 = time.perf_counter()
run(store, warmup)
t3 = time.perf_counter()
time.sleep(0.05)
t4 = time.perf_counter()
result = run(store, iterations)
t5 = time.perf_counter()
print(json.dumps({"compile": t1 - t0, "instantiate": t2 - t1, "first_call": t3 - t2,
                  "run": t5 - t4, "result": str(result)}))
