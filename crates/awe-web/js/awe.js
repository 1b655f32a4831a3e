// awe's JavaScript API, in the shape of the standard `WebAssembly` namespace, over the
// raw API of the awe-web crate (handles; see src/api.rs). The package's entry point:
//
//   import * as awe from './awe/awe.js';
//   await awe.ready();                        // loads awe's own .wasm (once)
//   const module = new awe.Module(bytes);     // or awe.compile(bytes), a Promise
//   const instance = new awe.Instance(module, { console: { log: x => console.log(x) } },
//                                     { fuel: 1_000_000 });   // fuel: awe's option
//   instance.exports.run(1, 2n);
//
// i64 values cross as BigInt; v128 too (unsigned; the standard API refuses v128).
// Differences from the standard API: `Memory.buffer` is a copy of the memory's bytes at
// the time it is read (awe's memories live inside awe's own linear memory), so writes
// go through `memory.write(offset, bytes)`; nothing is freed before the page goes.

import init, * as raw from './awe_web.js';

let loaded = null;

/** Loads awe (its .wasm, next to this file unless `source` says where). */
export function ready(source) {
  if (!loaded) loaded = init(source === undefined ? undefined : { module_or_path: source });
  return loaded.then(() => { readyClasses(); });
}

function classes() {
  return raw.errorClasses();
}

/** Errors, as `WebAssembly`'s (defined once awe is ready). */
export let CompileError, LinkError, RuntimeError;
const readyClasses = () => {
  if (!CompileError) ({ CompileError, LinkError, RuntimeError } = classes());
};

function bytesOf(source) {
  if (source instanceof Uint8Array) return source;
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  throw new TypeError('first argument must be an ArrayBuffer or typed array object');
}

/** Whether `bytes` are a valid module. */
export function validate(bytes) {
  readyClasses();
  return raw.validate(bytesOf(bytes));
}

/** Compiles `bytes` (a Promise of a Module, as `WebAssembly.compile`). */
export async function compile(bytes) {
  await ready();
  return new Module(bytes);
}

/** Compiles and instantiates (a Promise of `{module, instance}`, or of an Instance when
 * given a Module, as `WebAssembly.instantiate`). */
export async function instantiate(source, importObject, options) {
  await ready();
  if (source instanceof Module) return new Instance(source, importObject, options);
  const module = new Module(source);
  return { module, instance: new Instance(module, importObject, options) };
}

// Coercions of the standard API (ToWebAssemblyValue / ToJSValue), by value type.
function toWasm(type, v) {
  switch (type) {
    case 'i32': return (+v) | 0;
    case 'i64':
      if (typeof v === 'number') throw new TypeError('Cannot convert a Number to a BigInt (i64)');
      return BigInt.asIntN(64, BigInt(v));
    case 'f32': return Math.fround(+v);
    case 'f64': return +v;
    case 'v128':
      if (typeof v === 'number') throw new TypeError('Cannot convert a Number to a BigInt (v128)');
      return BigInt.asUintN(128, BigInt(v));
    case 'funcref':
      if (v === null) return null;
      if (typeof v === 'function' && handles.has(v)) return handles.get(v);
      throw new TypeError('a funcref must be null or an exported WebAssembly function');
    default: return v; // externref: any value
  }
}

function toJs(type, v) {
  if (type === 'funcref') return v === null ? null : funcFor(v);
  return v;
}

// One JavaScript function per WebAssembly function (so that identity holds), and the
// handle behind each.
const funcs = new Map();
const handles = new WeakMap();

function funcFor(handle) {
  let f = funcs.get(handle);
  if (f) return f;
  const ty = raw.funcType(handle);
  f = function (...args) {
    const values = ty.params.map((t, i) => toWasm(t, args[i]));
    const results = raw.funcCall(handle, values).map((v, i) => toJs(ty.results[i], v));
    if (results.length === 0) return undefined;
    return results.length === 1 ? results[0] : results;
  };
  Object.defineProperty(f, 'name', { value: String(handle) });
  funcs.set(handle, f);
  handles.set(f, handle);
  return f;
}

function hostFunc(fn, type) {
  // `type` is the import's text: (func (param i32 i64) (result f64)).
  const { params, results } = parseFuncType(type);
  return raw.hostFunc(params.join(' '), results.join(' '), (args) => {
    const r = fn(...args.map((v, i) => toJs(params[i], v)));
    if (results.length === 0) return [];
    if (results.length === 1) return [toWasm(results[0], r)];
    const list = Array.from(r);
    if (list.length !== results.length) throw new TypeError(`expected ${results.length} results, got ${list.length}`);
    return list.map((v, i) => toWasm(results[i], v));
  });
}

