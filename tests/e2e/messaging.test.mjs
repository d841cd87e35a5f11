// Issue 17 end to end (the SQS slice): the SQS decoupling example from the Examples menu,
// run: the producers' spike builds a backlog at the queue, drawn as a bar beside its icon
// and read in its hover card, and the workers drain it once the spike ends. A queue and a
// topic added from the palette land in the Region, outside the VPC. Screenshots in Korean
// and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, openApp, nodeBox, drag, selectNode, addFromPalette } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SHOTS = process.env.STRATUS_SCREENS ?? '/tmp/stratus-screens';
const overlay = (page) => page.evaluate(() => JSON.parse(window.__stratus.overlay()));
const clock = async (page) => {
  const m = /(\d+):(\d\d):(\d\d)/.exec(await page.getByTestId('sim-clock').textContent());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : -1;
};

for (const [locale, lang] of [['en-US', 'en'], ['ko-KR', 'ko']]) {
  test(`a spike builds a backlog at the SQS queue and the workers drain it (${lang})`, async () => {
    const { page, errors } = await openApp(browser, { locale, example: 'sqs-decoupling' });
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('run').click();
    // During the spike (from 60 s), the backlog grows to thousands of messages.
    let peak = 0;
    let shot = false;
    for (let i = 0; i < 400 && (await clock(page)) < 200; i++) {
      const backlog = (await overlay(page)).live?.drawn?.backlogs?.orders ?? 0;
      peak = Math.max(peak, backlog);
      if (!shot && backlog > 3000) {
        const b = await nodeBox(page, 'orders');
        await page.mouse.move(b.cx, b.cy);
        await page.waitForSelector('[data-testid=hover-card]');
        const card = await page.getByTestId('hover-card').textContent();
        assert.match(card, lang === 'en' ? /Queue/ : /대기/, card);
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}/sqs-backlog-${lang}.png` });
        await page.mouse.move(5, 5);
        shot = true;
      }
      await page.waitForTimeout(100);
    }
    assert.ok(peak > 3000, `backlog during the spike: ${peak}`);
    // After the spike, the workers catch up: the backlog goes back to (almost) nothing.
    await page.getByTestId('speed').selectOption('100');
    await page.waitForFunction(() => {
      const o = JSON.parse(window.__stratus.overlay());
      const m = /(\d+):(\d\d):(\d\d)/.exec(document.querySelector('[data-testid=sim-clock]').textContent);
      const t = m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
      return t > 200 && (o.live?.drawn?.backlogs?.orders ?? 0) < 200;
    }, null, { timeout: 30000 });
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('a queue and a topic added from the palette land in the Region, outside the VPC', async () => {
  const { page, errors } = await openApp(browser, { example: 'two-tier' });
  for (const kind of ['sqs_queue', 'sns_topic']) {
    await page.getByTestId(`palette-${kind}`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.kind === k), kind);
  }
  const doc = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  const vpc = await nodeBox(page, 'vpc-main');
  const region = await nodeBox(page, 'region-seoul');
  for (const kind of ['sqs_queue', 'sns_topic']) {
    const node = doc.nodes.find((n) => n.kind === kind);
    assert.equal(node.region, 'region-seoul');
    const b = await nodeBox(page, node.id);
    const inVpc = b.cx > vpc.x && b.cx < vpc.x + vpc.w && b.cy > vpc.y && b.cy < vpc.y + vpc.h;
    const inRegion = b.cx > region.x && b.cx < region.x + region.w && b.cy > region.y && b.cy < region.y + region.h;
    assert.ok(inRegion && !inVpc, `${kind} drawn at ${JSON.stringify(b)}`);
  }
  assert.doesNotMatch(await page.getByTestId('event-log').textContent(), /Not placed/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

// Issue 17 point 6: the decoupling design built from a blank canvas with the palette, the
// link handle and the inspector, run, spiked from the Break menu and repaired: the queue's
// backlog grows during the spike (bar and chart), and drains after it.
test('build the SQS decoupling design from the palette, spike it and watch the backlog drain', async () => {
  const { page, context, errors } = await openApp(browser, { viewport: { width: 1440, height: 900 }, scale: 1, example: null });
  const doc = () => page.evaluate(() => JSON.parse(window.__stratus.scenario()));
  const select = (id) => selectNode(page, id);
  const add = (kind) => addFromPalette(page, kind);
  const newTable = async (vpc, routeTo, subnet) => {
    await select(vpc);
    await page.getByTestId('new-route-table').click();
    await page.waitForFunction((v) => window.__stratus.selected() !== v, vpc);
    await page.getByTestId('route-add').click();
    await page.getByTestId('route-target-0').selectOption(routeTo);
    await page.getByTestId(`assoc-${subnet}`).check();
  };
  await page.getByTestId('file-menu').click();
  await page.getByTestId('new-design').click();
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.length === 0);

  // A Region, a VPC with a public and a private subnet, an Internet gateway and a NAT
  // gateway with their route tables: the workers reach SQS's public endpoint through NAT.
  const region = await add('region');
  const vpc = await add('vpc');
  await select(vpc);
  const pub = await add('subnet');
  await select(vpc);
  const priv = await add('subnet');
  await select(vpc);
  const igw = await add('internet_gateway');
  await newTable(vpc, igw, pub);
  await select(pub);
  const nat = await add('nat_gateway');
  await newTable(vpc, nat, priv);
  // The workers: an Auto Scaling group in the private subnet.
  await select(priv);
  const asg = await add('auto_scaling_group');
  // The queue, a regional service: it lands in the Region, outside the VPC.
  await select(region);
  const queue = await add('sqs_queue');
  let d = await doc();
  assert.equal(d.nodes.find((n) => n.id === queue).region, region);
  // The link handle from the queue to the group: the group polls the queue.
  await select(queue);
  const q = await nodeBox(page, queue);
  const g = await nodeBox(page, asg);
  await drag(page, { x: q.x + q.w + 14, y: q.cy }, { x: g.cx, y: g.cy }, 10);
  d = await doc();
  assert.deepEqual(d.nodes.find((n) => n.id === queue).consumers, [asg], 'the group consumes the queue');
  // Producers: users added with the queue selected send to it.
  await select(queue);
  await add('users');
  d = await doc();
  assert.equal(d.traffic[0].target, queue, 'users aimed at the selected queue');
  await page.getByTestId('users-rps').fill('100');
  await page.getByTestId('users-rps').press('Enter');
  assert.equal(await page.getByTestId('problems').locator('.problem.error').count(), 0, 'no validation errors');
  // The Internet, whose Break menu spikes every population.
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Escape');
  const internet = await add('internet');

  // Run, then a five-fold spike of every user population from the Break menu.
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:00:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 30000 });
  const backlog = async () => (await overlay(page)).live?.drawn?.backlogs?.[queue] ?? 0;
  const calm = await backlog();
  await page.getByTestId('run').click(); // pause to aim
  await select(internet);
  await page.getByTestId('break-traffic_spike').click();
  let peak = 0;
  for (let i = 0; i < 300 && peak < 2000; i++) {
    peak = Math.max(peak, await backlog());
    await page.waitForTimeout(100);
  }
  assert.ok(peak >= 2000 && peak > 10 * (calm + 1), `the backlog grows during the spike: ${calm} → ${peak}`);
  await page.getByTestId('tab-metrics').click();
  await page.getByTestId('chart-backlog').waitFor();
  assert.match(await page.getByTestId('chart-oldest-age').textContent(), /\d/);
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('zoom-fit').click();
  await page.screenshot({ path: `${SHOTS}/sqs-built-spike-en.png` });
  // Repair ends the spike; the workers drain the backlog.
  await page.getByTestId('repair').click();
  await page.getByTestId('speed').selectOption('100');
  await page.waitForFunction((id) => (JSON.parse(window.__stratus.overlay()).live?.drawn?.backlogs?.[id] ?? 0) < 100, queue, { timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});
