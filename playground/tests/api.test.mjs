// awe's JavaScript API under node, with the standard WebAssembly API as the oracle: the
// same module and imports through `WebAssembly` and through `awe` must give the same
// results, printed output, memory contents and errors.
//
//   playground/build.sh && (cd playground/tests && node --test)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as awe from '../dist/awe/awe.js';
import { examples } from '../src/examples.js';
import { execFileSync } from 'node:child_process';

const dist = fileURLToPath(new URL('../dist/awe/', import.meta.url));
await awe.ready(fs.readFileSync(dist + 'awe_web_bg.wasm'));

const wat = (text) => awe.watToWasm(text);

/** Instantiates `bytes` in engine `ns` with imports from `make(ns)`; `{instance, value}`. */
function both(bytes, make, call) {
  const out = {};
  for (const [name, ns] of [['awe', awe], ['browser', WebAssembly]]) {
    const printed = [];
    let instance;
    try {
      const module = new ns.Module(bytes);
      instance = new ns.Instance(module, make(ns, printed, () => instance));
      out[name] = { value: call(instance, ns), printed };
    } catch (e) {
      out[name] = { error: e.constructor.name, message: e.message.split('\n')[0], printed };
    }
  }
  return out;
}

function exampleImports(ns, printed, instance) {
  const mem = new ns.Memory({ initial: 1, maximum: 2 });
  return {
    console: {
      log: (...xs) => printed.push(xs.join(' ')),
      error: (...xs) => printed.push(`error: ${xs.join(' ')}`),
      log_str: (p, n) => printed.push(Buffer.from(new Uint8Array((instance()?.exports.memory ?? mem).buffer, p, n)).toString()),
    },
    js: { mem },
  };
}

for (const ex of examples) {
  test(`example ${ex.id}: awe and WebAssembly agree`, () => {
    const bytes = wat(ex.source);
    const args = ex.args.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
    const r = both(bytes, exampleImports, (i) => i.exports[ex.invoke](...args));
    if (ex.id === 'trap') {
      assert.equal(r.awe.error, 'RuntimeError');
      assert.equal(r.browser.error, 'RuntimeError');
      assert.match(r.awe.message, /integer divide by zero/);
    } else {
      assert.deepEqual(r.awe, r.browser);
      assert.notEqual(r.awe.value, undefined);
    }
  });
}

test('the examples give what they are written to give', () => {
  const run = (id) => {
    const ex = examples.find((e) => e.id === id);
    const r = both(wat(ex.source), exampleImports, (i) => i.exports[ex.invoke](...ex.args.split(',').filter((s) => s.trim()).map(Number)));
    return r.awe;
  };
  assert.equal(run('sum').value, 55);
  assert.deepEqual(run('console'), { value: 0, printed: ['3', '2', '1'] });
  assert.deepEqual(run('hello'), { value: 72, printed: ['Hello, WebAssembly!'] });
  assert.deepEqual(run('imported-memory'), { value: 8 * 42, printed: ['1'] });
  assert.equal(run('table').value, 42);
});

test('i64 crosses as BigInt, a Number for an i64 is a TypeError in both', () => {
  const bytes = wat(`(module (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1))))`);
  const r = both(bytes, () => ({}), (i) => i.exports.add(2n ** 63n - 1n, 1n));
  assert.deepEqual(r.awe, r.browser);
  assert.equal(r.awe.value, -(2n ** 63n));
  const bad = both(bytes, () => ({}), (i) => i.exports.add(1, 2));
  assert.equal(bad.awe.error, 'TypeError');
  assert.equal(bad.browser.error, 'TypeError');
});

test('multiple results are an array; floats keep their values', () => {
  const bytes = wat(`(module (func (export "f") (param f32 f64) (result f64 f32 i32)
    (f64.promote_f32 (local.get 0)) (f32.demote_f64 (local.get 1)) (i32.const -1)))`);
  const r = both(bytes, () => ({}), (i) => i.exports.f(0.1, 1e300));
  assert.deepEqual(r.awe, r.browser);
  assert.deepEqual(r.awe.value, [Math.fround(0.1), Infinity, -1]);
});

test('an import may call back into the instance (re-entrancy), and read its memory', () => {
  const bytes = wat(`(module
    (import "env" "host" (func $host (param i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "down") (param $n i32) (result i32)
      (i32.store (i32.mul (local.get $n) (i32.const 4)) (local.get $n))
      (if (result i32) (i32.eqz (local.get $n))
        (then (i32.const 100))
        (else (i32.add (local.get $n) (call $host (i32.sub (local.get $n) (i32.const 1))))))))`);
  const make = (ns, printed, instance) => ({
    env: {
      host: (n) => {
        const mem = new Uint32Array(instance().exports.memory.buffer);
        printed.push(`host ${n}, memory[${n + 1}] = ${mem[n + 1]}`);
        return instance().exports.down(n);
      },
    },
  });
  const r = both(bytes, make, (i) => i.exports.down(5));
  assert.deepEqual(r.awe, r.browser);
  assert.equal(r.awe.value, 5 + 4 + 3 + 2 + 1 + 100);
  assert.equal(r.awe.printed.length, 5);
});