function parseFuncType(text) {
  const params = [], results = [];
  // Each `(param ...)`/`(result ...)` holds type names and `(ref null? HEAP)` groups.
  for (const m of text.matchAll(/\((param|result)((?:\s+(?:[a-z0-9]+|\(ref(?: null)? [a-z0-9]+\)))*)\s*\)/g)) {
    const names = m[2].match(/\(ref(?: null)? [a-z0-9]+\)|[a-z0-9]+/g) ?? [];
    (m[1] === 'param' ? params : results).push(...names);
  }
  return { params, results };
}

/** A compiled module. */
export class Module {
  constructor(bytes) {
    readyClasses();
    this._handle = raw.moduleNew(bytesOf(bytes));
  }
  /** `[{module, name, kind}]`, as `WebAssembly.Module.imports` (with awe's `type`). */
  imports() { return raw.moduleImports(this._handle); }
  /** `[{name, kind}]`, as `WebAssembly.Module.exports` (with awe's `type`). */
  exports() { return raw.moduleExports(this._handle); }
  static imports(m) { return m.imports(); }
  static exports(m) { return m.exports(); }
  static customSections() { return []; }
}

function externOf(value, imp) {
  const what = `${imp.module}.${imp.name}`;
  switch (imp.kind) {
    case 'function':
      if (typeof value !== 'function') throw new LinkError(`import ${what}: function import requires a callable`);
      if (handles.has(value)) return handles.get(value);
      return hostFunc(value, imp.type);
    case 'memory':
      if (!(value instanceof Memory)) throw new LinkError(`import ${what}: memory import must be a WebAssembly.Memory object`);
      return value._handle;
    case 'table':
      if (!(value instanceof Table)) throw new LinkError(`import ${what}: table import requires a WebAssembly.Table`);
      return value._handle;
    case 'global':
      if (value instanceof Global) return value._handle;
      if (typeof value === 'number' || typeof value === 'bigint') {
        const m = imp.type.match(/\(global\s+(\(mut\s+)?([a-z0-9]+)/);
        if (m && !m[1]) return new Global({ value: m[2] }, value)._handle;
      }
      throw new LinkError(`import ${what}: global import must be a number, valid Wasm reference, or WebAssembly.Global object`);
    default:
      throw new LinkError(`import ${what}: ${imp.kind} imports are not supported by awe.js`);
  }
}

function wrapExtern(kind, handle) {
  switch (kind) {
    case 'function': return funcFor(handle);
    case 'memory': return Memory._of(handle);
    case 'table': return Table._of(handle);
    case 'global': return Global._of(handle);
    default: return { kind, handle };
  }
}

/** An instance: `exports` holds its exports (functions callable from JavaScript). */
export class Instance {
  /** `options.fuel`: how much fuel its calls may consume in all (awe's option). */
  constructor(module, importObject, options = {}) {
    readyClasses();
    if (!(module instanceof Module)) throw new TypeError('first argument must be a Module');
    const handles = module.imports().map((imp) => {
      const ns = importObject?.[imp.module];
      if (ns === undefined || ns === null || typeof ns !== 'object' && typeof ns !== 'function') {
        throw new TypeError(`import ${imp.module}: module is not an object or function`);
      }
      return externOf(ns[imp.name], imp);
    });
    const fuel = options.fuel === undefined ? undefined : Number(options.fuel);
    this._handle = raw.instantiate(module._handle, Uint32Array.from(handles), fuel);
    const exports = Object.create(null);
    for (const e of raw.instanceExports(this._handle)) exports[e.name] = wrapExtern(e.kind, e.handle);
    this.exports = Object.freeze(exports);
  }
  /** The fuel left (`undefined` without a fuel limit). */
  get fuel() { return raw.instanceFuel(this._handle); }
}

const memories = new Map();

/** A linear memory: `new Memory({initial, maximum})`. */
export class Memory {
  constructor(descriptor, handle) {
    readyClasses();
    if (handle === undefined) {
      if (typeof descriptor !== 'object' || descriptor === null) throw new TypeError('Memory: descriptor must be an object');
      handle = raw.memoryNew(Number(descriptor.initial ?? descriptor.minimum), descriptor.maximum === undefined ? undefined : Number(descriptor.maximum));
    }
    this._handle = handle;
    memories.set(handle, this);
  }
  static _of(handle) { return memories.get(handle) ?? new Memory(null, handle); }
  /** A copy of the bytes (see the note at the top). */
  get buffer() { return raw.memoryBytes(this._handle).buffer; }
  /** Writes `bytes` at `offset`. */
  write(offset, bytes) { raw.memoryWrite(this._handle, offset, bytesOf(bytes)); }
  /** Grows by `delta` pages; the old size in pages. */
  grow(delta) { return raw.memoryGrow(this._handle, Number(delta)); }
}

const tables = new Map();

/** A table: `new Table({element: 'anyfunc' | 'externref', initial, maximum}, value)`. */
export class Table {
  constructor(descriptor, value, handle) {
    readyClasses();
    if (handle === undefined) {
      const element = descriptor.element === 'anyfunc' ? 'funcref' : descriptor.element;
      const init = value === undefined ? (element === 'externref' ? undefined : null) : toWasm(element, value);
      handle = raw.tableNew(element, Number(descriptor.initial ?? descriptor.minimum), descriptor.maximum === undefined ? undefined : Number(descriptor.maximum), init ?? null);
    }
    this._handle = handle;
    this._element = raw.tableElement(handle);
    tables.set(handle, this);
  }
  static _of(handle) { return tables.get(handle) ?? new Table(null, undefined, handle); }
  get length() { return raw.tableSize(this._handle); }
  get(i) { return toJs(this._element, raw.tableGet(this._handle, Number(i))); }
  set(i, value = null) { raw.tableSet(this._handle, Number(i), toWasm(this._element, value)); }
  grow(delta, value = null) { return raw.tableGrow(this._handle, Number(delta), toWasm(this._element, value)); }
}

const globals = new Map();

/** A global: `new Global({value: 'i32', mutable: true}, 42)`. */
export class Global {
  constructor(descriptor, value, handle) {
    readyClasses();
    if (handle === undefined) {
      const type = descriptor.value === 'anyfunc' ? 'funcref' : descriptor.value;
      handle = raw.globalNew(type, !!descriptor.mutable, value === undefined ? undefined : toWasm(type, value));
    }
    this._handle = handle;
    this._type = raw.globalType(handle).value;
    globals.set(handle, this);
  }
  static _of(handle) { return globals.get(handle) ?? new Global(null, undefined, handle); }
  get value() { return toJs(this._type, raw.globalGet(this._handle)); }
  set value(v) { raw.globalSet(this._handle, toWasm(this._type, v)); }
  valueOf() { return this.value; }
}

// The playground's toolkit.

/** The binary of a text module (a CompileError with line, column, rendered). */
export function watToWasm(text, file = 'module.wat') { readyClasses(); return raw.watToWasm(text, file); }
/** Where each instruction's bytes came from in `text`: `[{bytes: [start, end], source:
 * [start, end]}]` (string indices), for every instruction of every function body. */
export function sourceMap(text) {
  const flat = raw.sourceMap(text);
  const out = [];
  for (let i = 0; i + 3 < flat.length; i += 4) out.push({ bytes: [flat[i], flat[i + 1]], source: [flat[i + 2], flat[i + 3]] });
  return out;
}
/** The text of a binary module. */
export function wasmToWat(bytes) { readyClasses(); return raw.wasmToWat(bytesOf(bytes)); }
/** What each byte is: `{notes, sections, error}` (as `awe inspect --hex`). */
export function annotate(bytes) { return raw.annotate(bytesOf(bytes)); }
/** A value of `type` written as `awe run --invoke` reads arguments. */
export function valueFromText(type, text) { return raw.valueFromText(type, text); }
/** The GC heap of awe's store: `{objects, bytes, collections, hostRoots}`. */
export function gcStats() { return raw.gcStats(); }
/** A value of `type` as `awe run --invoke` prints results. */
export function valueToText(type, value) {
  // A concrete type's number is its module's, not the store's: its value tells the
  // hierarchy (a function, or a struct or array).
  if (/^\(ref (null )?\d+\)$/.test(type)) type = typeof value === 'function' ? 'funcref' : 'anyref';
  if (type === 'funcref') return value === null ? 'null' : 'funcref';
  if (type === 'externref') return value === null ? 'null' : 'externref';
  return raw.valueToText(type, toWasm(type, value));
}
/** The type of a module's function export `name`, `{params, results}` (type names). */
export function exportType(module, name) {
  const e = module.exports().find((e) => e.name === name && e.kind === 'function');
  if (!e) throw new TypeError(`no exported function "${name}"`);
  return parseFuncType(e.type);
}
/** A function's type, `{params, results}` (type names). */
export function funcType(f) {
  if (!handles.has(f)) throw new TypeError('not an exported awe function');
  return raw.funcType(handles.get(f));
}
