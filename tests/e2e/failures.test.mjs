// Issue 5 end to end: break the design from the canvas and watch AWS heal it: an instance of
// an Auto Scaling group is crashed from the inspector's Break menu; the group replaces it,
// the event log says so in plain words, and the Metrics tab shows the fault's recovery.
// A cluster placement group makes calls between its members faster, seen in the latency chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, nodeBox } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('crash an instance from the Break menu: the group replaces it and the log shows the recovery', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'asg-az-outage' });
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  // Let the group launch and its instances pass their health checks (before the scheduled AZ outage at 45 s).
  await page.waitForFunction(() => /0:00:(2\d|3\d)/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 20000 });
  await page.getByTestId('run').click(); // pause to aim
  const asg = await nodeBox(page, 'asg-web');
  await page.mouse.click(asg.cx, asg.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'asg-web');
  await page.getByTestId('break-instance_crash').click();
  // Breaking resumes the run; the group notices, replaces the instance, and the fault heals.
  const log = page.getByTestId('event-log');
  await page.waitForFunction(() => /launched i-\d+/.test(document.querySelector('[data-testid=event-log]').textContent), null, { timeout: 30000 });
  await page.waitForFunction(() => /Recovered from fault/.test(document.querySelector('[data-testid=event-log]').textContent), null, { timeout: 60000 });
  assert.match(await log.textContent(), /failed|unhealthy|terminat/i, 'the log says what happened in plain words');
  await page.getByTestId('tab-metrics').click();
  const report = await page.getByTestId('fault-report').textContent();
  assert.match(report, /instance_crash/);
  assert.ok(await page.getByTestId('fault-timeline').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('right-click opens a context menu with the faults this element can suffer', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'reference-web-app' });
  const db = await page.evaluate(() => JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.kind === 'rds_instance').id);
  const box = await nodeBox(page, db);
  await page.mouse.click(box.cx, box.cy, { button: 'right' });
  await page.getByTestId('context-menu').waitFor();
  await page.getByTestId('menu-rds_primary_failure').click();
  await page.waitForFunction(() => /fail/i.test(document.querySelector('[data-testid=event-log]').textContent), null, { timeout: 20000 });
  assert.ok(!(await page.getByTestId('context-menu').isVisible()), 'the menu closes');
  assert.deepEqual(errors, []);
  await context.close();
});

test('EC2 lifecycle from the inspector: stop an instance, then start it again', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'reference-web-app' });
  const box = await nodeBox(page, 'i-web-a1');
  await page.mouse.click(box.cx, box.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'i-web-a1');
  await page.getByTestId('act-stop').click();
  await page.getByTestId('act-start').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('event-log').textContent(), /stop/i);
  await page.getByTestId('act-start').click();
  await page.getByTestId('act-stop').waitFor({ timeout: 20000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('cluster placement group: its members answer each other faster; switching it off slows every query', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'cluster-placement-group' });
  // Run 20 simulated seconds and read the latency chart's median.
  const p50 = async () => {
    await page.getByTestId('run').click();
    await page.waitForFunction(() => /0:00:(2\d|[3-5]\d)/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 30000 });
    await page.getByTestId('run').click();
    const text = await page.getByTestId('chart-latency').textContent();
    const m = text.match(/([\d.]+) \/ ([\d.]+) ms/);
    assert.ok(m, text);
    return Number(m[1]);
  };
  const inCluster = await p50();
  // Select the four search nodes and switch their placement group off in the inspector.
  const ids = ['search-1', 'search-2', 'search-3', 'search-4'];
  for (const [k, id] of ids.entries()) {
    const box = await nodeBox(page, id);
    if (k > 0) await page.keyboard.down('Shift');
    await page.mouse.click(box.cx, box.cy);
    if (k > 0) await page.keyboard.up('Shift');
  }
  await page.getByTestId('inspector-title').filter({ hasText: '4 elements selected' }).waitFor();
  await page.getByTestId('prop-placement_group').uncheck();
  const d = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  for (const id of ids) assert.equal(d.nodes.find((n) => n.id === id).placement_group, undefined, id);
  const apart = await p50();
  // 3 calls of 1 MiB: 0.2 ms + 0.84 ms at 10 Gbps each in the group, 0.4 ms + 1.68 ms at 5 Gbps without.
  assert.ok(apart > inCluster + 2, `p50 ${inCluster} ms in the cluster group, ${apart} ms without`);
  assert.deepEqual(errors, []);
  await context.close();
});
