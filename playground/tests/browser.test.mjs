// The playground in a real browser: Debian's Chromium, headless, driven by playwright-core
// (the system browser; nothing is downloaded). Opens share links of every example and
// checks the results in awe and in Chromium's own WebAssembly, the hex dump and what a
// byte is, an error at line and column, a trap with its backtrace, that a share link
// reproduces the page, and that a screenshot is not blank (saved as
// playground/dist/screenshot.png; playground/screenshot.png, the README's picture, is one).
//
//   playground/build.sh && (cd playground/tests && node --test)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { examples } from '../src/examples.js';
import * as awe from '../dist/awe/awe.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const screenshot = fileURLToPath(new URL('../dist/screenshot.png', import.meta.url));
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

let server, base, browser;

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  await awe.ready(fs.readFileSync(path.join(dist, 'awe/awe_web_bg.wasm')));
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
const link = (src, invoke, args) =>
  `${base}#${new URLSearchParams({ src: base64url(src), invoke, args }).toString()}`;

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true', errors.join('\n'));
  return page;
}

const text = (page, id) => page.locator(`#${id}`).textContent();

const expected = {
  sum: { result: '55' },
  console: { result: '0', printed: '3\n2\n1' },
  hello: { result: '72', printed: 'Hello, WebAssembly!' },
  'imported-memory': { result: '336', printed: '1' },
  table: { result: '42' },
};

for (const ex of examples.filter((e) => expected[e.id])) {
  test(`share link of example ${ex.id}: the same results in awe and in the browser`, async () => {
    const page = await open(link(ex.source, ex.invoke, ex.args));
    await page.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
    const want = expected[ex.id];
    assert.equal(await text(page, 'awe-result'), want.result);
    assert.equal(await text(page, 'browser-result'), want.result);
    assert.equal(await text(page, 'awe-output'), want.printed ?? '');
    assert.equal(await text(page, 'browser-output'), want.printed ?? '');
    assert.equal(await page.locator('#editor').inputValue(), ex.source);
    const hex = await text(page, 'hex');
    assert.match(hex, /^00000000: 00 61 73 6d 01 00 00 00 /);
    await page.close();
  });
}

test('hovering a byte says what it is', async () => {
  const ex = examples[0];
  const page = await open(link(ex.source, ex.invoke, ex.args));
  await page.locator('#hex span[data-i="1"]').hover();
  assert.match(await text(page, 'hover'), /magic: \\0asm/);
  await page.locator('#hex span[data-i="8"]').hover();
  assert.match(await text(page, 'hover'), /section 1 \(type\)/);
  assert.match(await text(page, 'outline'), /"first_export"\s+\(func \(param i32 i32\) \(result i32\)\)/);
  await page.close();
});

test('a byte of an instruction shows the source it came from; the cursor shows its bytes', async () => {
  const ex = examples[0];
  const at = ex.source.indexOf('i32.add');
  const map = awe.sourceMap(ex.source);
  const m = map.find((m) => m.source[0] === at);
  assert.ok(m, 'i32.add has bytes');
  const page = await open(link(ex.source, ex.invoke, ex.args));
  await page.locator(`#hex span[data-i="${m.bytes[0]}"]`).hover();
  assert.match(await text(page, 'hover'), /  i32\.add\nsource 4:6: i32\.add$/);
  assert.equal(await page.locator('#highlight mark.source').textContent(), 'i32.add');
  await page.locator('#editor').evaluate((el, at) => el.setSelectionRange(at + 2, at + 2), at);
  await page.locator('#editor').dispatchEvent('click');
  const marked = await page.locator('#hex span.on').evaluateAll((els) => els.map((e) => Number(e.dataset.i)));
  assert.deepEqual(marked, [m.bytes[0]]);
  // A byte of an export entry: the field that made it.
  const exp = map.find((m) => ex.source.slice(m.source[0]).startsWith('(func $sum (export'));
  await page.locator(`#hex span[data-i="${exp.bytes[0]}"]`).hover();
  assert.match(await text(page, 'hover'), /\nsource 3:3: \(func \$sum \(export "first_export"\)/);
  await page.close();
});

test('a text error is shown with line, column and caret, and marked in the editor', async () => {
  const page = await open(link('(module\n  (func (result i32)\n    i32.cosnt 1))', 'f', ''));
  const errors = await text(page, 'errors');
  assert.match(errors, /^error: module\.wat:3:5: unknown operator/);
  assert.match(errors, /3 \|     i32\.cosnt 1\)\)\n\s+\| {5}\^+/);
  assert.equal(await page.locator('#highlight mark').textContent(), 'i32.cosnt');
  await page.close();
});

