// The page's wasm chunks (issue #15, xtask/src/split.rs): the first load fetches none of
// them before anything is touched; after the first touch the inspector's chunk is fetched
// once (when the browser idles, or on the first selection), and its form works; later
// selections fetch nothing more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, URL, openExample, selectNode, openRecorded } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const isChunk = (u) => /\/split_[a-z0-9_]+-[0-9a-f]{16}\.wasm$/.test(u);

const open = () => openRecorded(browser);

test('no chunk before the first touch; after it the inspector\'s chunk is fetched once', async () => {
  const { context, page, requests, errors } = await open();
  await page.waitForTimeout(2500);
  assert.deepEqual(requests.filter(isChunk), [], 'no chunk before anything is touched');
  // The index.html names no chunk (no preload): only the split loader does, on demand.
  const html = await page.content();
  assert.doesNotMatch(html, /split_[a-z0-9_]+-[0-9a-f]{16}\.wasm/);
  // A design opened, nothing selected: the design's own form, made by the main module (the
  // first touch also fetches the chunk when the browser is idle, ready for the first edit).
  await openExample(page, 'reference-web-app');
  await page.getByTestId('goals-editor').waitFor();
  // The first selection: the inspector's chunk, and the node's form.
  await selectNode(page, 'i-web-a1');
  await page.getByTestId('inspector-title').waitFor({ timeout: 10000 });
  const chunks = requests.filter(isChunk);
  assert.equal(chunks.length, 1, `one chunk fetched: ${chunks}`);
  assert.match(chunks[0], /\/split_inspector-[0-9a-f]{16}\.wasm$/);
  // Another selection and a click in the form: nothing more fetched, no error.
  const webTitle = await page.getByTestId('inspector-title').textContent();
  await selectNode(page, 'alb');
  await page.waitForFunction((t) => document.querySelector('[data-testid=inspector-title]')?.textContent !== t, webTitle, { timeout: 10000 });
  assert.equal(requests.filter(isChunk).length, 1, 'the chunk is fetched once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chunk that cannot be fetched is said, not a crash: the app keeps working and the next selection fetches it again', async () => {
  const { context, page, requests, errors } = await open();
  // Every chunk refused, as when the network goes down before the chunk was cached.
  await context.route((u) => isChunk(u.toString()), (route) => route.abort('internetdisconnected'));
  await openExample(page, 'reference-web-app');
  await page.getByTestId('goals-editor').waitFor();
  await selectNode(page, 'i-web-a1');
  const said = page.getByTestId('inspector-not-loaded');
  await said.waitFor({ timeout: 10000 });
  assert.match(await said.textContent(), /could not be loaded/);
  // The app still answers: the design's form comes back with nothing selected.
  await page.keyboard.press('Escape');
  await page.getByTestId('goals-editor').waitFor({ timeout: 10000 });
  // The network is back: the next selection fetches the chunk and shows the form.
  await context.unroute((u) => isChunk(u.toString()));
  await context.route((u) => isChunk(u.toString()), (route) => route.continue());
  await selectNode(page, 'alb');
  await page.getByTestId('inspector-title').waitFor({ timeout: 10000 });
  assert.ok(requests.filter(isChunk).length >= 2, 'fetched again after the failure');
  // The refused fetch is logged (the browser's failed resource, the loader's "Failed to
  // fetch"); nothing else: no panic of the wasm ("unreachable"), no other error.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR|Failed to fetch/.test(e)), []);
  await context.close();
});
