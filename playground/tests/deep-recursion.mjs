// Run by api.test.mjs with a large JavaScript stack: recursion through an import until
// something gives; prints what stopped it and whether the instance still works.
import fs from 'node:fs';
import * as awe from '../dist/awe/awe.js';

await awe.ready(fs.readFileSync(new URL('../dist/awe/awe_web_bg.wasm', import.meta.url)));
const bytes = awe.watToWasm(`(module (import "env" "h" (func $h (param i32) (result i32)))
  (func (export "f") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $h (i32.sub (local.get 0) (i32.const 1)))))))`);
let instance;
instance = new awe.Instance(new awe.Module(bytes), { env: { h: (n) => instance.exports.f(n) + 1 } });
let stopped;
try {
  instance.exports.f(100000);
  stopped = 'nothing';
} catch (e) {
  stopped = `${e.constructor.name}: ${e.message}`;
}
console.log(JSON.stringify({ stopped, after: instance.exports.f(50) }));
