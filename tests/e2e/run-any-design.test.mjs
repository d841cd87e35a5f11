// Issue 13 point 2 end to end: any design can be run. Users come from the palette and are
// pointed at the entry point; Run without users offers to add them (one undo step); the
// goal checklist shows a verdict during and after a run; a goal added in the UI is checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openApp, openExample, nodeBox, switchLanguage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SHOTS = new URL('../../target/screenshots/', import.meta.url);
const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));
const seconds = async (page) => {
  const m = /(\d+):(\d\d):(\d\d)/.exec(await page.getByTestId('sim-clock').textContent());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : -1;
};
const shot = async (page, name) => {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: new URL(name, SHOTS).pathname });
};
const setLang = (page, code) => switchLanguage(page, code);
const viewport = { width: 1440, height: 900 };

test('users from the palette, pointed at the entry point, make requests flow', async () => {
  const { page, context, errors } = await openApp(browser, { viewport, scale: 1 });
  assert.equal((await doc(page)).traffic, undefined, 'two-tier has no users');
  // Drag the palette's Users item onto the canvas.
  const canvas = await page.getByTestId('diagram').boundingBox();
  await page.dragAndDrop('[data-testid=palette-users]', 'canvas[data-testid=diagram]', {
    targetPosition: { x: 80, y: canvas.height / 2 },
  });
  let d = await doc(page);
  assert.equal(d.traffic.length, 1);
  assert.equal(d.traffic[0].target, 'alb', 'aimed at the internet-facing load balancer');
  assert.equal(d.traffic[0].location, 'seoul', 'next to the Region');
  // Drawn left of the Internet node, selected, and edited in the inspector.
  const users = await nodeBox(page, 'users:0');
  const internet = await nodeBox(page, 'internet');
  assert.ok(users.x + users.w < internet.x, 'users stand left of the Internet');
  assert.equal(await page.getByTestId('inspector-title').textContent(), 'users');
  await page.getByTestId('users-target').selectOption('i-web-a');
  assert.equal((await doc(page)).traffic[0].target, 'i-web-a');
  // Point them back at the entry point (the link handle does the same: editor.rs unit test
  // users_are_linked_with_the_handle_to_what_they_call).
  await page.getByTestId('users-target').selectOption('alb');
  assert.equal((await doc(page)).traffic[0].target, 'alb');
  await page.getByTestId('users-pattern').selectOption('spike');
  assert.equal((await doc(page)).traffic[0].rate.pattern, 'spike');
  await page.getByTestId('users-pattern').selectOption('constant');
  await page.getByTestId('users-rps').fill('50');
  await page.getByTestId('users-rps').press('Enter');
  assert.deepEqual((await doc(page)).traffic[0].rate, { pattern: 'constant', rps: 50 });
  // Run: the clock advances and the Metrics tab shows requests.
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:00:0[3-9]|0:00:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 20000 });
  assert.ok((await seconds(page)) >= 3);
  const rps = Number(/([\d.]+)\s*\/s/.exec(await page.getByTestId('chart-rps').textContent())[1]);
  assert.ok(rps > 0, `requests per second ${rps}`);
  await page.mouse.click(users.cx, users.cy);
  await shot(page, 'run-users-en.png');
  await setLang(page, 'ko');
  await page.waitForTimeout(300);
  await shot(page, 'run-users-ko.png');
  assert.match(await page.getByTestId('inspector').textContent(), /사용자\(클라이언트 집단\)/);
  await page.getByTestId('run').click();
  // Delete the users; undo brings them back.
  await page.getByTestId('stop').click();
  await page.mouse.click(users.cx, users.cy);
  await page.keyboard.press('Delete');
  assert.equal((await doc(page)).traffic, undefined, 'deleted');
  await page.getByTestId('undo').click();
  assert.equal((await doc(page)).traffic.length, 1, 'undo brings the users back');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Run on a design without users offers them, as one undoable step', async () => {
  const { page, context, errors } = await openApp(browser, { viewport, scale: 1 });
  await page.getByTestId('run').click();
  await page.waitForSelector('[data-testid=users-offer]');
  assert.match(await page.getByTestId('users-offer').textContent(), /Seoul · 20 req\/s → web-alb/);
  await page.getByTestId('add-users-and-run').click();
  await page.waitForFunction(() => /0:00:0[2-9]|0:00:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 20000 });
  assert.equal((await doc(page)).traffic[0].target, 'alb');
  assert.equal(await page.getByTestId('users-offer').count(), 0);
  await page.getByTestId('undo').click();
  assert.equal((await doc(page)).traffic, undefined, 'one undo removes them');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an example with goals shows the checklist during and after the run; a goal added in the UI is checked', async () => {
  const { page, context, errors } = await openApp(browser, { viewport, scale: 1, example: null });
  await openExample(page, 'health-check-trap-ec2');
  // Nothing selected: the Goals editor shows the example's goals.
  assert.equal(await page.getByTestId('goal-field-availability').inputValue(), '95');
  assert.equal(await page.getByTestId('goal-field-recovery_s').inputValue(), '120');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  await page.waitForSelector('[data-testid=goal-checklist][data-finished=false]');
  // Folded to its tally, so that it hides little of the design; its header opens the list.
  assert.match(await page.getByTestId('goal-checklist').textContent(), /so far · \d\/2/);
  assert.equal(await page.getByTestId('goal-availability').count(), 0);
  await page.getByTestId('goal-toggle').click();
  const during = await page.getByTestId('goal-checklist').textContent();
  assert.match(during, /so far/);
  assert.match(during, /Availability.*%.*≥ 95 %/);
  await page.getByTestId('speed').selectOption('1000');
  await page.waitForSelector('[data-testid=goal-checklist][data-finished=true]', { timeout: 60000 });
  const verdict = await page.getByTestId('goal-checklist').textContent();
  assert.match(verdict, /Goals (met|missed) · \d\/2/);
  assert.match(await page.getByTestId('goal-availability').textContent(), /^[✓✗]/);
  await shot(page, 'run-goals-en.png');
  await setLang(page, 'ko');
  await page.waitForTimeout(300);
  await shot(page, 'run-goals-ko.png');
  assert.match(await page.getByTestId('goal-checklist').textContent(), /목표 (달성|미달)/);
  await setLang(page, 'en');
  // Add a p99 goal in the UI: the next run checks it.
  await page.getByTestId('stop').click();
  await page.getByTestId('goal-field-p99_ms').fill('5000');
  await page.getByTestId('goal-field-p99_ms').press('Enter');
  assert.equal((await doc(page)).goals.p99_ms, 5000);
  await page.getByTestId('run').click();
  await page.waitForSelector('[data-testid=goal-p99_ms]');
  assert.match(await page.getByTestId('goal-p99_ms').textContent(), /Latency p99.*ms.*≤ 5000 ms/);
  assert.deepEqual(errors, []);
  await context.close();
});
