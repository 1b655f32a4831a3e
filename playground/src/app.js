// The playground: build the editor's text into bytes with awe, show every byte and what
// it is, run an export in awe (with fuel) and in the browser's own WebAssembly, and keep
// the page's state in the URL fragment: #src=<base64url of the text>&invoke=<export>&args=<a,b>.

import * as awe from './awe/awe.js';
import { examples } from './examples.js';

const $ = (id) => document.getElementById(id);
const editor = $('editor');
let bytes = null; // the built module

// ---- Share links -------------------------------------------------------------------

function toBase64Url(text) {
  const utf8 = new TextEncoder().encode(text);
  let bin = '';
  for (const b of utf8) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function shareLink() {
  const params = new URLSearchParams();
  params.set('src', toBase64Url(editor.value));
  if ($('export').value) params.set('invoke', $('export').value);
  params.set('args', $('args').value);
  return `${location.origin}${location.pathname}#${params.toString()}`;
}

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (!params.has('src')) return null;
  return { src: fromBase64Url(params.get('src')), invoke: params.get('invoke'), args: params.get('args') ?? '' };
}

// ---- Building ------------------------------------------------------------------------

function escapeHtml(s) {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
}

/** Marks `span` of the editor's text (an error, or with `cls` the source of a byte). */
function highlight(span, cls = 'error') {
  const text = editor.value;
  if (!span) {
    $('highlight').innerHTML = escapeHtml(text) + '\n';
    return;
  }
  const start = Math.min(span.start, text.length);
  const end = Math.max(Math.min(span.end, text.length), start + 1);
  $('highlight').innerHTML = escapeHtml(text.slice(0, start)) + `<mark class="${cls}">` +
    escapeHtml(text.slice(start, end) || ' ') + '</mark>' + escapeHtml(text.slice(end)) + '\n';
}

let sourceMap = []; // [{bytes: [start, end], source: [start, end]}] of the built text
let errorSpan = null;

/** The narrowest mapping that `has` (the most precise: an instruction inside its function). */
function narrowest(has) {
  let best = null;
  for (const m of sourceMap) {
    if (has(m) && (!best || m.bytes[1] - m.bytes[0] < best.bytes[1] - best.bytes[0] ||
        (m.bytes[1] - m.bytes[0] === best.bytes[1] - best.bytes[0] && m.source[1] - m.source[0] < best.source[1] - best.source[0]))) best = m;
  }
  return best;
}

function lineCol(text, at) {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return `${line}:${at - before.lastIndexOf('\n')}`;
}

function build() {
  $('errors').textContent = '';
  highlight(null);
  errorSpan = null;
  sourceMap = [];
  try {
    bytes = awe.watToWasm(editor.value, 'module.wat');
    sourceMap = awe.sourceMap(editor.value);
  } catch (e) {
    bytes = null;
    $('errors').textContent = `error: ${e.rendered ?? e.message}`;
    errorSpan = { start: e.start ?? 0, end: e.end ?? 0 };
    highlight(errorSpan);
    showBytes(new Uint8Array(0));
    $('outline').textContent = '';
    $('export').innerHTML = '';
    return false;
  }
  showBytes(bytes);
  try {
    const module = new awe.Module(bytes);
    showOutline(module);
  } catch (e) {
    $('errors').textContent = `error: ${e.message}`;
    $('outline').textContent = '';
    $('export').innerHTML = '';
    return false;
  }
  return true;
}

