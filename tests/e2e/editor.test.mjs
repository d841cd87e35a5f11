// Issue 6 end to end: the editor as a person uses it — undo/redo of a drag, multi-select
// and moving a container with its contents, copy/paste between tabs, several designs,
// importing a bad file, exporting PNG and SVG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openApp, openExample, nodeBox, drag, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));
const at = (d, id) => d.layout[id];

/// Click web-a, shift-click web-c: both selected.
async function selectBothWebInstances(page) {
  const a = await nodeBox(page, 'i-web-a');
  const c = await nodeBox(page, 'i-web-c');
  await page.mouse.click(a.cx, a.cy);
  await page.keyboard.down('Shift');
  await page.mouse.click(c.cx, c.cy);
  await page.keyboard.up('Shift');
  return { a, c };
}

test('undo and redo of a drag: one gesture is one step (buttons and keys)', async () => {
  const { page, context, errors } = await openApp(browser);
  const start = await nodeBox(page, 'alb');
  const original = at(await doc(page), 'alb');
  await drag(page, { x: start.cx, y: start.cy }, { x: start.cx + 80, y: start.cy + 40 }, 12);
  const moved = at(await doc(page), 'alb');
  assert.notDeepEqual(moved, original);
  await page.getByTestId('undo').click();
  assert.deepEqual(at(await doc(page), 'alb'), original, 'one click undoes the whole drag');
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(at(await doc(page), 'alb'), moved);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  assert.deepEqual(at(await doc(page), 'alb'), moved);
  assert.deepEqual(errors, []);
  await context.close();
});

test('shift-click selects several; dragging a subnet carries its instance; arrows nudge; Delete removes', async () => {
  const { page, context } = await openApp(browser);
  const { a } = await selectBothWebInstances(page);
  let d0 = await doc(page);
  await page.keyboard.press('ArrowRight');
  let d1 = await doc(page);
  assert.equal(at(d1, 'i-web-a').x, at(d0, 'i-web-a').x + 1);
  assert.equal(at(d1, 'i-web-c').x, at(d0, 'i-web-c').x + 1, 'both selected instances nudged');
  // Drag the subnet by its title bar: its instance moves with it.
  const sub = await nodeBox(page, 'subnet-private-a');
  d0 = await doc(page);
  await drag(page, { x: sub.x + 30, y: sub.y + 10 }, { x: sub.x + 30, y: sub.y + 70 });
  d1 = await doc(page);
  const dy = at(d1, 'subnet-private-a').y - at(d0, 'subnet-private-a').y;
  assert.ok(dy > 20, `subnet moved down ${dy}`);
  assert.equal(at(d1, 'i-web-a').y - at(d0, 'i-web-a').y, dy, 'its instance moved with it');
  assert.equal(at(d1, 'i-web-c').y, at(d0, 'i-web-c').y, 'others stayed');
  await page.keyboard.press('Delete');
  const d2 = await doc(page);
  assert.ok(!d2.nodes.some((n) => n.id === 'subnet-private-a' || n.id === 'i-web-a'), 'deleted with contents');
  await context.close();
});

test('copy in one tab, paste in another: fresh ids, references rewired', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const one = await context.newPage();
  await one.goto(URL);
  await one.waitForSelector('html[data-stratus-ready="true"]');
  await openExample(one, 'two-tier');
  const sub = await nodeBox(one, 'subnet-private-c');
  await one.mouse.click(sub.x + 20, sub.y + 50);
  await one.keyboard.press('Control+c');
  const two = await context.newPage();
  await two.goto(URL);
  await two.waitForSelector('html[data-stratus-ready="true"]');
  // A design with the copied subnet's VPC and AZ (vpc-main, az-c), so that they resolve.
  await openExample(two, 'reference-web-app');
  await two.getByTestId('diagram').focus();
  await two.keyboard.press('Control+v');
  await two.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.id === 'subnet-private-c-copy'));
  const d = await doc(two);
  const inst = d.nodes.find((n) => n.id === 'i-web-c-copy');
  assert.equal(inst.subnet, 'subnet-private-c-copy', 'the copied instance sits in the copied subnet');
  assert.equal(await two.evaluate(() => window.__stratus.selected()), 'subnet-private-c-copy');
  // Same CIDR as the original: AWS would refuse it, and the problems list says so.
  await two.getByTestId('tab-problems').click();
  assert.match(await two.getByTestId('problems').textContent(), /InvalidSubnet\.Conflict/);
  // Ctrl+D duplicates in place, too.
  await two.keyboard.press('Control+d');
  await two.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.id === 'subnet-private-c-copy-2'));
  await context.close();
});

