// Phones and small screens (#13 point 6): at 390×844 the canvas fills the screen, the
// palette, inspector and panels are drawers opened from a bar; with touch alone a person
// adds an element, moves it, links it and runs the design.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));
const box = async (page, id) => {
  const [x, y, w, h] = await page.evaluate((id) => window.__stratus.nodeBox(id), id);
  return { x, y, w, h, cx: x + w / 2, cy: y + h / 2 };
};

/// A one-finger drag through the browser's touch events (Playwright has taps only).
async function touchDrag(page, from, to, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const point = (p) => [{ x: p.x, y: p.y, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
  for (let i = 1; i <= steps; i++) {
    const p = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(p) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  // The browser ignores a tap that follows a finger's drag too closely (it takes it for the
  // end of the same gesture); a person lifts and taps later than this.
  await page.waitForTimeout(400);
}

for (const locale of ['en-US', 'ko-KR']) {
  test(`a phone (390×844, touch, ${locale}): the canvas fills the screen; add, move, link and run by touch`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(URL);
    await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
    await page.getByTestId('examples').selectOption('two-tier');
    await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.id === 'i-web-c'));
    // It opens at a readable 100 %, wider than a phone: the fit button shows it whole.
    await page.getByTestId('zoom-fit').tap();

    // The canvas has the screen; no panel covers it until asked for.
    const canvas = await page.getByTestId('diagram').boundingBox();
    assert.ok(canvas.width >= 380 && canvas.height >= 650, `canvas ${canvas.width}×${canvas.height}`);
    for (const sel of ['aside.palette', 'aside.inspector', 'section.bottom']) {
      const b = await page.locator(sel).boundingBox();
      const onScreen = b && b.x < 390 && b.x + b.width > 0 && b.y < 844 && b.y + b.height > 0;
      assert.ok(!onScreen, `${sel} is off screen until opened: ${JSON.stringify(b)}`);
    }
    // Nothing in the top bar wraps onto two lines.
    const tall = await page.evaluate(() => [...document.querySelectorAll('.topbar button, .topbar select')]
      .filter((e) => e.offsetParent && e.getBoundingClientRect().height > 40).map((e) => e.textContent));
    assert.deepEqual(tall, []);

    // Add: select the private subnet by a tap, open the palette, tap an EC2 instance.
    const sub = await box(page, 'subnet-private-a');
    await page.touchscreen.tap(sub.x + 12, sub.y + 40);
    await page.waitForFunction(() => window.__stratus.selected() === 'subnet-private-a');
    const before = (await doc(page)).nodes.length;
    await page.getByTestId('drawer-palette').tap();
    await page.getByTestId('palette-instance').tap();
    await page.waitForFunction((n) => JSON.parse(window.__stratus.scenario()).nodes.length === n + 1, before);
    const added = (await doc(page)).nodes.at(-1);
    assert.equal(added.kind, 'instance');
    assert.equal(added.subnet, 'subnet-private-a');
    // The palette slides away to show what was added.
    await page.waitForFunction(() => document.querySelector('aside.palette').getBoundingClientRect().right <= 1);

    // Move it with a finger.
    const at = await box(page, added.id);
    const layoutBefore = (await doc(page)).layout[added.id];
    await touchDrag(page, { x: at.cx, y: at.cy }, { x: at.cx + 30, y: at.cy + 12 });
    const layoutAfter = (await doc(page)).layout[added.id];
    assert.ok(layoutAfter.x !== layoutBefore.x || layoutAfter.y !== layoutBefore.y, 'moved by touch');

    // Link: from the load balancer's ● handle to the new instance: it becomes a target.
    const alb = await box(page, 'alb');
    await page.touchscreen.tap(alb.cx, alb.cy);
    await page.waitForFunction(() => window.__stratus.selected() === 'alb');
    // The handle sits right of the icon (as in editor.test.mjs).
    const target = await box(page, added.id);
    await touchDrag(page, { x: alb.x + alb.w + 14, y: alb.cy }, { x: target.cx, y: target.cy }, 12);
    const lb = (await doc(page)).nodes.find((n) => n.id === 'alb');
    assert.ok(lb.targets.includes(added.id), `linked: ${JSON.stringify(lb.targets)}`);

    // The inspector and the panels open as sheets from the bar.
    await page.getByTestId('drawer-inspector').tap();
    await page.waitForFunction(() => document.querySelector('.app').dataset.drawer === 'inspector');
    // The sheet slides up (a short transition): wait until it has arrived, however slow the machine.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('aside.inspector')).transform === 'none'
      && document.querySelector('aside.inspector').getBoundingClientRect().bottom <= innerHeight);
    const sheet = await page.locator('aside.inspector').boundingBox();
    assert.ok(sheet.y < 844 && sheet.y + sheet.height > 500, `inspector sheet ${JSON.stringify(sheet)}`);
    await page.getByTestId('drawer-panels').tap();
    await page.waitForFunction(() => document.querySelector('.app').dataset.drawer === 'panels'
      && document.querySelector('section.bottom').getBoundingClientRect().bottom <= innerHeight);
    const panels = await page.locator('section.bottom').boundingBox();
    assert.ok(panels.y < 844 - 100, `panels sheet ${JSON.stringify(panels)}`);
    await page.screenshot({ path: `/tmp/phone-${locale}.png` });
    await page.getByTestId('drawer-panels').tap();

    // Run (the reference web app has traffic): the clock advances.
    await page.getByTestId('examples').selectOption('reference-web-app');
    await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.id === 'i-web-d2'));
    await page.getByTestId('run').tap();
    await page.waitForFunction(() => /\d:\d\d:0[1-9]|\d:\d\d:[1-5]\d/.test(document.querySelector('[data-testid=sim-clock]').textContent));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const locale of ['en-US', 'ko-KR']) {
  test(`a lesson on a phone (390×844, touch, ${locale}): the panel over the canvas's top, its checklist and buttons reachable, the lesson passed by its solution`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${URL}?lesson=nat-gateway-private-egress`);
    await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
    const panel = page.locator('[data-testid=lesson-panel][data-lesson="nat-gateway-private-egress"]:not([hidden])');
    await panel.waitFor({ timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-checklist] li .reason'), null, { timeout: 20000 });
    // The panel takes the top of the screen, not all of it: the canvas shows below.
    const p = await panel.boundingBox();
    const canvas = await page.getByTestId('diagram').boundingBox();
    assert.ok(p.x >= 0 && p.x + p.width <= 390.5, `the panel fits the width: ${JSON.stringify(p)}`);
    assert.ok(p.height <= 844 * 0.6, `the panel leaves the canvas room: ${p.height}`);
    assert.ok(canvas.y + canvas.height - (p.y + p.height) >= 250, 'at least 250 px of canvas below the panel');
    // Nothing in the panel is wider than the screen (no text cut off at the side).
    const wide = await page.evaluate(() => [...document.querySelectorAll('[data-testid=lesson-panel] *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.className || e.tagName));
    assert.deepEqual(wide, []);
    await page.screenshot({ path: `/tmp/stratus-screens/phone-lesson-${locale}.png` }).catch(() => {});
    // Its buttons are reached by scrolling the panel (the tap scrolls to the button first,
    // and finds it again if a grade redrew the panel meanwhile), and work by touch.
    for (let step = 0; step < 2; step++) {
      await page.getByTestId('lesson-solution').tap();
      await page.waitForFunction((n) => document.querySelector('[data-testid=solution-caption]')?.dataset.step === String(n), step + 1);
    }
    await page.getByTestId('lesson-passed').waitFor({ timeout: 20000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a lesson embedded in study notes read on a phone: the panel and the canvas fit the narrow frame', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ko-KR' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${URL}study-notes.html`);
  const iframe = page.locator('iframe').first();
  await iframe.scrollIntoViewIfNeeded();
  const frameBox = await iframe.boundingBox();
  const frame = page.frameLocator('iframe').first();
  const panel = frame.locator('[data-testid=lesson-panel]:not([hidden])');
  await panel.waitFor({ timeout: 20000 });
  const p = await panel.boundingBox();
  const canvas = await frame.getByTestId('diagram').boundingBox();
  assert.ok(p.x >= frameBox.x - 0.5 && p.x + p.width <= frameBox.x + frameBox.width + 0.5, `the panel fits the frame: ${JSON.stringify([p, frameBox])}`);
  assert.ok(canvas.x + canvas.width <= frameBox.x + frameBox.width + 0.5, 'the canvas is not pushed out of the frame');
  assert.ok(canvas.y + canvas.height - (p.y + p.height) >= 150, 'some canvas shows below the panel');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a design embedded in a narrow frame: the palette is a strip of named icons and every control fits (en, ko)', async () => {
  for (const locale of ['en-US', 'ko-KR']) {
    const { page, context, errors } = await openApp(browser, { locale, viewport: { width: 390, height: 640 }, example: null, url: `${URL}?embed=1` });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing sticks out sideways');
    const palette = await page.locator('.palette').boundingBox();
    assert.ok(palette.width <= 60, `a strip, not a column: ${palette.width}`);
    const item = page.getByTestId('palette-instance');
    assert.ok((await item.getAttribute('aria-label')).length > 2, 'named for screen readers');
    assert.match(await item.getAttribute('title'), /:/, 'and in its tooltip');
    // Every button of the top bar is on screen, whole.
    for (const b of await page.locator('.topbar button, .topbar a').all()) {
      if (!(await b.isVisible())) continue;
      const box = await b.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `${await b.textContent()} at ${box.x}+${box.width}`);
    }
    // An item is still added with a tap.
    const before = JSON.parse(await page.evaluate(() => window.__stratus.scenario())).nodes.length;
    await page.locator('.palette [data-kind=on_premises]').click();
    await page.waitForTimeout(300);
    const said = await page.getByTestId('toast').textContent().catch(() => '');
    await page.waitForFunction((n) => JSON.parse(window.__stratus.scenario()).nodes.length > n, before, { timeout: 5000 }).catch(() => assert.fail(`not added: ${said}`));
    assert.deepEqual(errors, []);
    await context.close();
  }
});
