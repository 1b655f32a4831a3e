// Run by api.test.mjs with --expose-gc: 1000 structs handed to JavaScript are rooted
// while their objects live and released by the FinalizationRegistry once JavaScript
// collected them; one still held stays usable. Prints the roots before and after.
import fs from 'node:fs';
import * as awe from '../dist/awe/awe.js';

await awe.ready(fs.readFileSync(new URL('../dist/awe/awe_web_bg.wasm', import.meta.url)));
const bytes = awe.watToWasm(`(module
  (type $pt (struct (field i32)))
  (func (export "make") (param i32) (result (ref $pt)) (struct.new $pt (local.get 0)))
  (func (export "x") (param (ref $pt)) (result i32) (struct.get $pt 0 (local.get 0))))`);
const { exports: e } = new awe.Instance(new awe.Module(bytes), {});
const kept = e.make(3);
let many = [];
for (let i = 0; i < 1000; i++) many.push(e.make(i));
const held = awe.gcStats().hostRoots;
many = null;
let after = held;
for (let i = 0; i < 100 && after >= 100; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
  after = awe.gcStats().hostRoots;
}
console.log(JSON.stringify({ held, after, kept: e.x(kept) }));