test('several designs: new, switch, rename, and each keeps its content', async () => {
  const { page, context } = await openApp(browser);
  page.on('dialog', (dlg) => dlg.type() === 'prompt' ? dlg.accept('My lab') : dlg.accept());
  // An example is only looked at until kept (or edited).
  await page.getByTestId('keep-linked').click();
  await page.getByTestId('file-menu').click();
  await page.getByTestId('new-design').click();
  assert.equal((await doc(page)).nodes.length, 0, 'a new design is blank');
  assert.equal(await page.getByTestId('scenario-name').textContent(), 'Untitled design');
  await page.getByTestId('file-menu').click();
  await page.locator('[data-testid=designs] li.current button', { hasText: 'Rename' }).click();
  assert.equal(await page.getByTestId('scenario-name').textContent(), 'My lab');
  await page.locator('[data-testid=designs] li button.linklike', { hasText: 'Two-tier' }).click();
  assert.equal((await doc(page)).name, 'Two-tier web app in Seoul');
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]');
  assert.equal((await doc(page)).name, 'Two-tier web app in Seoul', 'the last open design reopens');
  await page.getByTestId('file-menu').click();
  assert.match(await page.getByTestId('designs').textContent(), /My lab/);
  await context.close();
});

test('the Name field shows the selected element\'s name, never the previous one\'s (#13 regression)', async () => {
  const { page, context, errors } = await openApp(browser);
  const select = async (id) => {
    const b = await nodeBox(page, id);
    await page.mouse.click(b.cx, b.cy);
    await page.waitForFunction((id) => window.__stratus.selected() === id, id);
  };
  await select('i-web-a');
  await page.getByTestId('field-name').fill('frontend-a');
  await page.getByTestId('field-name').press('Enter');
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.name === 'frontend-a'));
  await select('i-web-c');
  const webC = (await doc(page)).nodes.find((n) => n.id === 'i-web-c');
  assert.equal(await page.getByTestId('field-name').inputValue(), webC.name, 'web-c\'s own name is shown');
  // Typing into it renames web-c from its own name.
  await page.getByTestId('field-name').press('End');
  await page.getByTestId('field-name').type('2');
  await page.getByTestId('field-name').press('Enter');
  const after = await doc(page);
  assert.equal(after.nodes.find((n) => n.id === 'i-web-c').name, `${webC.name}2`);
  assert.equal(after.nodes.find((n) => n.id === 'i-web-a').name, 'frontend-a');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the canvas redraws after an inspector edit that changes no verdict (a name) (#13 regression)', async () => {
  const { page, context, errors } = await openApp(browser);
  const b = await nodeBox(page, 'i-web-a');
  await page.mouse.click(b.cx, b.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'i-web-a');
  // The label is drawn under the icon: look at a band below it, wide enough for a long name.
  const clip = { x: b.cx - 90, y: b.y + b.h, width: 180, height: 30 };
  const canvas = page.locator('canvas[data-testid=diagram]');
  const before = await page.screenshot({ clip });
  await page.getByTestId('field-name').fill('renamed-web-tier-a');
  await page.getByTestId('field-name').press('Enter');
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.name === 'renamed-web-tier-a'));
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const after = await page.screenshot({ clip });
  assert.ok(!before.equals(after), 'the new name is drawn');
  assert.ok(await canvas.isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file that is not a scenario is refused with a message; the design is untouched', async () => {
  const { page, context } = await openApp(browser);
  const before = await doc(page);
  for (const [name, body] of [['notes.json', '{"hello": 1}'], ['broken.json', '{"format":1,"nodes":[']]) {
    await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.waitForSelector('[data-testid=toast]');
    const toast = await page.getByTestId('toast').textContent();
    assert.match(toast, new RegExp(`${name.replace('.', '\\.')}' was not imported`), toast);
    assert.deepEqual(await doc(page), before);
  }
  // A good file opens as a new design.
  const good = (await doc(page));
  good.name = 'Imported copy';
  await page.getByTestId('import-input').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-name]').textContent === 'Imported copy');
  await context.close();
});

