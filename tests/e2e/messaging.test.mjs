// Issue 17 end to end (the SQS slice): the SQS decoupling example from the Examples menu,
// run: the producers' spike builds a backlog at the queue, drawn as a bar beside its icon
// and read in its hover card, and the workers drain it once the spike ends. A queue and a
// topic added from the palette land in the Region, outside the VPC. Screenshots in Korean
// and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, openApp, nodeBox } from './browser.mjs';

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
