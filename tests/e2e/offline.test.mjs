// The installable, offline app: after one visit the app reloads with the network off and
// with the server gone (examples included); a new deployment waits until the person clicks "Reload to update";
// embedded frames register no service worker. Each test serves dist/ itself (under a
// sub-path, as a static host would) so that it can stop the server or change sw.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch, openExample } from './browser.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PREFIX = '/sub/path/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain',
};

/// Serve dist/ under PREFIX for the test `t` (stopped when it ends, failed or not: a
/// server left listening once kept CI's run alive until its limit); `worker(text)` may
/// rewrite sw.js (a "new deployment"), and `files[path](text)` any other file.
async function serve(t, { worker = (text) => text } = {}) {
  const state = { worker, files: {} };
  const server = createServer(async (req, res) => {
    const url = new globalThis.URL(req.url, 'http://x');
    if (!url.pathname.startsWith(PREFIX)) { res.writeHead(404).end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(PREFIX.length)) || 'index.html';
    if (rel.includes('..')) { res.writeHead(404).end(); return; }
    try {
      let body = await readFile(path.join(DIST, rel));
      if (rel === 'sw.js') body = Buffer.from(state.worker(body.toString()));
      if (state.files[rel]) body = Buffer.from(state.files[rel](body.toString()));
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(rel)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  const stop = () => new Promise((ok) => {
    if (!server.listening) return ok();
    server.closeAllConnections();
    server.close(() => ok());
  });
  t.after(stop);
  return { url, state, stop };
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Record a dialog as an error and accept it: a "leave the page?" question would otherwise
/// be dismissed in silence, and the reload the test waits for would never come.
function watchDialogs(page, errors) {
  page.on('dialog', (d) => { errors.push(`unexpected ${d.type()} dialog: ${d.message()}`); d.accept().catch(() => {}); });
}

async function firstVisit(t, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  const errors = [];
  watchDialogs(page, errors);
  page.on('pageerror', (err) => errors.push(String(err)));
  // With the network off, the browser's own failed update checks of sw.js are logged as
  // errors; they are expected here. Anything else is a failure.
  const expected = /Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ServiceWorker/;
  page.on('console', (msg) => { if (msg.type() === 'error' && !expected.test(msg.text())) errors.push(msg.text()); });
  await page.goto(url);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  // The worker precached everything and controls the page (clients.claim on activate).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  return { context, page, errors };
}

/// The caches of builds (one per build; the worker's own bookkeeping is not one).
const buildCaches = (page) => page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith('stratus:'))));

/// Click "Reload to update" and wait for the page of the new build. If the page does not
/// reload, say what the service workers were doing then (a CI run once timed out here and
/// said nothing more).
async function reloadToUpdate(page) {
  try {
    await Promise.all([page.waitForEvent('load', { timeout: 30000 }), page.getByTestId('update-reload').click()]);
  } catch (err) {
    const state = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      const s = (w) => w?.state ?? null;
      return { installing: s(r?.installing), waiting: s(r?.waiting), active: s(r?.active), controlled: !!navigator.serviceWorker.controller };
    }).catch((e) => String(e));
    throw new Error(`no reload after "Reload to update": ${JSON.stringify(state)}: ${err.message}`);
  }
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
}

async function reloadReady(page) {
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
}

