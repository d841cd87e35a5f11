// Embed mode, as a study-note page uses it (docs/embedding.md): the demo page's three frames
// are independent and never touch the reader's saved designs; a readonly frame cannot be
// edited; autoplay runs; the postMessage API obeys only the exact origin; "Copy embed code"
// gives a sandboxed iframe whose link opens the same design.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { launch, openApp, URL, drag } from './browser.mjs';

/// Embedding pages on other origins: a server on another port of the loopback address
/// (the browser refuses to frame a local app in a page it thinks is public), serving the
/// HTML registered in `pages` by path.
const pages = new Map();
let browser, host, hostOrigin;
before(async () => {
  browser = await launch();
  host = createServer((req, res) => {
    const body = pages.get(new globalThis.URL(req.url, 'http://x').pathname);
    if (body === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  hostOrigin = `http://127.0.0.1:${host.address().port}`;
});
after(async () => {
  await browser?.close();
  host?.closeAllConnections();
  await new Promise((ok) => (host ? host.close(ok) : ok()));
});

const APP_ORIGIN = new globalThis.URL(URL).origin;
const ready = (frameOrPage) => frameOrPage.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
const scenarioOf = async (frameOrPage) => JSON.parse(await frameOrPage.evaluate(() => window.__stratus.scenario()));
/// Every `stratus.*` key of this origin's localStorage, with its value.
const savedKeys = (page) => page.evaluate(() => Object.fromEntries(
  Object.keys(localStorage).filter((k) => k.startsWith('stratus.')).sort().map((k) => [k, localStorage.getItem(k)])));

/// The app frames of the demo page, in page order, once each has drawn.
async function demoFrames(page) {
  await page.goto(URL + 'embed-demo.html');
  const handles = await page.locator('iframe').elementHandles();
  assert.equal(handles.length, 3, 'three embeds');
  const frames = [];
  for (const h of handles) {
    await h.scrollIntoViewIfNeeded();
    const f = await h.contentFrame();
    await ready(f);
    frames.push(f);
  }
  return frames;
}

test('the demo page: three independent embeds that leave saved designs alone', async () => {
  // A reader who has used Stratus before: designs and choices saved on this origin.
  const { page, context, errors } = await openApp(browser, { example: 'two-tier', scale: 1 });
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.')));
  const saved = await savedKeys(page);
  await page.setViewportSize({ width: 1200, height: 2400 });

  const frames = await demoFrames(page);
  const names = [];
  for (const f of frames) {
    const s = await scenarioOf(f);
    names.push(s.name);
    // Compact chrome: no File menu, no examples, no Share; the design fitted in view.
    assert.equal(await f.getByTestId('examples').count(), 0);
    assert.equal(await f.getByTestId('share').count(), 0);
    assert.equal(await f.getByTestId('open-in-stratus').count(), 1);
    assert.ok(await f.evaluate(() => document.documentElement.lang === 'ko'));
  }
  assert.equal(new Set(names).size, 3, `three different designs: ${names}`);
  // Readonly (frames 2 and 3): no palette. The two network lessons have no traffic, so no
  // fault buttons; the health-check trap (frame 3) runs and can be broken.
  assert.equal(await frames[0].locator('aside.palette').count(), 1);
  assert.equal(await frames[1].locator('aside.palette').count(), 0);
  assert.equal(await frames[2].locator('aside.palette').count(), 0);
  for (const f of frames.slice(0, 2)) assert.equal(await f.getByTestId('fault-crash').count(), 0);
  assert.equal(await frames[2].getByTestId('fault-crash').count(), 1);
  await frames[2].getByTestId('run').click();
  await frames[2].waitForFunction(() => /0:00:0[1-9]|0:00:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent));
  await frames[2].getByTestId('run').click();
  // "Open in Stratus" opens the same design in the full app, in a new tab.
  const open = frames[1].getByTestId('open-in-stratus');
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener');
  assert.ok((await open.getAttribute('href')).startsWith(URL.replace(/[?#].*$/, '') + 'index.html#v1:'));

  // Editing one frame (frame 1 is editable) changes only that one.
  const before = await Promise.all(frames.map(scenarioOf));
  await frames[0].locator('canvas[data-testid=diagram]').focus();
  await frames[0].locator('canvas[data-testid=diagram]').press('Control+a');
  await frames[0].locator('canvas[data-testid=diagram]').press('ArrowRight');
  const after1 = await Promise.all(frames.map(scenarioOf));
  assert.notDeepEqual(after1[0], before[0], 'the editable frame changed');
  assert.deepEqual(after1[1], before[1]);
  assert.deepEqual(after1[2], before[2]);
  // The reader's saved designs and choices: untouched by the frames.
  assert.deepEqual(await savedKeys(page), saved);
  assert.deepEqual(errors, []);
  await context.close();
});

test('several embeds of designs with traffic on one page: playing one plays only that one', async () => {
  const { page, context, errors } = await openApp(browser, { example: null, scale: 1 });
  const saved = await savedKeys(page);
  pages.set('/three.html', `<!doctype html><title>three</title><link rel="icon" href="data:,">
    ${['lang=en', 'lang=ko&readonly=1', 'lang=en&faults=0'].map((q) =>
      `<iframe width="900" height="520" src="${URL}index.html?embed=1&amp;${q.replace(/&/g, '&amp;')}"></iframe>`).join('')}`);
  await page.setViewportSize({ width: 950, height: 1700 });
  await page.goto(`${hostOrigin}/three.html`);
  const frames = [];
  for (const h of await page.locator('iframe').elementHandles()) {
    const f = await h.contentFrame();
    await ready(f);
    frames.push(f);
  }
  await frames[1].getByTestId('run').click();
  await frames[1].waitForFunction(() => document.querySelector('[data-testid=sim-clock]').textContent !== '');
  await page.waitForTimeout(500);
  for (const f of [frames[0], frames[2]]) {
    assert.equal(await f.getByTestId('sim-clock').textContent(), '', 'the other frames are not running');
    assert.equal(await f.evaluate(() => JSON.parse(window.__stratus.overlay()).live), null);
  }
  assert.ok(JSON.parse(await frames[1].evaluate(() => window.__stratus.overlay())).live);
  // faults=0 (frame 3) hides the fault buttons of a design with traffic.
  assert.equal(await frames[0].getByTestId('fault-crash').count(), 1);
  assert.equal(await frames[2].getByTestId('fault-crash').count(), 0);
  await page.goto(URL + 'robots.txt');
  assert.deepEqual(await savedKeys(page), saved, 'saved designs untouched');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a readonly embed cannot be edited, only looked at, selected and run', async () => {
  const { page: demo, context: demoContext } = await openApp(browser, { example: null, scale: 1 });
  await demo.goto(URL + 'embed-demo.html');
  const src = await demo.locator('iframe').nth(1).getAttribute('src');
  await demoContext.close();
  const { page, context, errors } = await openApp(browser, { url: new globalThis.URL(src, URL).href, example: null, scale: 1 });
  const s = await scenarioOf(page);
  const id = s.nodes.map((n) => n.id).find((id) => id.startsWith('i-'));
  const box = await page.evaluate((id) => window.__stratus.nodeBox(id), id);
  assert.ok(box, `${id} is drawn`);
  const [x, y, w, h] = box;
  await drag(page, { x: x + w / 2, y: y + h / 2 }, { x: x + w / 2 + 120, y: y + h / 2 + 60 });
  assert.equal(await page.evaluate(() => window.__stratus.selected()), id, 'pressing selects');
  assert.deepEqual(await scenarioOf(page), s, 'dragging moved nothing');
  for (const key of ['ArrowRight', 'Delete', 'Control+d']) await page.keyboard.press(key);
  assert.deepEqual(await scenarioOf(page), s, 'editing shortcuts are ignored');
  assert.equal(await page.locator('aside.palette').count(), 0);
  assert.equal(await page.getByTestId('undo').count(), 0);
  // The inspector shows the selection, with every field disabled.
  await page.getByTestId('inspector').waitFor();
  assert.ok(await page.locator('fieldset.inspector-fields[disabled]').count() === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('autoplay starts the simulation; the fault buttons break it', async () => {
  const { page, context, errors } = await openApp(browser, { url: URL + 'index.html?embed=1&autoplay=1&lang=en', example: null, scale: 1 });
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').textContent !== '', null, { timeout: 10000 });
  assert.match(await page.getByTestId('run').textContent(), /Pause/);
  await page.getByTestId('fault-crash').click();
  await page.getByTestId('toast').filter({ hasText: 'Crashed' }).waitFor();
  await page.getByTestId('fault-az').click();
  await page.getByTestId('toast').filter({ hasText: 'is down' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/// A page on another origin (served by the test) framing the app with `origin=allowed`;
/// it records every message the frame posts.
async function hostPage(hostUrl, allowed) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const frameSrc = `${URL}index.html?embed=1&lang=en&origin=${encodeURIComponent(allowed)}`;
  pages.set(new globalThis.URL(hostUrl).pathname, `<!doctype html><title>host</title><script>window.msgs = [];
      addEventListener('message', (e) => window.msgs.push({ origin: e.origin, data: e.data }));</script>
      <iframe id="lab" width="900" height="560" src="${frameSrc.replace(/&/g, '&amp;')}"></iframe>`);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(hostUrl);
  const frame = await (await page.$('#lab')).contentFrame();
  await ready(frame);
  return { context, page, frame, errors };
}

const send = (page, msg) => page.evaluate(([msg, origin]) => document.getElementById('lab').contentWindow.postMessage(msg, origin), [msg, APP_ORIGIN]);
const waitMsg = (page, type) => page.waitForFunction((type) => window.msgs.find((m) => m.data?.type === type), type).then((h) => h.jsonValue());

test('postMessage: load and export from the exact origin; other origins are ignored', async () => {
  const nacl = JSON.parse(await readFile(new globalThis.URL('../../scenarios/nacl-ephemeral.json', import.meta.url), 'utf8'));
  const { context, page, frame, errors } = await hostPage(`${hostOrigin}/notes.html`, hostOrigin);
  const ready = await waitMsg(page, 'stratus:ready');
  assert.deepEqual(ready, { origin: APP_ORIGIN, data: { type: 'stratus:ready', version: 1 } });

  await send(page, { type: 'stratus:load', id: 1, scenario: nacl });
  await frame.waitForFunction((name) => JSON.parse(window.__stratus.scenario()).name === name, nacl.name);
  const changed = await waitMsg(page, 'stratus:changed');
  assert.equal(changed.data.name, nacl.name);

  await send(page, { type: 'stratus:export', id: 2 });
  const exported = await waitMsg(page, 'stratus:export');
  assert.equal(exported.data.id, '2');
  assert.equal(exported.data.scenario.name, nacl.name);
  assert.match(exported.data.link, /^#v1:/);

  await send(page, { type: 'stratus:load', id: 3, link: '#v1:@@damaged@@' });
  const error = await waitMsg(page, 'stratus:error');
  assert.equal(error.data.id, '3');
  assert.ok(error.data.message.en && error.data.message.ko);
  assert.equal((await scenarioOf(frame)).name, nacl.name, 'a refused load changes nothing');
  assert.deepEqual(errors, []);
  await context.close();

  // The same frame, allowing the notes page's origin, embedded by another origin (same
  // host, another port: origins differ by port too): obeys nothing, posts nothing.
  const elsewhere = hostOrigin.replace(/:(\d+)$/, (_, p) => `:${Number(p) === 1 ? 2 : Number(p) - 1}`);
  const evil = await hostPage(`${hostOrigin}/evil.html`, elsewhere);
  const shown = await scenarioOf(evil.frame);
  await send(evil.page, { type: 'stratus:load', id: 1, scenario: nacl });
  await send(evil.page, { type: 'stratus:export', id: 2 });
  await evil.page.waitForTimeout(800);
  assert.deepEqual(await scenarioOf(evil.frame), shown, 'a load from another origin is ignored');
  assert.deepEqual(await evil.page.evaluate(() => window.msgs), [], 'nothing is posted to another origin');
  await evil.context.close();
});

/// The reader's saved designs: every `stratus.design.*` key with its text.
const designKeys = (page) => page.evaluate(() => Object.fromEntries(
  Object.keys(localStorage).filter((k) => k.startsWith('stratus.design.')).sort().map((k) => [k, localStorage.getItem(k)])));

test('a hostile page cannot load over or read a saved design, from a popup or a frame (#12)', async () => {
  const nacl = JSON.parse(await readFile(new globalThis.URL('../../scenarios/nacl-ephemeral.json', import.meta.url), 'utf8'));
  // A reader with a saved design (the first visit's), open in a tab.
  const { page, context, errors } = await openApp(browser, { example: null, scale: 1 });
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
  const saved = await designKeys(page);
  const mine = await scenarioOf(page);
  // A page on another origin opens the full app (no embed=1) naming its own origin, in a
  // popup (one click) and in a frame, and tries every message of the embed API.
  const appUrl = `${URL}index.html?origin=${encodeURIComponent(hostOrigin)}`;
  pages.set('/hostile.html', `<!doctype html><title>hostile</title><link rel="icon" href="data:,"><script>window.msgs = [];
      addEventListener('message', (e) => window.msgs.push({ origin: e.origin, data: e.data }));</script>
      <button id="go">open</button><script>document.getElementById('go').onclick = () => { window.w = window.open(${JSON.stringify(appUrl)}); };</script>
      <iframe id="lab" width="900" height="500" src="${appUrl.replace(/&/g, '&amp;')}"></iframe>`);
  const hostile = await context.newPage();
  await hostile.goto(`${hostOrigin}/hostile.html`);
  const [popup] = await Promise.all([context.waitForEvent('page'), hostile.click('#go')]);
  await ready(popup);
  const frame = await (await hostile.$('#lab')).contentFrame();
  await ready(frame);
  const inPopup = await scenarioOf(popup);
  assert.deepEqual(inPopup, mine, 'the popup is the reader\'s own app, with their design');
  const inFrame = await scenarioOf(frame);
  for (const msg of [
    { type: 'stratus:load', id: 1, scenario: nacl },
    { type: 'stratus:export', id: 2 },
    { type: 'stratus:load', id: 3, link: '#v1:@@damaged@@' },
  ]) {
    await hostile.evaluate(([msg, origin]) => {
      window.w.postMessage(msg, origin);
      document.getElementById('lab').contentWindow.postMessage(msg, origin);
    }, [msg, APP_ORIGIN]);
  }
  await hostile.waitForTimeout(1000);
  assert.deepEqual(await scenarioOf(popup), inPopup, 'the popup obeyed no load');
  assert.deepEqual(await scenarioOf(frame), inFrame, 'the frame obeyed no load');
  assert.deepEqual(await hostile.evaluate(() => window.msgs), [], 'nothing was posted back: no export, no error, no ready');
  assert.deepEqual(await designKeys(page), saved, 'the saved design is untouched');
  assert.deepEqual(await designKeys(popup), saved);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Copy embed code copies a sandboxed iframe whose link opens the design', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'nacl-ephemeral', scale: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
  const original = await scenarioOf(page);
  await page.getByTestId('copy-embed').click();
  await page.getByTestId('toast').filter({ hasText: 'Embed code copied' }).waitFor();
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /^<iframe title="Stratus: [^"]+" src="[^"]+" width="100%" height="520" loading="lazy" style="[^"]+" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"><\/iframe>$/);
  const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  assert.ok(src.includes('?embed=1&readonly=1&lang=en#v1:'), src.slice(0, 120));

  // The snippet works: pasted into a page of another site, it shows the design, read-only.
  pages.set('/pasted.html', `<!doctype html><title>notes</title>${code}`);
  await page.goto(`${hostOrigin}/pasted.html`);
  const frame = await (await page.$('iframe')).contentFrame();
  await ready(frame);
  assert.deepEqual(await scenarioOf(frame), original);
  assert.equal(await frame.locator('aside.palette').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
