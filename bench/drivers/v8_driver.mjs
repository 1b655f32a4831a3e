// `node --allow-natives-syntax [V8 FLAGS] v8_driver.mjs FILE ITERATIONS [WARMUP]`: the V8
// driver of bench/compare. No flags: V8's default tiers (Liftoff first, TurboFan for hot
// functions). `--liftoff --no-wasm-tier-up --no-wasm-dynamic-tiering`: Liftoff alone. (In
// V8 11, `--liftoff --no-wasm-tier-up` alone does not stop dynamic tier-up: `run` is
// TurboFan code after the warm-up call.) The JSON line says which tier `run` had after
// the timed call ("tier"), read with V8's natives when --allow-natives-syntax is given.
//
// Same protocol as every driver (see bench/host/src/main.rs): compile, instantiate, call
// `run(WARMUP)`, pause 50 ms, time `run(ITERATIONS)`; one JSON line. Synchronous
// `WebAssembly.Module` and `WebAssembly.Instance`, as a host embedding V8 would.
import { readFileSync } from "node:fs";

const [path, iters, warm] = process.argv.slice(2);
const iterations = Number(iters);
const warmup = warm === undefined ? 1 : Number(warm);
const bytes = readFileSync(path);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const t0 = now();
const module = new WebAssembly.Module(bytes);
const t1 = now();
const instance = new WebAssembly.Instance(module, {});
const run = instance.exports.run;
const t2 = now();
run(warmup);
const t3 = now();
await new Promise((resolve) => setTimeout(resolve, 50));
const t4 = now();
const result = run(iterations);
const t5 = now();
let tier = "unknown";
try {
  const liftoff = new Function("f", "return %IsLiftoffFunction(f)");
  const turbofan = new Function("f", "return %IsTurboFanFunction(f)");
  tier = liftoff(run) ? "liftoff" : turbofan(run) ? "turbofan" : "other";
} catch {
  // No --allow-natives-syntax, or a V8 without these natives.
}
console.log(JSON.stringify({
  compile: t1 - t0, instantiate: t2 - t1, first_call: t3 - t2, run: t5 - t4,
  result: String(result), tier,
}));