test('an exception thrown by an import passes through WebAssembly unchanged', () => {
  const bytes = wat(`(module (import "env" "fail" (func $fail)) (func (export "f") (call $fail)))`);
  const boom = new Error('boom');
  for (const ns of [awe, WebAssembly]) {
    const i = new ns.Instance(new ns.Module(bytes), { env: { fail: () => { throw boom; } } });
    assert.throws(() => i.exports.f(), (e) => e === boom);
  }
});

test('a memory made in JavaScript is imported, grown and seen by both sides', () => {
  const bytes = wat(`(module (import "js" "mem" (memory 1 3))
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))
    (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result i32) (i32.load8_u (local.get 0))))`);
  for (const ns of [awe, WebAssembly]) {
    const mem = new ns.Memory({ initial: 1, maximum: 3 });
    const i = new ns.Instance(new ns.Module(bytes), { js: { mem } });
    i.exports.put(10, 77);
    assert.equal(new Uint8Array(mem.buffer)[10], 77);
    assert.equal(i.exports.grow(), 1);
    assert.equal(mem.buffer.byteLength, 2 * 65536);
    assert.equal(mem.grow(1), 2);
    assert.throws(() => mem.grow(1), RangeError);
    assert.equal(i.exports.get(10), 77);
  }
  const mem = new awe.Memory({ initial: 1 });
  mem.write(3, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...new Uint8Array(mem.buffer, 3, 3)], [1, 2, 3]);
});

test('tables and globals, made in JavaScript and exported', () => {
  const bytes = wat(`(module
    (import "js" "tbl" (table 2 funcref))
    (import "js" "g" (global $g (mut i64)))
    (global (export "counter") (mut i32) (i32.const 5))
    (func $seven (result i32) (i32.const 7))
    (elem (i32.const 1) $seven)
    (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
    (func (export "bump") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g)))`);
  const results = [];
  for (const ns of [awe, WebAssembly]) {
    const tbl = new ns.Table({ element: 'anyfunc', initial: 2 });
    const g = new ns.Global({ value: 'i64', mutable: true }, 41n);
    const i = new ns.Instance(new ns.Module(bytes), { js: { tbl, g } });
    const seven = tbl.get(1);
    tbl.set(0, seven);
    results.push([
      i.exports.call(0), i.exports.bump(), g.value, i.exports.counter.value, tbl.length,
      tbl.get(0) === seven, tbl.grow(1), tbl.get(2),
    ]);
    i.exports.counter.value = 9;
    assert.equal(i.exports.counter.value, 9);
    assert.throws(() => i.exports.call(2), ns.RuntimeError);
  }
  assert.deepEqual(results[0], results[1]);
  assert.deepEqual(results[0], [7, 42n, 42n, 5, 2, true, 2, null]);
});

test('errors: CompileError, LinkError, RuntimeError with backtrace, as the standard classes', () => {
  assert.throws(() => new awe.Module(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])), awe.CompileError);
  assert.throws(() => new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])), WebAssembly.CompileError);
  assert.equal(awe.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), true);
  assert.equal(awe.validate(new Uint8Array([1, 2, 3])), false);
  const imp = wat(`(module (import "env" "m" (memory 1)))`);
  for (const ns of [awe, WebAssembly]) {
    assert.throws(() => new ns.Instance(new ns.Module(imp), { env: { m: 5 } }), ns.LinkError);
    assert.throws(() => new ns.Instance(new ns.Module(imp), {}), TypeError);
  }
  const trap = wat(`(module (func $inner (unreachable)) (func (export "outer") (call $inner)))`);
  const i = new awe.Instance(new awe.Module(trap), {});
  assert.throws(() => i.exports.outer(), (e) => {
    assert.ok(e instanceof awe.RuntimeError);
    assert.equal(e.message.split('\n')[0], 'unreachable');
    assert.match(e.message, /\n {4}at \$?inner \(function 0\)|\n {4}at function 0/);
    assert.match(e.message, /\n {4}at .*function 1/);
    return true;
  });
  assert.throws(() => awe.watToWasm('(module\n  (func (i32.const x)))'), (e) => {
    assert.ok(e instanceof awe.CompileError);
    assert.equal(e.line, 2);
    assert.equal(e.column, 20);
    assert.match(e.rendered, /module\.wat:2:20: .*\n.*\n2 \|   \(func \(i32.const x\)\)\)\n.*\^/);
    return true;
  });
});