test('after one visit the app reloads offline, and with the server stopped', async (t) => {
  const site = await serve(t);
  const { context, page, errors } = await firstVisit(t, site.url);
  const scope = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
  assert.equal(scope, site.url, 'the worker is scoped to the sub-path');
  const caches = await buildCaches(page);
  assert.equal(caches.length, 1);
  assert.ok(caches[0].startsWith(`stratus:${site.url}:`), caches[0]);
  // The simulator's worker is not part of the first load, but it is precached for offline use.
  const cached = await page.evaluate((n) => caches.open(n).then((c) => c.keys()).then((k) => k.map((r) => r.url)), caches[0]);
  assert.equal(cached.filter((u) => /simworker-[0-9a-f]{16}(_bg\.wasm|\.js|_loader\.js)$/.test(u)).length, 3, cached.join(' '));

  await context.setOffline(true);
  await reloadReady(page);
  assert.equal(await page.title(), 'Stratus — AWS architecture playground');
  await context.setOffline(false);

  await site.stop();
  await reloadReady(page);
  // The canvas draws (readiness is signalled after the first frame) and a simulation runs,
  // in the worker served from the precache.
  const before = await page.getByTestId('sim-clock').textContent();
  await page.getByTestId('run').click();
  await page.waitForFunction((b) => document.querySelector('[data-testid=sim-clock]').textContent !== b && /\d:\d\d:\d\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), before);
  await page.getByTestId('run').click();
  // The built-in examples are separate files, fetched when chosen: the worker has them too.
  await openExample(page, 'nacl-ephemeral');
  assert.equal(await page.getByTestId('scenario-name').textContent(), 'The forgotten ephemeral ports');
  // A navigation to another URL inside the scope gets the app shell.
  await page.goto(site.url + '?embed=0');
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new deployment waits for the person: "Reload to update" switches to it', async (t) => {
  const site = await serve(t);
  const { context, page, errors } = await firstVisit(t, site.url);
  const [oldCache] = await buildCaches(page);
  // Deploy "a new build": a different build id gives a different cache name.
  site.state.worker = (text) => text.replace(/const BUILD ?= ?(['"])/, 'const BUILD=$1next-');
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.getByTestId('update-ready').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('update-ready').textContent(), /new version/);
  // Not taken over by itself: the old worker still controls the page, a new one waits.
  const waiting = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null));
  assert.ok(waiting, 'the new worker waits');
  assert.deepEqual(await page.evaluate(() => caches.keys()).then((k) => k.includes(oldCache)), true);

  await reloadToUpdate(page);
  await page.waitForFunction(() => caches.keys().then((k) => k.filter((n) => n.startsWith('stratus:')).length === 1));
  const keys = await buildCaches(page);
  assert.equal(keys.length, 1, `old cache deleted: ${keys}`);
  assert.ok(keys[0].includes(':next-'), keys[0]);
  assert.equal(await page.getByTestId('update-ready').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
  await site.stop();
});

test('an embedded frame registers no service worker', async (t) => {
  const site = await serve(t);
  const context = await browser.newContext();
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  await page.goto(site.url + 'index.html?embed=1');
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
  await context.close();
  await site.stop();
});

test('one tab updating does not pull the others along: each runs its own build until its person reloads', async (t) => {
  const site = await serve(t);
  const { context, page: a, errors } = await firstVisit(t, site.url);
  const b = await context.newPage();
  watchDialogs(b, errors);
  await b.goto(site.url);
  await b.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  await b.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // B is in the middle of something: state that only lives in the page, and an edit.
  await b.evaluate(() => { window.__marker = 'still here'; });
  const canvas = b.locator('canvas[data-testid=diagram]');
  await canvas.focus();
  await canvas.press('Control+a');
  await canvas.press('ArrowRight');
  const edited = await b.evaluate(() => window.__stratus.scenario());
  const [oldCache] = await buildCaches(a);

  // A new deployment, in which an example changed.
  site.state.worker = (text) => text.replace(/const BUILD ?= ?(['"])/, 'const BUILD=$1next-');
  site.state.files['examples/nacl-ephemeral.json'] = (text) => text.replace('The forgotten ephemeral ports', 'NEW BUILD');
  await a.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await a.getByTestId('update-ready').waitFor({ timeout: 20000 });
  await b.getByTestId('update-ready').waitFor({ timeout: 20000 });

  // A's person updates; B's has not.
  await reloadToUpdate(a);
  await openExample(a, 'nacl-ephemeral');
  assert.equal(await a.getByTestId('scenario-name').textContent(), 'NEW BUILD', 'A runs the new build');

  // B was not reloaded, kept its work, still offers the update, and still gets its own
  // build's files (the example as its build has it) though the new worker controls it.
  assert.equal(await b.evaluate(() => window.__marker), 'still here');
  assert.equal(await b.evaluate(() => window.__stratus.scenario()), edited);
  assert.equal(await b.getByTestId('update-ready').count(), 1);
  assert.ok((await buildCaches(b)).includes(oldCache), 'B\'s build is kept while B runs it');
  await openExample(b, 'nacl-ephemeral');
  assert.equal(await b.getByTestId('scenario-name').textContent(), 'The forgotten ephemeral ports');

  // B's person updates: B switches, and the old build's cache goes once no page runs it.
  await reloadToUpdate(b);
  await openExample(b, 'nacl-ephemeral');
  assert.equal(await b.getByTestId('scenario-name').textContent(), 'NEW BUILD');
  await b.waitForFunction((old) => caches.keys().then((k) => !k.includes(old)), oldCache, { timeout: 10000 });
  assert.equal((await buildCaches(b)).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
  await site.stop();
});
