// Share by link, as a person uses it: Share copies a link; opening the link opens the same
// design at the same view, unsaved until the person keeps it; a damaged or hostile link opens nothing and
// says why, in the page, without crashing it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { launch, openApp, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const packed = (text) => 'v1:' + base64url(deflateSync(Buffer.isBuffer(text) ? text : Buffer.from(text), { level: 9 }));

/// A fresh page opened at `url` (a link), waiting for the first frame; collects errors.
const openAt = (url) => openApp(browser, { url, example: null, scale: 1 });

test('Share copies a link that reopens the same design at the same view, with the same simulation numbers, saved only when kept', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'asg-az-outage' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  const original = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  await page.getByTestId('share').click();
  await page.getByTestId('toast').filter({ hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(URL.replace(/#.*$/, '') + '#v1:'), link.slice(0, 80));
  assert.ok(link.length < 8 * 1024, `link is ${link.length} bytes`);
  const before = await page.evaluate(() => window.__stratus.nodeBox('alb'));

  const opened = await openAt(link);
  const shared = JSON.parse(await opened.page.evaluate(() => window.__stratus.scenario()));
  assert.deepEqual(shared, original, 'same document, seed and settings included');
  assert.equal(await opened.page.getByTestId('scenario-name').textContent(), original.name);
  assert.equal(await opened.page.evaluate(() => location.hash), '', 'the fragment is taken out of the address');
  // Same view: the same node at the same place on a same-sized canvas.
  const after = await opened.page.evaluate(() => window.__stratus.nodeBox('alb'));
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(after[i] - before[i]) < 1.5, `nodeBox ${before} vs ${after}`);
  // The same simulation numbers for the same seed, in the other browser context.
  const here = await page.evaluate(() => window.__stratus.runFingerprint(120));
  const there = await opened.page.evaluate(() => window.__stratus.runFingerprint(120));
  assert.ok(here, 'the design simulates');
  assert.equal(there, here, 'same seed, same numbers');
  // Not saved until the person keeps it: a reload without keeping forgets it…
  await opened.page.getByTestId('link-banner').waitFor();
  assert.equal(await opened.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stratus.design.')).length), 0,
    'nothing saved in the fresh browser until the person keeps it');
  // …and Keep makes it a saved design of its own: a reload keeps it without the link.
  await opened.page.getByTestId('keep-linked').click();
  assert.ok(!(await opened.page.getByTestId('link-banner').isVisible()));
  await opened.page.reload();
  await opened.page.waitForSelector('html[data-stratus-ready="true"]');
  assert.equal(await opened.page.getByTestId('scenario-name').textContent(), original.name);
  assert.deepEqual(errors, []);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
  await context.close();
});

test('damaged and hostile links open nothing and say why', async () => {
  const zeros = Buffer.alloc(100 * 1024 * 1024, 0x30);
  const cases = [
    ['#v1:@@not-base64@@', /damaged/],
    ['#v1:' + base64url(Buffer.from('not zlib at all')), /damaged or cut short/],
    ['#v2:' + base64url(Buffer.from('future')), /share format 'v2'/],
    ['#' + packed(zeros), /unpacks to more than/],
    ['#' + packed('{"scenario": [1, 2'), /not a Stratus design/],
    // Cut on a 4-character boundary: valid base64, but the zlib stream ends early.
    ['#' + packed('{"scenario":{"format":1,"nodes":[]},"view":{"x":1,"y":2,"zoom":1}}').slice(0, 23), /damaged or cut short/],
    ['#' + packed('{"scenario":{"format":99,"nodes":[]}}'), /format 99/],
  ];
  for (const [fragment, message] of cases) {
    const { page, context, errors } = await openAt(URL + fragment);
    // The sentence replaces the message's code once the catalogue is in (a few ms).
    await page.waitForFunction(
      (re) => new RegExp(re).test(document.querySelector('[data-testid=toast]')?.textContent ?? ''),
      message.source,
      { timeout: 5000 },
    ).catch(() => {});
    const toast = await page.getByTestId('toast').textContent();
    assert.match(toast, message, fragment.slice(0, 40));
    // The first-visit example is shown instead; the page keeps working.
    assert.match(await page.getByTestId('scenario-name').textContent(), /^Your first web server/);
    assert.deepEqual(errors.filter((e) => !e.includes('favicon')), [], fragment.slice(0, 40));
    await context.close();
  }
});

test('the embed demo page shows three live diagrams from links in its HTML', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const demo = await ctx.newPage();
  const problems = [];
  demo.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  await demo.goto(URL + 'embed-demo.html');
  const frames = demo.locator('iframe');
  assert.equal(await frames.count(), 3);
  const names = [];
  for (let i = 0; i < 3; i++) {
    await frames.nth(i).scrollIntoViewIfNeeded();
    const frame = demo.frameLocator('iframe').nth(i);
    await frame.locator('html[data-stratus-ready="true"]').waitFor({ timeout: 20000 });
    names.push(await frame.getByTestId('scenario-name').textContent());
  }
  // The frames are in Korean (lang=ko): built-in examples show their Korean names.
  assert.deepEqual(names, ['잊어버린 임시 포트', 'NAT 게이트웨이와 NAT 인스턴스', '상태 확인 함정: ELB 상태 확인(복구)']);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('an embedded link (?embed=1) opens the design without touching the saved designs', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'two-tier' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  await page.getByTestId('examples').selectOption('peering-non-transitive');
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).name === 'Peering is not transitive');
  await page.getByTestId('share').click();
  await page.getByTestId('toast').filter({ hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  // Same browser profile (same storage), as a frame in a study note would be.
  const frame = await context.newPage();
  frame.on('pageerror', (err) => errors.push(String(err)));
  await frame.goto(link.replace('#', '?embed=1&lang=ko#'));
  await frame.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  // In Korean (lang=ko), a built-in example shows its Korean name.
  assert.equal(await frame.getByTestId('scenario-name').textContent(), '피어링은 전이되지 않는다');
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'ko', 'lang=ko');
  // An edit in the frame is not saved either (embed mode has no Examples menu: move everything).
  const before = await frame.evaluate(() => window.__stratus.scenario());
  await frame.getByTestId('diagram').focus();
  await frame.keyboard.press('Control+a');
  await frame.keyboard.press('ArrowRight');
  await frame.waitForFunction((b) => window.__stratus.scenario() !== b, before);
  await frame.waitForTimeout(300);
  assert.equal(await frame.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), saved);
  assert.deepEqual(errors, []);
  await context.close();
});
