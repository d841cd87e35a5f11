// Issue 4 end to end: the reference web app (from the Examples menu); Run makes requests
// flow on the canvas with live charts; Pause, Step and editing behave; the browser's
// simulation is bit-identical to the native one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openApp, nodeBox, drag } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const seconds = (clock) => {
  const m = /(\d+):(\d\d):(\d\d)/.exec(clock ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : -1;
};
const clockOf = async (page) => seconds(await page.getByTestId('sim-clock').textContent());
const overlay = (page) => page.evaluate(() => JSON.parse(window.__stratus.overlay()));

test('run the reference web app: requests flow, charts fill, pause, step, edit resets', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'reference-web-app' });
  assert.match(await page.getByTestId('scenario-name').textContent(), /^Reference web app/);
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:0[1-9]:|0:00:[3-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 20000 });
  // The Metrics tab opened by itself and shows about 1,000 requests/s end to end.
  const rps = Number(/Requests\s*([\d.]+)/.exec(await page.getByTestId('chart-rps').textContent())[1]);
  assert.ok(rps > 850 && rps < 1150, `end-to-end rate ${rps}/s`);
  assert.match(await page.getByTestId('chart-latency').textContent(), /ms/);
  const live = (await overlay(page)).live;
  assert.ok(live && live.busy_links >= 5, `paths carrying requests: ${JSON.stringify(live)}`);
  assert.match(await page.getByTestId('event-log').textContent(), /Simulation started/);
  // Hovering an instance shows its numbers.
  const inst = (await page.evaluate(() => JSON.parse(window.__stratus.scenario()))).nodes.find((n) => n.kind === 'instance');
  const b = await nodeBox(page, inst.id);
  await page.mouse.move(b.cx, b.cy);
  await page.waitForSelector('[data-testid=hover-card]');
  assert.match(await page.getByTestId('hover-card').textContent(), /Utilisation/);
  // Pause stops the clock; Step advances exactly one simulated second.
  // (The simulation runs in a worker: a frame already on its way when Pause is pressed may
  // still land, so the paused clock is read a moment later.)
  await page.getByTestId('run').click();
  await page.waitForTimeout(150);
  const paused = await clockOf(page);
  await page.waitForTimeout(400);
  assert.equal(await clockOf(page), paused, 'paused');
  await page.getByTestId('step').click();
  await page.waitForFunction((p) => {
    const m = /(\d+):(\d+):(\d+)/.exec(document.querySelector('[data-testid=sim-clock]').textContent);
    return m && Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) === p + 1;
  }, paused, { timeout: 5000 });
  await page.waitForTimeout(300);
  assert.equal(await clockOf(page), paused + 1, 'one step = one second, and nothing more');
  // Editing the design resets the simulation (it no longer describes what is drawn).
  await page.keyboard.down('Alt');
  await drag(page, { x: b.cx, y: b.cy }, { x: b.cx + 30, y: b.cy + 10 });
  await page.keyboard.up('Alt');
  await page.waitForFunction(() => /simulation reset/.test(document.querySelector('[data-testid=event-log]').textContent));
  assert.equal((await overlay(page)).live, null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a design without traffic offers users instead of running (#13 point 2)', async () => {
  const { page, context } = await openApp(browser);
  await page.getByTestId('run').click();
  assert.match(await page.getByTestId('users-offer').textContent(), /Nobody sends requests/);
  await page.getByTestId('offer-dismiss').click();
  assert.equal(await page.getByTestId('users-offer').count(), 0);
  assert.equal((await page.evaluate(() => JSON.parse(window.__stratus.scenario()))).traffic, undefined, 'nothing added');
  await context.close();
});

test('the browser simulation is bit-identical to the native one (shared fixture)', async () => {
  const fixture = JSON.parse(await readFile(new URL('../fixtures/sim-determinism.json', import.meta.url), 'utf8'));
  const { page, context } = await openApp(browser, { example: null });
  const r = JSON.parse(await page.evaluate(([n, d, s]) => window.__stratus.bench(n, d, s), [fixture.scenario, fixture.duration_s, fixture.seed]));
  assert.equal(r.events, fixture.events);
  assert.equal(r.fingerprint, fixture.fingerprint);
  await context.close();
});
