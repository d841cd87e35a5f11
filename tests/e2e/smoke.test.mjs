// Smoke test of the production build: it loads cleanly, draws the example, and the
// canvas responds to a person's mouse (drag a node, pan, zoom, select, switch language).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, openExample, nodeBox, pixelAt, near, drag, switchLanguage } from './browser.mjs';

const EC2_ORANGE = '#ed7100';
/// A point on the EC2 icon's orange frame (x 7 to 9 of its 48 units; inside is transparent).
const onFrame = (b) => [b.x + (b.w * 8) / 48, b.cy];
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('loads with no console errors and signals readiness', async () => {
  const { page, errors, context } = await openApp(browser);
  assert.equal(await page.title(), 'Stratus — AWS architecture playground');
  assert.equal(await page.getByTestId('scenario-name').textContent(), 'Two-tier web app in Seoul');
  await page.waitForTimeout(300);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the canvas is drawn: an EC2 icon is orange where the engine placed it', async () => {
  const { page, context } = await openApp(browser);
  const b = await nodeBox(page, 'i-web-a');
  assert.ok(near(await pixelAt(page, ...onFrame(b)), EC2_ORANGE), 'icon pixel is orange');
  // The official icon, not the fallback tile: the chip's middle shows the subnet through it.
  await page.waitForFunction(() => document.querySelectorAll('.palette img').length > 0);
  await page.waitForTimeout(300);
  assert.ok(!near(await pixelAt(page, b.cx, b.cy), EC2_ORANGE), 'the AWS icon is drawn');
  const canvas = page.getByTestId('diagram');
  const size = await canvas.evaluate((c) => [c.width, c.clientWidth]);
  assert.equal(size[0], size[1] * 2, 'backing store at devicePixelRatio 2');
  await context.close();
});