test('a trap shows its backtrace in awe and the browser traps too', async () => {
  const ex = examples.find((e) => e.id === 'trap');
  const page = await open(link(ex.source, ex.invoke, ex.args));
  await page.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
  const a = await text(page, 'awe-result');
  assert.match(a, /^RuntimeError: integer divide by zero\n {4}at \$?divide \(function 0\)/);
  assert.match(a, /\n {4}at \$?middle \(function 1\)/);
  assert.match(await text(page, 'browser-result'), /^RuntimeError: /);
  await page.close();
});

test('a loop that does not end runs out of fuel in awe, and is not run in the browser', async () => {
  const page = await open(link('(module (func (export "spin") (loop (br 0))))', 'spin', ''));
  await page.waitForFunction(() => document.getElementById('awe-result').textContent !== '');
  assert.match(await text(page, 'awe-result'), /^RuntimeError: .*fuel/);
  assert.match(await text(page, 'browser-result'), /not run/);
  await page.close();
});

test('an example picked on the page runs, and its share link reproduces it', async () => {
  const page = await open(base);
  await page.selectOption('#examples', 'hello');
  await page.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
  assert.equal(await text(page, 'awe-result'), '72');
  assert.match(await text(page, 'memory'), /48 65 6c 6c 6f/);
  const url = page.url();
  const again = await open(url);
  await again.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
  assert.equal(await again.locator('#editor').inputValue(), examples.find((e) => e.id === 'hello').source);
  assert.equal(await text(again, 'awe-result'), '72');
  assert.equal(await text(again, 'awe-output'), 'Hello, WebAssembly!');
  await again.close();
  await page.close();
});

test('a .wasm opened on the page is shown as text and runs; the built .wasm downloads', async () => {
  const ex = examples.find((e) => e.id === 'table');
  const wasm = awe.watToWasm(ex.source);
  const page = await open(base);
  await page.setInputFiles('#upload', { name: 'table.wasm', mimeType: 'application/wasm', buffer: Buffer.from(wasm) });
  await page.waitForFunction(() => document.getElementById('editor').value.includes('call_indirect'));
  assert.equal(await page.locator('#editor').inputValue(), awe.wasmToWat(wasm));
  await page.fill('#args', '0, 40, 2');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
  assert.equal(await text(page, 'awe-result'), '42');
  assert.equal(await text(page, 'browser-result'), '42');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const got = fs.readFileSync(await download.path());
  assert.deepEqual(new Uint8Array(got), awe.watToWasm(awe.wasmToWat(wasm)));
  await page.close();
});

test('a screenshot of the page is not blank', async () => {
  const ex = examples[0];
  const page = await open(link(ex.source, ex.invoke, ex.args));
  await page.waitForFunction(() => document.getElementById('browser-result').textContent !== '');
  // The bytes of `i32.add`, which mark their source in the editor.
  const add = awe.sourceMap(ex.source).find((m) => ex.source.startsWith('i32.add', m.source[0]));
  await page.locator(`#hex span[data-i="${add.bytes[0]}"]`).hover();
  const png = await page.screenshot({ path: screenshot });
  const blank = await (await browser.newPage({ viewport: { width: 1400, height: 1000 } })).screenshot();
  assert.ok(png.length > 4 * blank.length, `screenshot of ${png.length} bytes, a blank page ${blank.length}`);
  await page.close();
});