function showOutline(module) {
  const a = awe.annotate(bytes);
  const lines = ['sections:'];
  for (const s of a.sections) {
    const name = s.customName ? `custom "${s.customName}"` : s.name;
    const count = s.count === null ? '' : `, ${s.count} item${s.count === 1 ? '' : 's'}`;
    lines.push(`  ${hex(s.start, 4)}..${hex(s.end, 4)}  ${name}${count}`);
  }
  const imports = module.imports();
  lines.push(`imports: ${imports.length ? '' : 'none'}`);
  for (const i of imports) lines.push(`  ${i.module}.${i.name}  ${i.type}`);
  const exports = module.exports();
  lines.push(`exports: ${exports.length ? '' : 'none'}`);
  for (const e of exports) lines.push(`  "${e.name}"  ${e.type}`);
  $('outline').textContent = lines.join('\n');
  const select = $('export');
  const previous = select.value;
  select.innerHTML = '';
  for (const e of exports.filter((e) => e.kind === 'function')) {
    const o = document.createElement('option');
    o.value = o.textContent = e.name;
    select.append(o);
  }
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

// ---- The bytes -----------------------------------------------------------------------

const hex = (n, w = 2) => n.toString(16).padStart(w, '0');
let notes = [];
let sections = [];

function showBytes(b) {
  const a = awe.annotate(b);
  notes = a.notes;
  sections = a.sections;
  if (a.error) notes = [...notes, { start: a.error.offset, end: a.error.offset + 1, indent: 0, text: `error: ${a.error.message}` }];
  const sectionStarts = new Set(a.sections.map((s) => s.start));
  const out = [];
  for (let line = 0; line < b.length; line += 16) {
    const chunk = b.subarray(line, line + 16);
    let s = `${hex(line, 8)}:`;
    for (let i = 0; i < 16; i++) {
      if (i < chunk.length) {
        const at = line + i;
        const cls = sectionStarts.has(at) ? 'b sec' : 'b';
        s += ` <span class="${cls}" data-i="${at}">${hex(chunk[i])}</span>`;
      } else s += '   ';
    }
    s += '  ' + escapeHtml(Array.from(chunk, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join(''));
    out.push(s);
  }
  $('hex').innerHTML = out.join('\n');
  $('size').textContent = `(${b.length} bytes)`;
}

function describe(i) {
  // Every note covering byte i, outermost first.
  const covering = notes.filter((n) => n.start <= i && i < Math.max(n.end, n.start + 1));
  covering.sort((x, y) => (y.end - y.start) - (x.end - x.start) || x.indent - y.indent);
  const lines = [`byte 0x${hex(i, 4)} = 0x${hex(bytes ? bytes[i] : 0)}`];
  const s = sections.find((s) => s.start <= i && i < s.end);
  lines.push(s ? `${hex(s.start, 4)}..${hex(s.end, 4)}  in the ${s.customName ? `custom section "${s.customName}"` : `${s.name} section`}` : 'in the header');
  for (const n of covering) lines.push(`${hex(n.start, 4)}..${hex(n.end, 4)}  ${'  '.repeat(n.indent)}${n.text}`);
  const m = narrowest((m) => m.bytes[0] <= i && i < m.bytes[1]);
  if (m) {
    const text = editor.value.slice(m.source[0], m.source[1]);
    const shown = text.length > 60 ? `${text.slice(0, 60).split('\n')[0]} ...` : text;
    lines.push(`source ${lineCol(editor.value, m.source[0])}: ${shown}`);
  }
  return lines.join('\n');
}

$('hex').addEventListener('mouseover', (ev) => {
  const t = ev.target;
  if (!(t instanceof HTMLElement) || !t.dataset.i) return;
  const i = Number(t.dataset.i);
  $('hover').textContent = describe(i);
  const m = narrowest((m) => m.bytes[0] <= i && i < m.bytes[1]);
  if (m) highlight({ start: m.source[0], end: m.source[1] }, 'source');
  else highlight(errorSpan);
});

// The bytes of the instruction at the editor's cursor.
function showBytesOfCursor() {
  for (const el of $('hex').querySelectorAll('span.on')) el.classList.remove('on');
  const at = editor.selectionStart;
  // The narrowest source around the cursor.
  let m = null;
  for (const x of sourceMap) {
    if (x.source[0] <= at && at <= x.source[1] && (!m || x.source[1] - x.source[0] < m.source[1] - m.source[0])) m = x;
  }
  if (!m) return;
  for (let i = m.bytes[0]; i < m.bytes[1]; i++) $('hex').querySelector(`span[data-i="${i}"]`)?.classList.add('on');
}

// ---- Running -------------------------------------------------------------------------

function splitArgs(text) {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The imports every example may use, made with `ns` (awe or WebAssembly). */
function makeImports(ns, printed, instance) {
  const mem = new ns.Memory({ initial: 1, maximum: 2 });
  const show = (...xs) => xs.map(String).join(' ');
  // The module's exported memory, else the one it imports from the page, if it does.
  const memory = () => instance()?.exports.memory ?? (importsMemory ? mem : null);
  return {
    imports: {
      console: {
        log: (...xs) => { printed.push(show(...xs)); },
        error: (...xs) => { printed.push(`error: ${show(...xs)}`); },
        log_str: (ptr, len) => {
          printed.push(new TextDecoder().decode(new Uint8Array(memory().buffer, ptr, len)));
        },
      },
      js: { mem },
    },
    memory,
  };
}

function resultLines(value, types) {
  const values = types.length === 1 ? [value] : types.length === 0 ? [] : Array.from(value);
  return values.map((v, i) => awe.valueToText(types[i], v));
}

/** Runs export `name` with `argTexts` in engine `ns`; `{text, printed, memory}`. */
function runIn(ns, module, name, argTexts, options) {
  const printed = [];
  let instance;
  const env = makeImports(ns, printed, () => instance);
  try {
    instance = ns === awe ? new awe.Instance(module, env.imports, options) : new WebAssembly.Instance(module, env.imports);
    const f = instance.exports[name];
    if (typeof f !== 'function') throw new TypeError(`no exported function "${name}"`);
    const ty = types;
    if (argTexts.length !== ty.params.length) {
      throw new TypeError(`"${name}" takes ${ty.params.length} argument${ty.params.length === 1 ? '' : 's'}, ${argTexts.length} given`);
    }
    const args = ty.params.map((t, i) => awe.valueFromText(t, argTexts[i]));
    const r = f(...args);
    return { text: resultLines(r, ty.results).join('\n'), printed, memory: env.memory(), ok: true };
  } catch (e) {
    return { text: `${e.name ?? 'Error'}: ${e.message}`, printed, memory: instance ? env.memory() : null, ok: false, fuel: /fuel/.test(e.message) };
  }
}

let types = null;

let importsMemory = false;

function memoryDump(memory) {
  if (!memory) return 'the module has no memory the page can see';
  const b = new Uint8Array(memory.buffer);
  let last = 0;
  for (let i = 0; i < b.length; i++) if (b[i]) last = i;
  const n = Math.min(b.length, Math.max(64, (last + 16) & ~15), 1024);
  const lines = [];
  for (let line = 0; line < n; line += 16) {
    const chunk = b.subarray(line, line + 16);
    lines.push(`${hex(line, 8)}: ${Array.from(chunk, (c) => hex(c)).join(' ')}  ` +
      Array.from(chunk, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join(''));
  }
  return `${b.length / 65536} page(s); the first ${n} bytes:\n${lines.join('\n')}`;
}

function run() {
  for (const id of ['awe-result', 'browser-result', 'awe-output', 'browser-output', 'memory']) $(id).textContent = '';
  if (!bytes && !build()) return;
  const name = $('export').value;
  if (!name) {
    $('awe-result').textContent = $('browser-result').textContent = 'no exported function to call';
    return;
  }
  const argTexts = splitArgs($('args').value);
  const fuel = Number($('fuel').value) || undefined;
  let aweModule;
  try {
    aweModule = new awe.Module(bytes);
    types = awe.exportType(aweModule, name);
    importsMemory = aweModule.imports().some((i) => i.kind === 'memory');
  } catch (e) {
    $('awe-result').textContent = `${e.name}: ${e.message}`;
    return;
  }
  const a = runIn(awe, aweModule, name, argTexts, { fuel });
  $('awe-result').textContent = a.text;
  $('awe-output').textContent = a.printed.join('\n');
  $('memory').textContent = memoryDump(a.memory);
  if (a.fuel) {
    $('browser-result').textContent = 'not run: awe ran out of fuel, the call may not end';
    return;
  }
  const b = runIn(WebAssembly, new WebAssembly.Module(bytes), name, argTexts, {});
  $('browser-result').textContent = b.text;
  $('browser-output').textContent = b.printed.join('\n');
  history.replaceState(null, '', shareLink());
}

// ---- Wiring --------------------------------------------------------------------------

function load(src, invoke, args) {
  editor.value = src;
  $('args').value = args ?? '';
  bytes = null;
  build();
  if (invoke) $('export').value = invoke;
}

async function main() {
  await awe.ready();
  for (const ex of examples) {
    const o = document.createElement('option');
    o.value = ex.id;
    o.textContent = ex.title;
    $('examples').append(o);
  }
  $('examples').addEventListener('change', () => {
    const ex = examples.find((e) => e.id === $('examples').value);
    load(ex.source, ex.invoke, ex.args);
    run();
  });
  $('build').addEventListener('click', () => { bytes = null; build(); });
  $('run').addEventListener('click', () => { bytes = null; if (build()) run(); });
  editor.addEventListener('input', () => { bytes = null; sourceMap = []; errorSpan = null; highlight(null); });
  editor.addEventListener('click', showBytesOfCursor);
  editor.addEventListener('keyup', showBytesOfCursor);
  editor.addEventListener('scroll', () => {
    $('highlight').scrollTop = editor.scrollTop;
    $('highlight').scrollLeft = editor.scrollLeft;
  });
  $('share').addEventListener('click', async () => {
    const link = shareLink();
    history.replaceState(null, '', link);
    try { await navigator.clipboard.writeText(link); } catch { /* not allowed: the address bar has it */ }
  });
  $('download').addEventListener('click', () => {
    if (!bytes && !build()) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
    a.download = 'module.wasm';
    a.click();
  });
  $('upload').addEventListener('change', async () => {
    const file = $('upload').files[0];
    if (!file) return;
    const data = new Uint8Array(await file.arrayBuffer());
    let text;
    try {
      text = data[0] === 0 ? awe.wasmToWat(data) : new TextDecoder().decode(data);
    } catch (e) {
      $('errors').textContent = `error: ${file.name}: ${e.message}`;
      showBytes(data);
      return;
    }
    load(text, null, '');
  });
  window.addEventListener('hashchange', () => {
    const f = readFragment();
    if (f) { load(f.src, f.invoke, f.args); run(); }
  });
  const f = readFragment();
  if (f) {
    load(f.src, f.invoke, f.args);
    run();
  } else {
    const ex = examples[0];
    load(ex.source, ex.invoke, ex.args);
  }
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('errors').textContent = `error: the playground failed to start: ${e.message}`;
  document.body.dataset.ready = 'failed';
});