test('dragging a node moves it and logs the move', async () => {
  const { page, context, errors } = await openApp(browser);
  const before = await nodeBox(page, 'i-web-c');
  // Alt turns grid snapping off, so the node follows the pointer exactly.
  await page.keyboard.down('Alt');
  await drag(page, { x: before.cx, y: before.cy }, { x: before.cx + 120, y: before.cy + 60 });
  await page.keyboard.up('Alt');
  const after = await nodeBox(page, 'i-web-c');
  assert.ok(Math.abs(after.cx - before.cx - 120) < 1.5, `moved right: ${after.cx - before.cx}`);
  assert.ok(Math.abs(after.cy - before.cy - 60) < 1.5, `moved down: ${after.cy - before.cy}`);
  await page.waitForTimeout(100);
  assert.ok(near(await pixelAt(page, ...onFrame(after)), EC2_ORANGE), 'drawn at the new place');
  assert.ok(!near(await pixelAt(page, ...onFrame(before)), EC2_ORANGE), 'gone from the old place');
  assert.match(await page.getByTestId('event-log').textContent(), /Moved: web-c/);
  assert.equal(await page.evaluate(() => window.__stratus.selected()), 'i-web-c');
  const layout = JSON.parse(await page.evaluate(() => window.__stratus.scenario())).layout['i-web-c'];
  assert.ok(layout.x > 930, 'the document itself changed');
  // Without Alt, the dropped position snaps to the 10-unit grid.
  const b2 = await nodeBox(page, 'i-web-c');
  await drag(page, { x: b2.cx, y: b2.cy }, { x: b2.cx + 33, y: b2.cy + 17 });
  const all = JSON.parse(await page.evaluate(() => window.__stratus.scenario())).layout;
  const snapped = all['i-web-c'];
  // On the grid, unless it lined up with another icon (alignment guides beat the grid).
  const others = Object.entries(all).filter(([id, p]) => id !== 'i-web-c' && p.w === undefined).map(([, p]) => p);
  const ok = (v, axis) => v % 10 === 0 || others.some((p) => Math.abs(p[axis] - v) < 1e-6);
  assert.ok(ok(snapped.x, 'x'), `x on the grid or aligned: ${snapped.x}`);
  assert.ok(ok(snapped.y, 'y'), `y on the grid or aligned: ${snapped.y}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dragging empty space pans, the wheel zooms about the cursor', async () => {
  const { page, context } = await openApp(browser);
  const canvasBox = await page.getByTestId('diagram').boundingBox();
  const start = await nodeBox(page, 'alb');
  // Bottom-left corner of the canvas is empty space.
  await drag(page, { x: canvasBox.x + 30, y: canvasBox.y + canvasBox.height - 40 }, { x: canvasBox.x + 130, y: canvasBox.y + canvasBox.height - 90 });
  const panned = await nodeBox(page, 'alb');
  assert.ok(Math.abs(panned.cx - start.cx - 100) < 1.5 && Math.abs(panned.cy - start.cy + 50) < 1.5, 'pan moved everything');
  await page.mouse.move(panned.cx, panned.cy);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const zoomed = await nodeBox(page, 'alb');
  assert.ok(zoomed.w > panned.w * 1.2, `zoomed in: ${panned.w} -> ${zoomed.w}`);
  assert.ok(Math.abs(zoomed.cx - panned.cx) < 1.5 && Math.abs(zoomed.cy - panned.cy) < 1.5, 'point under cursor stays put');
  await context.close();
});

test('clicking a subnet shows engine facts; Korean is one click away', async () => {
  const { page, context } = await openApp(browser);
  const subnet = await nodeBox(page, 'subnet-private-a');
  await page.mouse.click(subnet.x + 20, subnet.y + subnet.h - 12);
  const inspector = page.getByTestId('inspector');
  await page.waitForFunction(() => document.querySelector('[data-testid=inspector-title]')?.textContent === 'private-a');
  const text = await inspector.textContent();
  assert.match(text, /251 \/ 256/);
  assert.match(text, /Private/);
  await switchLanguage(page, 'ko');
  assert.match(await inspector.textContent(), /사용 가능한 주소/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  await context.close();
});

test('a Korean browser gets Korean', async () => {
  const { page, context } = await openApp(browser, { locale: 'ko-KR' });
  assert.match(await page.getByTestId('inspector').textContent(), /구성 요소를 선택하면/);
  await context.close();
});

test('the theme button switches to dark, says so in Korean, and is remembered', async () => {
  const { page, context, errors } = await openApp(browser, { locale: 'ko-KR' });
  const html = () => page.evaluate(() => document.documentElement.dataset.theme);
  const button = page.getByTestId('theme-switch');
  assert.equal(await html(), 'light', 'a light system gives the light theme');
  assert.equal(await button.getAttribute('aria-label'), '어두운 테마로 바꾸기');
  await button.click();
  assert.equal(await html(), 'dark');
  assert.equal(await button.getAttribute('aria-label'), '밝은 테마로 바꾸기');
  await page.waitForTimeout(100);
  const canvas = await page.getByTestId('diagram').boundingBox();
  assert.ok(near(await pixelAt(page, canvas.x + 4, canvas.y + canvas.height - 4), '#0f141a'), 'the canvas is dark too');
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]');
  assert.equal(await html(), 'dark', 'remembered');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with no choice made, a dark system gives the dark theme', async () => {
  const { page, context } = await openApp(browser, { example: null });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await context.close();
});

// Issue #13 point 5: a first visit opens a beginner's design a person can read (every label
// at least 10 px: the smallest text of the diagram is 10 units, drawn at 100 %), whole;
// an example opens at 100 % too, the minimap showing what is out of view; ⤢ fits it whole.
test('a first visit opens a small design at a readable 100 %; examples open at 100 %, ⤢ fits them', async () => {
  for (const [locale, name] of [['en-US', 'Your first web server'], ['ko-KR', '나의 첫 웹 서버']]) {
    const { page, context, errors } = await openApp(browser, { example: null, locale, viewport: { width: 1440, height: 900 }, scale: 1 });
    assert.equal(await page.getByTestId('scenario-name').textContent(), name);
    assert.equal(await page.evaluate(() => window.__stratus.zoom()), 1, 'labels of 10 units are 10 px');
    // Whole: every element inside the canvas.
    const canvas = await page.getByTestId('diagram').boundingBox();
    for (const n of JSON.parse(await page.evaluate(() => window.__stratus.scenario())).nodes) {
      const b = await page.evaluate((id) => window.__stratus.nodeBox(id), n.id);
      if (!b) continue;
      assert.ok(b[0] >= canvas.x && b[1] >= canvas.y && b[0] + b[2] <= canvas.x + canvas.width && b[1] + b[3] <= canvas.y + canvas.height, `${n.id} in view`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { page, context } = await openApp(browser, { example: null, viewport: { width: 1440, height: 900 }, scale: 1 });
  await openExample(page, 'reference-web-app', { whole: false });
  assert.equal(await page.evaluate(() => window.__stratus.zoom()), 1, 'an example opens at 100 % too');
  assert.ok(await page.locator('canvas.minimap').isVisible(), 'the minimap shows the rest');
  await page.getByTestId('zoom-fit').click();
  const fitted = await page.evaluate(() => window.__stratus.zoom());
  assert.ok(fitted < 0.6, `fit shows the 33 nodes whole (${fitted})`);
  await context.close();
});