test('PNG and SVG export are not blank, with Korean text', async () => {
  const { page, context } = await openApp(browser, { locale: 'ko-KR' });
  await page.getByTestId('file-menu').click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  const bytes = await readFile(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  // Decode it in the page and count coloured (non-background) pixels.
  const coloured = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) n++;
    return { n, w: c.width, h: c.height };
  }, bytes.toString('base64'));
  assert.ok(coloured.w > 1000 && coloured.h > 800, `2x size: ${coloured.w}x${coloured.h}`);
  assert.ok(coloured.n > 20000, `drawn pixels: ${coloured.n}`);
  await page.getByTestId('file-menu').click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const text = await readFile(await svg.path(), 'utf8');
  assert.match(text, /^<svg xmlns/);
  assert.match(text, />web-a<\/text>/);
  await context.close();
});

test('? shows the keyboard shortcuts, Escape hides them; the palette filters as you type', async () => {
  const { page, context } = await openApp(browser, { locale: 'ko-KR' });
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('?');
  assert.match(await page.getByTestId('shortcuts-sheet').textContent(), /실행 취소/);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('shortcuts-sheet').count(), 0);
  await page.getByTestId('palette-search').fill('nat');
  assert.ok(await page.getByTestId('palette-nat_gateway').isVisible());
  assert.ok(!(await page.getByTestId('palette-instance').isVisible()));
  await context.close();
});

