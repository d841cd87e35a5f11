// The simulator in its Web Worker (issue #15): the first load fetches none of it; the first
// Run (or the first touch, when the browser is idle) does, once; run, pause, step and faults
// go through it; several embeds on one page each run their own; a worker that cannot load
// is reported in the person's language and the design is untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, URL, nodeBox, openExample, openRecorded } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const isWorkerFile = (u) => /\/simworker-[0-9a-f]{16}(_bg\.wasm|\.js|_loader\.js)$/.test(u);

const open = (options) => openRecorded(browser, options);

const clock = (page) => page.getByTestId('sim-clock').textContent();

test('the first load fetches no simulator; the first Run does, once, and drives it', async () => {
  const { context, page, requests, errors } = await open();
  await page.waitForTimeout(1500);
  assert.deepEqual(requests.filter(isWorkerFile), [], 'nothing of the worker before anything is touched');
  await openExample(page, 'reference-web-app');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:0[1-9]:|0:00:[2-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 20000 });
  const wasm = requests.filter((u) => isWorkerFile(u) && u.endsWith('_bg.wasm'));
  assert.equal(wasm.length, 1, `the worker's module fetched once: ${wasm}`);
  const loader = await page.evaluate(() => document.querySelector('meta[name=stratus-worker]').content);
  assert.ok(requests.some((u) => u.endsWith(loader.replace('./', '/'))), 'the page loads the loader its build names');
  // Numbers come back from the worker: the canvas has live paths and the charts fill.
  const live = await page.evaluate(() => JSON.parse(window.__stratus.overlay()).live);
  assert.ok(live && live.busy_links >= 5, JSON.stringify(live));
  // Pause, then a fault (which resumes the run) through the worker.
  await page.getByTestId('run').click();
  const web = await nodeBox(page, 'i-web-a1');
  await page.mouse.click(web.cx, web.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'i-web-a1');
  await page.getByTestId('break-instance_crash').click();
  await page.getByTestId('tab-metrics').click();
  await page.waitForFunction(() => /instance_crash/.test(document.querySelector('[data-testid=fault-report]')?.textContent ?? ''), null, { timeout: 10000 });
  // Stop and run again: one worker serves both runs.
  await page.getByTestId('stop').click();
  assert.equal(await clock(page), '');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').textContent !== '', null, { timeout: 10000 });
  assert.equal(requests.filter((u) => isWorkerFile(u) && u.endsWith('_bg.wasm')).length, 1, 'no second worker');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the worker is fetched ahead once the person starts working', async () => {
  const { context, page, requests, errors } = await open();
  await page.mouse.click(5, 450);
  // Fetched when the page idles, or 2 s after the touch at the latest.
  for (let i = 0; i < 150 && !requests.some((u) => isWorkerFile(u) && u.endsWith('_bg.wasm')); i++) await page.waitForTimeout(100);
  assert.equal(requests.filter((u) => isWorkerFile(u) && u.endsWith('_bg.wasm')).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the design\'s problems are worked out in the worker: none fetched on a first visit, an edit shows its problem, a field being typed in is kept when it arrives', async () => {
  const { context, page, requests, errors } = await open();
  await page.waitForTimeout(1000);
  assert.deepEqual(requests.filter(isWorkerFile), [], 'a first visit\'s example needs no verdicts from the worker');
  // The worker answers late (a slow network): the person is typing when the verdicts come.
  await context.route(/simworker-.*_bg\.wasm/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const select = async (id) => {
    const b = await nodeBox(page, id);
    await page.mouse.click(b.cx, b.cy);
    await page.waitForFunction((id) => window.__stratus.selected() === id, id);
  };
  const sub = await nodeBox(page, 'subnet-web');
  await page.mouse.click(sub.x + 15, sub.y + 40);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-web');
  // A block outside the VPC's 10.0.0.0/16: AWS refuses it (InvalidSubnet.Range).
  await page.getByTestId('field-cidr').fill('10.1.0.0/24');
  await page.getByTestId('field-cidr').press('Enter');
  await select('i-web');
  await page.getByTestId('field-name').fill('typed-before-the-verdicts');
  const problems = () => page.evaluate(() => document.querySelector('[data-testid=problems]').textContent);
  assert.doesNotMatch(await problems(), /InvalidSubnet/, 'the verdicts are not in yet');
  await page.waitForFunction(() => /InvalidSubnet\.Range/.test(document.querySelector('[data-testid=problems]').textContent), null, { timeout: 15000 });
  assert.equal(await page.getByTestId('field-name').inputValue(), 'typed-before-the-verdicts', 'the field is not rebuilt under the person');
  await page.getByTestId('field-name').press('Enter');
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.name === 'typed-before-the-verdicts'));
  assert.equal(requests.filter((u) => isWorkerFile(u) && u.endsWith('_bg.wasm')).length, 1, 'one worker for the page');
  // The saved design has a problem: after a reload it is shown without a touch.
  await context.unroute(/simworker-.*_bg\.wasm/);
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  await page.waitForFunction(() => /InvalidSubnet\.Range/.test(document.querySelector('[data-testid=problems]').textContent), null, { timeout: 15000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a simulator that cannot load says so in both languages; the design is untouched; Run retries', async () => {
  // In English the loader itself cannot be fetched; in Korean only the module (the loader
  // runs, its module fails inside the worker).
  for (const [locale, words, blocked] of [
    ['en-US', /simulator could not start/, /simworker-/],
    ['ko-KR', /시뮬레이터를 시작하지 못했습니다/, /simworker-.*_bg\.wasm/],
  ]) {
    const { context, page, errors } = await open({ locale });
    const before = await page.evaluate(() => window.__stratus.scenario());
    await context.route(blocked, (route) => route.abort());
    await page.getByTestId('run').click();
    await page.getByTestId('toast').filter({ hasText: words }).waitFor({ timeout: 10000 });
    assert.equal(await clock(page), '', 'no run is shown as started');
    assert.equal(await page.evaluate(() => window.__stratus.scenario()), before, 'the design is untouched');
    await context.unroute(blocked);
    await page.getByTestId('run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').textContent !== '', null, { timeout: 20000 });
    // The failed fetches are the browser's own console errors; the page threw nothing.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|simworker|simulator worker|net::ERR/.test(e)), []);
    await context.close();
  }
});

test('several embeds on one page each run their own simulation in their own worker', async () => {
  const host = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>two</title><link rel="icon" href="data:,">
      ${['lang=en&autoplay=1', 'lang=ko&autoplay=1'].map((q) => `<iframe width="700" height="420" src="${URL}index.html?embed=1&amp;${q.replace(/&/g, '&amp;')}"></iframe>`).join('')}`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  const context = await browser.newContext({ viewport: { width: 1450, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(`http://127.0.0.1:${host.address().port}/`);
  const frames = [];
  for (const h of await page.locator('iframe').elementHandles()) frames.push(await h.contentFrame());
  for (const f of frames) {
    await f.waitForFunction(() => /0:00:0[3-9]|0:00:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]')?.textContent ?? ''), null, { timeout: 20000 });
  }
  // Pausing one leaves the other running.
  await frames[0].getByTestId('run').click();
  await page.waitForTimeout(200);
  const paused = await frames[0].getByTestId('sim-clock').textContent();
  const other = await frames[1].getByTestId('sim-clock').textContent();
  await page.waitForTimeout(1500);
  assert.equal(await frames[0].getByTestId('sim-clock').textContent(), paused);
  assert.notEqual(await frames[1].getByTestId('sim-clock').textContent(), other);
  assert.equal(requests.filter((u) => isWorkerFile(u) && u.endsWith('_bg.wasm')).length, 2, 'one worker per embed');
  await context.close();
  await new Promise((ok) => host.close(ok));
});

test('verdicts that could not start are asked again once Run has started the worker', async () => {
  const { context, page, errors } = await open();
  await context.route(/simworker-/, (route) => route.abort());
  // An edit while the worker cannot load: the checker says so, the design keeps the edit.
  const sub = await nodeBox(page, 'subnet-web');
  await page.mouse.click(sub.x + 15, sub.y + 40);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-web');
  await page.getByTestId('field-cidr').fill('10.1.0.0/24');
  await page.getByTestId('field-cidr').press('Enter');
  await page.getByTestId('toast').filter({ hasText: /design checker could not start/ }).waitFor({ timeout: 15000 });
  // Back online: Run starts the worker, and the next edit's verdicts come.
  await context.unroute(/simworker-/);
  await page.getByTestId('run').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').textContent !== '', null, { timeout: 20000 });
  await page.getByTestId('stop').click();
  await page.mouse.click(sub.x + 15, sub.y + 40);
  await page.getByTestId('field-cidr').fill('10.2.0.0/24');
  await page.getByTestId('field-cidr').press('Enter');
  await page.waitForFunction(() => /InvalidSubnet\.Range/.test(document.querySelector('[data-testid=problems]').textContent), null, { timeout: 15000 });
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|simworker|simulator worker|net::ERR/.test(e)), []);
  await context.close();
});
