// Issue 13 point 3 end to end: what the simulation shows is true. In the Auto Scaling
// examples a person sees the group's instances in their subnets, a failed AZ drawn down,
// the right number of instances in service, the fault's recovery state changing while the
// run goes on, requests moving along the drawn links, and at the end a summary with the
// goals' verdict; the embed's crash button finds the group's instances.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { launch, openApp, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The live layer's report (paint.rs live_report through window.__stratus.overlay()).
const drawn = (page) => page.evaluate(() => JSON.parse(window.__stratus.overlay()).live?.drawn ?? null);

/// Wait until the simulated clock has passed `seconds`.
const clockPast = (page, seconds) => page.waitForFunction((s) => {
  const m = /(\d+):(\d\d):(\d\d)/.exec(document.querySelector('[data-testid=sim-clock]').textContent);
  return m && (+m[1]) * 3600 + (+m[2]) * 60 + (+m[3]) >= s;
}, seconds, { timeout: 60000 });

test('AZ outage in an Auto Scaling design: members in their subnets, the AZ drawn down, instances in service, live recovery, particles on the links', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'asg-az-outage', scale: 1 });
  // Slowly up to the outage at 45 s: the drawing refreshes four times a second.
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await page.getByTestId('tab-metrics').click();
  await clockPast(page, 25);
  let live = await drawn(page);
  const members = live.tiles.filter((t) => t.owner === 'asg-web');
  assert.equal(members.length, 4, JSON.stringify(live.tiles));
  assert.ok(members.every((t) => t.drawn && t.inside), 'each member is drawn inside its subnet');
  assert.deepEqual(members.map((t) => t.subnet).sort(), ['private-a', 'private-a', 'private-c', 'private-c']);
  assert.deepEqual(live.down, []);
  assert.equal(live.particle_paths.off, 0, 'every busy path rides drawn links');
  assert.ok(live.particle_paths.on_drawn_links >= 2);
  assert.match(await page.getByTestId('chart-instances').textContent(), /\b4(\.0)?\b/, 'four instances in service, not 0');

  // At 45 s AZ a goes down: it is drawn down, and the fault's row says it is failing, live.
  await clockPast(page, 50);
  await page.waitForTimeout(300);
  live = await drawn(page);
  assert.deepEqual(live.down, ['az-a']);
  const row = page.getByTestId('fault-row').first();
  assert.equal(await row.getAttribute('data-state'), 'failing');
  const first = await row.textContent();
  await page.waitForFunction((t) => document.querySelector('[data-testid=fault-row]').textContent !== t, first, { timeout: 10000 });
  assert.match(await page.getByTestId('chart-instances').textContent(), /\b2(\.0)?\b/, 'the members in az-a are out of service');
  await page.getByTestId('speed').selectOption('100');
  // The group replaces them in AZ c; the row turns to recovered while AZ a is still down.
  await page.waitForFunction(() => document.querySelector('[data-testid=fault-row]')?.dataset.state === 'recovered', null, { timeout: 60000 });
  assert.match(await row.textContent(), /recovered in \d+ s/);
  live = await drawn(page);
  assert.deepEqual(live.down, ['az-a'], 'recovered by moving, not because the AZ came back');
  const inC = live.tiles.filter((t) => t.owner === 'asg-web' && t.subnet === 'private-c' && t.state === 'healthy');
  assert.ok(inC.length >= 4, JSON.stringify(live.tiles));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a run that ends says so: a summary with requests, latency, errors, cost, availability and the goals verdict, in both languages', async () => {
  for (const [locale, finished, verdict] of [['en-US', /Run finished/, /goal/i], ['ko-KR', /실행 완료/, /목표/]]) {
    const { page, context, errors } = await openApp(browser, { example: 'health-check-trap-elb', scale: 1, locale });
    await page.getByTestId('speed').selectOption('1000');
    await page.getByTestId('run').click();
    await page.getByTestId('tab-metrics').click();
    const summary = page.getByTestId('run-summary');
    await summary.waitFor({ timeout: 90000 });
    const text = await summary.textContent();
    assert.match(text, finished);
    for (const pattern of [/p50 \/ p99/, /\d+\.\d ms/, /\d+\.\d\d %/, /\$\d+\.\d{3}/]) assert.match(text, pattern);
    assert.match(await page.getByTestId('run-verdict').textContent(), verdict);
    const goals = await page.getByTestId('run-goal').count();
    assert.equal(goals, 2, 'availability and time to recover');
    const met = await page.getByTestId('run-verdict').getAttribute('data-met');
    const each = await page.getByTestId('run-goal').evaluateAll((els) => els.map((e) => e.dataset.met));
    assert.equal(met === 'true', each.every((m) => m === 'true'), 'the verdict agrees with the goals');
    assert.match(await page.getByTestId('sim-clock').textContent(), locale === 'en-US' ? /finished/ : /완료/);
    // The run button is no longer "Pause", and the fault row has its final state.
    assert.doesNotMatch(await page.getByTestId('run').textContent(), /Pause|일시/);
    assert.match(await page.getByTestId('fault-row').first().getAttribute('data-state'), /recovered|not-recovered/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the embed crash button finds Auto Scaling instances in a design that has no other', async () => {
  const text = readFileSync(new globalThis.URL('../../scenarios/asg-az-outage.json', import.meta.url), 'utf8');
  // A share link's envelope: { scenario, view }.
  const envelope = JSON.stringify({ scenario: JSON.parse(text) });
  const fragment = 'v1:' + Buffer.from(deflateSync(Buffer.from(envelope), { level: 9 })).toString('base64url');
  const { page, context, errors } = await openApp(browser, { url: URL + 'index.html?embed=1&lang=en#' + fragment, example: null, scale: 1 });
  await page.waitForFunction(() => window.__stratus.scenario().includes('"asg-web"'), null, { timeout: 10000 });
  await page.getByTestId('fault-crash').click();
  const toast = await page.getByTestId('toast').filter({ hasText: 'Crashed' });
  await toast.waitFor();
  assert.match(await toast.textContent(), /Crashed i-\d+ \(asg-web\)/);
  assert.deepEqual(errors, []);
  await context.close();
});