test('connect: drag from the load balancer\'s handle to a new instance registers it; a meaningless link is refused', async () => {
  const { page, context, errors } = await openApp(browser);
  // A new EC2 instance, added from the keyboard into the selected private subnet.
  const priv = await nodeBox(page, 'subnet-private-a');
  await page.mouse.click(priv.x + 15, priv.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-private-a');
  await page.getByTestId('palette-instance').focus();
  await page.keyboard.press('Enter');
  let d = await doc(page);
  const inst = d.nodes.find((n) => n.kind === 'instance' && !n.id.startsWith('i-web'));
  assert.equal(inst.subnet, 'subnet-private-a', 'Enter on a palette item adds it to the selected container');
  // Select the ALB and drag from its link handle (right of the icon) onto the instance.
  const alb = await nodeBox(page, 'alb');
  await page.mouse.click(alb.cx, alb.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'alb');
  const target = await nodeBox(page, inst.id);
  await drag(page, { x: alb.x + alb.w + 14, y: alb.cy }, { x: target.cx, y: target.cy }, 10);
  d = await doc(page);
  assert.ok(d.nodes.find((n) => n.id === 'alb').targets.includes(inst.id), 'registered as a target');
  assert.match(await page.getByTestId('event-log').textContent(), /Linked: web-alb → .* \(traffic\)/);
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Control+z');
  d = await doc(page);
  assert.ok(!d.nodes.find((n) => n.id === 'alb').targets.includes(inst.id), 'one undo removes the link');
  // The Internet to an instance means nothing in AWS: a message says so, nothing changes.
  const net = await nodeBox(page, 'internet');
  await page.mouse.click(net.cx, net.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'internet');
  const before = JSON.stringify(await doc(page));
  const web = await nodeBox(page, 'i-web-c');
  await drag(page, { x: net.x + net.w + 14, y: net.cy }, { x: web.cx, y: web.cy }, 10);
  await page.getByTestId('toast').waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /means nothing in AWS/);
  assert.equal(JSON.stringify(await doc(page)), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('connect two buckets: replication is refused until both are versioned, then drawn as a replication link', async () => {
  const { page, context, errors } = await openApp(browser);
  // Two S3 buckets, added from the keyboard into the selected Region.
  const addBucket = async () => {
    const region = await nodeBox(page, 'region-seoul');
    await page.mouse.click(region.x + 12, region.y + region.h - 12);
    await page.waitForFunction(() => window.__stratus.selected() === 'region-seoul');
    await page.getByTestId('palette-s3_bucket').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__stratus.selected() !== 'region-seoul');
    return page.evaluate(() => window.__stratus.selected());
  };
  const [src, dst] = [await addBucket(), await addBucket()];
  assert.notEqual(src, dst);
  const link = async () => {
    const a = await nodeBox(page, src);
    await page.mouse.click(a.cx, a.cy);
    await page.waitForFunction((id) => window.__stratus.selected() === id, src);
    const b = await nodeBox(page, dst);
    await drag(page, { x: a.x + a.w + 14, y: a.cy }, { x: b.cx, y: b.cy }, 10);
  };
  const before = JSON.stringify(await doc(page));
  await link();
  await page.getByTestId('toast').filter({ hasText: 'InvalidRequest' }).waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /Versioning enabled on both buckets/);
  assert.equal(JSON.stringify(await doc(page)), before, 'refused: nothing changes');
  // Versioning on, in the inspector, for both.
  for (const id of [src, dst]) {
    const box = await nodeBox(page, id);
    await page.mouse.click(box.cx, box.cy);
    await page.waitForFunction((id) => window.__stratus.selected() === id, id);
    await page.getByTestId('prop-versioning').check();
  }
  await link();
  await page.getByTestId('event-log').filter({ hasText: '(replication)' }).waitFor();
  const d = await doc(page);
  assert.deepEqual(d.nodes.find((n) => n.id === src).replicate_to, [dst]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('resize a container by its corner handle; it never shrinks below its contents', async () => {
  const { page, context } = await openApp(browser);
  const sub = await nodeBox(page, 'subnet-private-a');
  await page.mouse.click(sub.x + 15, sub.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-private-a');
  const w0 = (await doc(page)).layout['subnet-private-a'].w;
  await drag(page, { x: sub.x + sub.w, y: sub.y + sub.h }, { x: sub.x + sub.w + 60, y: sub.y + sub.h + 30 });
  const w1 = (await doc(page)).layout['subnet-private-a'].w;
  assert.ok(w1 > w0, `wider: ${w0} → ${w1}`);
  const grown = await nodeBox(page, 'subnet-private-a');
  await drag(page, { x: grown.x + grown.w, y: grown.y + grown.h }, { x: grown.x + 5, y: grown.y + 5 });
  const inst = await nodeBox(page, 'i-web-a');
  const small = await nodeBox(page, 'subnet-private-a');
  assert.ok(small.x + small.w >= inst.x + inst.w, 'still holds its instance');
  await context.close();
});

test('inspector: every property is a field; a multi-selection edits what it shares; a bad value is refused', async () => {
  const { page, context, errors } = await openApp(browser);
  const { a } = await selectBothWebInstances(page);
  await page.getByTestId('inspector-title').filter({ hasText: '2 elements selected' }).waitFor();
  await page.getByTestId('prop-instance_type').selectOption('m5.large');
  let d = await doc(page);
  for (const id of ['i-web-a', 'i-web-c']) assert.equal(d.nodes.find((n) => n.id === id).instance_type, 'm5.large');
  await page.getByTestId('undo').click();
  d = await doc(page);
  assert.equal(d.nodes.find((n) => n.id === 'i-web-a').instance_type, 't3.micro', 'one undo for both');
  // One instance: switch on its EBS volume, then type a size the format refuses.
  await page.mouse.click(a.cx, a.cy);
  await page.getByTestId('inspector-title').filter({ hasText: 'web-a' }).waitFor();
  await page.getByTestId('prop-ebs').check();
  await page.getByTestId('prop-ebs.size_gib').fill('-4');
  await page.getByTestId('prop-ebs.size_gib').press('Enter');
  await page.getByTestId('toast').waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /size_gib/);
  d = await doc(page);
  assert.equal(d.nodes.find((n) => n.id === 'i-web-a').ebs.size_gib, 8, 'the design keeps its value');
  assert.deepEqual(errors, []);
  await context.close();
});

test('touch: two fingers pinch to zoom about their midpoint; a trackpad scroll pans', async () => {
  const { page, context, errors } = await openApp(browser);
  const before = await nodeBox(page, 'alb');
  const canvas = await page.getByTestId('diagram').boundingBox();
  const mid = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  await page.evaluate(({ mid }) => {
    const c = document.querySelector('[data-testid=diagram]');
    const fire = (type, id, x, y) => c.dispatchEvent(new PointerEvent(type, {
      pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: y, button: 0, buttons: 1, bubbles: true,
    }));
    fire('pointerdown', 1, mid.x - 50, mid.y);
    fire('pointerdown', 2, mid.x + 50, mid.y);
    for (let i = 1; i <= 10; i++) {
      fire('pointermove', 1, mid.x - 50 - 5 * i, mid.y);
      fire('pointermove', 2, mid.x + 50 + 5 * i, mid.y);
    }
    fire('pointerup', 1, mid.x - 100, mid.y);
    fire('pointerup', 2, mid.x + 100, mid.y);
  }, { mid });
  const after = await nodeBox(page, 'alb');
  assert.ok(Math.abs(after.w / before.w - 2) < 0.05, `fingers twice as far apart: twice the size (${before.w} → ${after.w})`);
  const d = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  assert.equal(d.layout.alb.x, 710, 'pinching moves the view, not the element');
  // A sideways wheel (two fingers on a trackpad) pans without zooming.
  await page.mouse.move(mid.x, mid.y);
  await page.mouse.wheel(40, 30);
  const panned = await nodeBox(page, 'alb');
  // (Chromium scales synthetic wheel deltas by the device pixel ratio; the direction is what counts.)
  assert.ok(Math.abs(panned.w - after.w) < 0.5 && panned.x < after.x - 10 && panned.y < after.y - 5, `panned by the scroll: ${JSON.stringify([after, panned])}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('minimap: appears when part of the design is out of view; clicking it centres the view there', async () => {
  const { page, context, errors } = await openApp(browser);
  // The whole design is in view: no minimap to hide the canvas.
  assert.ok(!(await page.getByTestId('minimap').isVisible()));
  // Zoom in step by step and stop at the step that shows it: nothing redraws after it.
  for (let i = 0; i < 6 && !(await page.getByTestId('minimap').isVisible()); i++) {
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  }
  await page.getByTestId('minimap').waitFor();
  const mini = await page.getByTestId('minimap').boundingBox();
  assert.ok(mini.width >= 150 && mini.height >= 100);
  // It shows the design as soon as it appears (#13 regression: sized while hidden, it was an
  // empty box until the next redraw): a drawn bitmap of its box's size, with the view frame.
  const drawn = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=minimap]');
    if (c.width === 0 || c.height === 0) return { w: c.width, h: c.height, colours: 0 };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
    return { w: c.width, h: c.height, colours: seen.size };
  });
  assert.ok(drawn.w >= 150 && drawn.h >= 100, `bitmap ${drawn.w}×${drawn.h}`);
  assert.ok(drawn.colours >= 3, `the minimap is drawn (${drawn.colours} colours)`);
  const before = await nodeBox(page, 'alb');
  // Press near the minimap's left edge: the view moves left, so the ALB moves right on screen.
  await page.mouse.click(mini.x + 8, mini.y + mini.height / 2);
  const after = await nodeBox(page, 'alb');
  assert.ok(after.x > before.x + 50, `the view moved (${before.x} → ${after.x})`);
  assert.ok(Math.abs(after.w - before.w) < 0.5, 'without zooming');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: ] and [ walk the elements, the choice is announced, Enter moves to its settings', async () => {
  const { page, context, errors } = await openApp(browser);
  await page.getByTestId('diagram').focus();
  await page.keyboard.press(']');
  const first = await page.evaluate(() => window.__stratus.selected());
  assert.ok(first, 'something is selected');
  await page.keyboard.press(']');
  const second = await page.evaluate(() => window.__stratus.selected());
  assert.notEqual(second, first);
  await page.keyboard.press('[');
  assert.equal(await page.evaluate(() => window.__stratus.selected()), first);
  assert.match(await page.getByTestId('announce').textContent(), /^Selected: /);
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.activeElement.closest('[data-testid=inspector]') !== null);
  assert.ok(focused, 'focus is in the inspector');
  // Every property input has an accessible name.
  const unnamed = await page.$$eval('[data-testid=properties] input, [data-testid=properties] select, [data-testid=properties] textarea',
    (els) => els.filter((e) => !e.getAttribute('aria-label')).length);
  assert.equal(unnamed, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('scaling policies and Route 53 values are edited field by field, one undo step each; a bad number is refused (#13)', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'route53-failover' });
  const g = await nodeBox(page, 'seoul-asg-web');
  await page.mouse.click(g.cx, g.cy);
  const asg = async () => (await doc(page)).nodes.find((n) => n.id === 'seoul-asg-web');
  const before = (await asg()).policies ?? [];
  const k = before.length;
  const field = (path) => page.getByTestId(`prop-policies.${k}${path}`);
  const type = async (path, text) => { await field(path).fill(text); await field(path).press('Enter'); };
  // Add a policy: target tracking on CPU at 50 %, the console's suggestion.
  await page.getByTestId('prop-policies').click();
  assert.deepEqual((await asg()).policies[k], { policy: 'target_tracking', metric: 'cpu', target: 50 });
  // Turn it into a step policy, change its threshold, add a second step and edit it.
  await field('.policy').selectOption('step');
  await type('.threshold', '80');
  await field('.steps').click();
  await type('.steps.1.change', '3');
  const p = (await asg()).policies[k];
  assert.equal(p.policy, 'step');
  assert.equal(p.threshold, 80);
  assert.deepEqual(p.steps, [{ from: 0, change: 1 }, { from: 10, change: 3 }]);
  // A value the format cannot take is refused with a message; the policy is unchanged.
  await type('.period_s', '-5');
  await page.getByTestId('toast').waitFor();
  assert.deepEqual((await asg()).policies[k], p);
  // A scheduled action: its capacities may be left unset.
  await field('.policy').selectOption('scheduled');
  await type('.desired', '');
  await type('.max', '6');
  assert.deepEqual((await asg()).policies[k], { policy: 'scheduled', at_s: 600, max: 6 });
  // Remove it; undo brings it back, one step per edit.
  await field('').click();
  assert.equal(((await asg()).policies ?? []).length, k);
  await page.getByTestId('undo').click();
  assert.deepEqual((await asg()).policies[k], { policy: 'scheduled', at_s: 600, max: 6 });

  // The record's values: the failover roles and where each sends users, chosen from lists.
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Escape');
  const r = await nodeBox(page, 'dns-www');
  await page.mouse.click(r.cx, r.cy);
  await page.getByTestId('prop-values.1.failover').selectOption('primary');
  await page.getByTestId('prop-values.0.failover').selectOption('secondary');
  await page.getByTestId('prop-values.0.target').selectOption('tokyo-alb');
  const values = (await doc(page)).nodes.find((n) => n.id === 'dns-www').values;
  assert.deepEqual(values.map((v) => [v.target, v.failover]), [['tokyo-alb', 'secondary'], ['tokyo-alb', 'primary']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('names with markup in them are shown as text everywhere the panels write them, never run', async () => {
  const { page, context, errors } = await openApp(browser);
  const hostile = '<img src=x onerror="window.__owned=1">';
  const d = await doc(page);
  d.name = 'Hostile names';
  // An instance named with markup, in a subnet outside its VPC's block (a problem that names it).
  const inst = d.nodes.find((n) => n.kind === 'instance');
  inst.name = hostile;
  const subnet = d.nodes.find((n) => n.kind === 'subnet');
  subnet.name = `${hostile} subnet`;
  subnet.cidr = '192.168.77.0/24';
  await page.getByTestId('import-input').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-name]').textContent === 'Hostile names');
  // The inspector (title, name field, the problems) and the problems list.
  const box = await nodeBox(page, subnet.id);
  await page.mouse.click(box.x + 6, box.y + 6);
  await page.getByTestId('inspector-title').waitFor();
  assert.equal(await page.getByTestId('inspector-title').textContent(), `${hostile} subnet`);
  assert.equal(await page.getByTestId('field-name').inputValue(), `${hostile} subnet`);
  await page.getByTestId('tab-problems').click();
  await page.getByTestId('problems').getByText(`${hostile} subnet`).first().waitFor();
  assert.equal(await page.locator('[data-testid=inspector] img, [data-testid=problems] img').count(), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined, 'nothing ran');
  // A problem's button still selects the element it names.
  await page.getByTestId('problems').getByRole('button').first().click();
  assert.ok(await page.evaluate(() => window.__stratus.selected()));
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});