test('fuel is an option of instantiation: a loop stops, the fuel left shows', () => {
  const bytes = wat(`(module (func (export "spin") (loop (br 0))) (func (export "one") (result i32) (i32.const 1)))`);
  const i = new awe.Instance(new awe.Module(bytes), {}, { fuel: 10000 });
  assert.equal(i.exports.one(), 1);
  assert.ok(i.fuel < 10000 && i.fuel > 0, `${i.fuel}`);
  assert.throws(() => i.exports.spin(), (e) => e instanceof awe.RuntimeError && /fuel/.test(e.message));
  assert.equal(i.fuel, 0);
  assert.equal(new awe.Instance(new awe.Module(bytes), {}).fuel, undefined);
});

test('the toolkit: binary to text, annotated bytes, values as the CLI writes them', () => {
  const bytes = wat(`(module (func (export "f") (result i32) (i32.const 42)))`);
  assert.match(awe.wasmToWat(bytes), /i32\.const 42/);
  const a = awe.annotate(bytes);
  assert.equal(a.error, null);
  assert.deepEqual(a.sections.map((s) => s.name), ['type', 'function', 'export', 'code']);
  assert.ok(a.notes.some((n) => n.text === 'magic: \\0asm' && n.start === 0 && n.end === 4));
  assert.ok(a.notes.some((n) => /i32\.const 42/.test(n.text)));
  assert.equal(awe.annotate(bytes.subarray(0, 12)).error.offset > 8, true);
  assert.equal(awe.valueToText('f64', -0), '-0');
  assert.equal(awe.valueToText('i64', -5n), '-5');
  assert.equal(awe.valueToText('f32', NaN), 'nan');
  assert.equal(awe.valueFromText('i32', '0xffffffff'), -1);
  assert.throws(() => awe.valueFromText('i32', 'x'), TypeError);
});

test('recursion through imports deeper than the stack of awe ends with an error, and awe goes on', () => {
  // With a JavaScript stack larger than awe's own (1 MiB in its memory), awe's guard
  // must stop the recursion before its stack runs out.
  const out = execFileSync(process.execPath, ['--stack-size=6000', fileURLToPath(new URL('deep-recursion.mjs', import.meta.url))], { encoding: 'utf8' });
  const r = JSON.parse(out);
  assert.equal(r.after, 50);
  assert.match(r.stopped, /^RangeError: Maximum call stack size exceeded/);
});

// GC (awe alone: node 20's V8 knows only the pre-standard encoding).
const GC_WAT = `(module
  (type $pt (struct (field i32) (field (mut f64))))
  (func (export "make") (param i32) (result (ref $pt))
    (struct.new $pt (local.get 0) (f64.const 0.5)))
  (func (export "x") (param (ref null $pt)) (result i32) (struct.get $pt 0 (local.get 0)))
  (func (export "id") (param anyref) (result anyref) (local.get 0))
  (func (export "same") (param anyref anyref) (result i32)
    (ref.eq (ref.cast eqref (local.get 0)) (ref.cast eqref (local.get 1))))
  (func (export "is_pt") (param anyref) (result i32) (ref.test (ref $pt) (local.get 0))))`;

test('structs cross to JavaScript as opaque objects and back, one object each', () => {
  const { exports: e } = new awe.Instance(new awe.Module(wat(GC_WAT)), {});
  const p = e.make(7);
  assert.equal(typeof p, 'object');
  assert.ok(Object.isFrozen(p));
  assert.equal(e.x(p), 7);
  assert.equal(e.id(p), p, 'the same JavaScript object each time');
  assert.equal(e.same(p, e.id(p)), 1);
  assert.equal(e.same(p, e.make(7)), 0);
  // Numbers that fit become i31, other values host references, both round trip.
  assert.equal(e.id(5), 5);
  assert.equal(e.id(-(2 ** 30)), -(2 ** 30));
  const o = { any: 'thing' };
  assert.equal(e.id(o), o);
  assert.equal(e.id(2 ** 40), 2 ** 40);
  assert.equal(e.id(null), null);
  assert.equal(e.is_pt(p), 1);
  assert.equal(e.is_pt(o), 0);
  assert.throws(() => e.x(o), TypeError);
  assert.equal(awe.valueToText('anyref', p), '(struct 7 0.5)');
  // As the playground shows results: by the export's own types.
  const ty = awe.exportType(new awe.Module(wat(GC_WAT)), 'make');
  assert.deepEqual(ty.params, ['i32']);
  assert.match(ty.results[0], /^\(ref \d+\)$/);
  assert.equal(awe.valueToText(ty.results[0], p), '(struct 7 0.5)');
  assert.deepEqual(awe.exportType(new awe.Module(wat(GC_WAT)), 'x').params, [ty.results[0].replace('ref', 'ref null')]);
  assert.equal(awe.valueToText('anyref', 12), 'i31 12');
});

test('a struct JavaScript dropped is released once JavaScript collects its object', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('gc-release.mjs', import.meta.url))], { encoding: 'utf8' });
  const r = JSON.parse(out);
  assert.ok(r.held >= 1000, out);
  assert.ok(r.after < 100, out);
  assert.equal(r.kept, 3);
});
