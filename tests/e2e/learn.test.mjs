// Issue 16 points 3, 4 and 7 in the browser: the Learn view's course map and progress, a
// lesson played as a person plays it (palette drag, the inspector's route editor, the live
// checklist turning green, progress kept after a reload), hints one at a time, the
// solution replayed as undoable steps, a question answered before Check, a lesson embed
// and a lesson link that leave saved work alone, and a bad link and a bad progress file
// refused with a message; a lesson's locked elements refuse changes, and a peering is drawn
// with the link handle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { launch, openApp, nodeBox, drag, showWhole, URL, doc, ready, saved, switchLanguage } from './browser.mjs';

const SHOTS = process.env.STRATUS_SCREENS ?? '/tmp/stratus-screens';
// Every lesson of lessons/ is on the map.
const LESSONS = readdirSync(new globalThis.URL('../../lessons/', import.meta.url)).filter((f) => f.endsWith('.json')).length;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const met = (page, id) => page.getByTestId(`check-${id}`).getAttribute('data-met');
/// Wait until check `id` of the open lesson reads `want` (true: ✓).
const waitMet = (page, id, want = true) => page.waitForFunction(([id, want]) =>
  document.querySelector(`[data-testid=check-${id}]`)?.dataset.met === String(want), [id, want], { timeout: 20000 });
/// Wait until the panel shows lesson `id` with its checklist graded.
async function lessonShown(page, id) {
  await page.waitForSelector(`[data-testid=lesson-panel][data-lesson="${id}"]:not([hidden])`, { timeout: 20000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=lesson-checklist] li')]
    .some((li) => li.querySelector('.reason')), null, { timeout: 20000 });
}

async function dropFromPalette(page, kind, at) {
  const canvas = await page.getByTestId('diagram').boundingBox();
  await page.dragAndDrop(`[data-testid=palette-${kind}]`, 'canvas[data-testid=diagram]', {
    targetPosition: { x: at.x - canvas.x, y: at.y - canvas.y },
  });
}

test('a lesson with locked elements, played with the link handle: locked VPCs refuse changes, a peering drawn VPC to VPC, routes switched, checklist green', async () => {
  const { page, context, errors } = await openApp(browser, { example: null });
  await page.getByTestId('learn').click();
  await page.getByTestId('lesson-vpc-peering-non-transitive').click();
  await lessonShown(page, 'vpc-peering-non-transitive');
  await waitMet(page, 'a-to-c', false);
  await showWhole(page);
  const before = await doc(page);
  // VPC A is locked by the lesson: the inspector says so and its fields are disabled;
  // Delete is refused with a message and nothing changes. (Its box is read once the view
  // has settled on the lesson's design.)
  let a = await nodeBox(page, 'vpc-a');
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(100);
    const again = await nodeBox(page, 'vpc-a');
    if (again.x === a.x && again.y === a.y && again.w === a.w) break;
    a = again;
  }
  await page.mouse.click(a.x + 30, a.y + 10);
  await page.waitForFunction(() => window.__stratus.selected() === 'vpc-a');
  await page.getByTestId('locked-note').waitFor();
  assert.equal(await page.getByTestId('field-name').isDisabled(), true, 'a locked element\'s name cannot be typed in');
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Delete');
  await page.getByTestId('toast').filter({ hasText: /locked in this lesson/ }).waitFor();
  assert.deepEqual((await doc(page)).nodes, before.nodes, 'the locked VPC is still there, unchanged');
  // The link handle (right of the selected VPC) dragged onto VPC C: a peering connection.
  const c = await nodeBox(page, 'vpc-c');
  await drag(page, { x: a.x + a.w + 14, y: a.cy }, { x: c.x + 30, y: c.y + 10 }, 10);
  const pcx = (await doc(page)).nodes.find((n) => n.kind === 'vpc_peering' && !['pcx-ab', 'pcx-bc'].includes(n.id));
  assert.ok(pcx, 'a new peering connection');
  assert.deepEqual([pcx.requester, pcx.accepter].sort(), ['vpc-a', 'vpc-c']);
  // Each side's route to the other VPC goes through it (the route editor of each subnet).
  for (const [subnet, peerCidr] of [['subnet-a', '10.3.0.0/16'], ['subnet-c', '10.1.0.0/16']]) {
    const b = await nodeBox(page, subnet);
    await page.mouse.click(b.x + 15, b.y + 40);
    await page.waitForFunction((id) => window.__stratus.selected() === id, subnet);
    assert.equal(await page.getByTestId('route-dest-1').inputValue(), peerCidr);
    await page.getByTestId('route-target-1').selectOption(pcx.id);
  }
  await waitMet(page, 'a-to-c');
  await waitMet(page, 'no-transit-route');
  await waitMet(page, 'a-to-b');
  await page.getByTestId('lesson-passed').waitFor();
  assert.equal(await page.getByTestId('check-locked').count(), 0, 'no locked element changed');
  // Passed, and still so after a reload.
  await page.reload();
  await ready(page);
  await page.getByTestId('learn').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-vpc-peering-non-transitive]')?.dataset.stage === 'passed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson file opens from File > Import as a lesson; a broken one is refused in both languages and nothing changes', async () => {
  const { page, context, errors } = await openApp(browser);
  const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const lesson = readFileSync(new globalThis.URL('../../lessons/subnet-reserved-addresses.json', import.meta.url), 'utf8');
  // Broken: a check without its title. The worker names the field; the design stays.
  const broken = JSON.parse(lesson);
  delete broken.checks[0].title;
  for (const [lang, words] of [['en', /^[^가-힣]*title[^가-힣]*$/], ['ko', /[가-힣].*title|title.*[가-힣]/]]) {
    await switchLanguage(page, lang);
    const before = await doc(page);
    await page.getByTestId('import-input').setInputFiles(file(`broken-${lang}.json`, JSON.stringify(broken)));
    await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid=toast]')?.textContent ?? ''), words.source, { timeout: 15000 });
    assert.deepEqual(await doc(page), before, 'the design in view is untouched');
    assert.equal(await page.locator('[data-testid=lesson-panel]:not([hidden])').count(), 0, 'no lesson opened');
  }
  // The real file: the lesson opens, graded.
  await page.getByTestId('import-input').setInputFiles(file('subnet-reserved-addresses.json', lesson));
  await lessonShown(page, 'subnet-reserved-addresses');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});

test('a lesson grader that cannot load says so; the design is untouched; opening the lesson again works', async () => {
  // Service workers blocked: one would serve the worker from its precache.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(URL);
  await ready(page);
  const before = await doc(page);
  // The worker's script itself cannot be fetched (as offline before it was ever cached).
  const blocked = /simworker-/;
  await context.route(blocked, (route) => route.abort());
  await page.getByTestId('learn').click();
  await page.getByTestId('lesson-subnet-reserved-addresses').click();
  await page.getByTestId('toast').filter({ hasText: /lesson grader did not start/ }).waitFor({ timeout: 15000 });
  assert.deepEqual(await doc(page), before, 'the design in view is untouched');
  await context.unroute(blocked);
  await page.getByTestId('learn').click();
  await page.getByTestId('lesson-subnet-reserved-addresses').click();
  await lessonShown(page, 'subnet-reserved-addresses');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|simworker|simulator worker|net::ERR|grader/.test(e)), []);
  await context.close();
});

test('a lesson played by hand: palette drag, route editor, checklist turns green, progress kept after reload', async () => {
  const { page, context, errors } = await openApp(browser, { example: null });
  await page.getByTestId('learn').click();
  const card = page.getByTestId('lesson-nat-gateway-private-egress');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-stage'), 'not-started');
  assert.match(await page.getByTestId('learn-tally').textContent(), new RegExp(`^0/${LESSONS} passed`));
  await card.click();
  await lessonShown(page, 'nat-gateway-private-egress');
  assert.equal(await page.getByTestId('learn-map').isHidden(), true, 'the map closes on opening a lesson');
  assert.equal((await doc(page)).name, 'A way out for private servers', 'the design is named after the lesson');
  for (const id of ['web-a-out', 'web-c-out', 'nat']) assert.equal(await met(page, id), 'false', id);
  assert.equal(await met(page, 'still-private'), 'true');
  assert.match(await page.getByTestId('check-web-a-out').textContent(), /NO_ROUTE_TO_DESTINATION/, 'the reason names what blocks');

  // A NAT gateway dragged from the palette into public-a: its check turns green at once.
  const pub = await nodeBox(page, 'subnet-public-a');
  await dropFromPalette(page, 'nat_gateway', { x: pub.x + 60, y: pub.y + pub.h - 40 });
  await waitMet(page, 'nat');
  assert.equal(await met(page, 'web-a-out'), 'false', 'no route yet');
  const nat = (await doc(page)).nodes.find((n) => n.kind === 'nat_gateway');
  assert.equal(nat.subnet, 'subnet-public-a');

  // The private subnets' route table: 0.0.0.0/0 → the NAT gateway, in the inspector.
  const priv = await nodeBox(page, 'subnet-private-a');
  await page.mouse.click(priv.x + 15, priv.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-private-a');
  await page.getByTestId('route-add').click();
  const targets = page.locator('[data-testid^=route-target-]');
  await targets.last().selectOption(nat.id);
  await waitMet(page, 'web-a-out');
  await waitMet(page, 'web-c-out');
  await page.getByTestId('lesson-passed').waitFor();
  assert.match(await page.getByTestId('lesson-passed').textContent(), /Elastic IP/, 'the closing explanation');

  // Progress survives a reload, and the map says so.
  await page.reload();
  await ready(page);
  await page.getByTestId('learn').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-nat-gateway-private-egress]')?.dataset.stage === 'passed');
  assert.match(await page.getByTestId('learn-tally').textContent(), new RegExp(`^1/${LESSONS} passed`));

  // A progress file that is not one is refused, and the progress stays.
  const before = await saved(page);
  await page.getByTestId('progress-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
  await page.getByTestId('toast').waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /not a Stratus progress file.*unchanged/);
  assert.deepEqual(await saved(page), before, 'nothing written');
  // A real one is merged: a lesson passed there is passed here.
  const file = JSON.stringify({ format: 'stratus-lesson-progress', version: 1, lessons: { 'rds-multi-az': 'passed' } });
  await page.getByTestId('progress-input').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-rds-multi-az]')?.dataset.stage === 'passed');
  assert.match(await page.getByTestId('learn-tally').textContent(), new RegExp(`^2/${LESSONS} passed`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson link, hints one at a time, the solution replayed step by step and undone', async () => {
  const { page, context, errors } = await openApp(browser, { example: null, url: URL + '?lesson=nat-gateway-private-egress' });
  await lessonShown(page, 'nat-gateway-private-egress');
  // The lesson offers only a NAT gateway and a route table in the palette.
  assert.equal(await page.getByTestId('palette-nat_gateway').isVisible(), true);
  assert.equal(await page.getByTestId('palette-instance').isHidden(), true, 'kinds the lesson does not offer are hidden');
  assert.equal(await page.getByTestId('lesson-hints').count(), 0, 'no hint before asking');
  await page.getByTestId('lesson-hint').click();
  await page.getByTestId('hint-1').waitFor();
  assert.equal(await page.getByTestId('hint-2').count(), 0, 'one hint at a time');
  await page.getByTestId('lesson-hint').click();
  await page.getByTestId('hint-2').waitFor();
  assert.equal(await page.getByTestId('lesson-hint').count(), 0, 'no more hints to ask for');

  await page.getByTestId('lesson-solution').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=solution-caption]')?.dataset.step === '1');
  assert.match(await page.getByTestId('solution-caption').textContent(), /Step 1\/2.*NAT gateway/);
  await waitMet(page, 'nat');
  assert.ok((await doc(page)).nodes.some((n) => n.kind === 'nat_gateway'), 'the step is on the canvas');
  await page.getByTestId('undo').click();
  await waitMet(page, 'nat', false);
  assert.ok(!(await doc(page)).nodes.some((n) => n.kind === 'nat_gateway'), 'a step is undone like any edit');
  await page.getByTestId('redo').click();
  await waitMet(page, 'nat');
  await page.getByTestId('lesson-solution').click();
  await page.getByTestId('lesson-passed').waitFor();
  assert.match(await page.getByTestId('solution-caption').textContent(), /Step 2\/2/);
  assert.equal(await page.getByTestId('lesson-solution').count(), 0, 'the whole solution is played');

  // Reset: back to the start, one undoable step.
  await page.getByTestId('lesson-reset').click();
  await waitMet(page, 'nat', false);
  assert.equal(await page.getByTestId('lesson-passed').count(), 0);
  // Closing the lesson gives the whole palette back; the map closes on Escape.
  await page.getByTestId('lesson-close').click();
  await page.getByTestId('lesson-panel').waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('palette-instance').isVisible(), true);
  await page.getByTestId('learn').click();
  await page.getByTestId('learn-map').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('learn-map').waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link carries the lesson: it opens on the shared design, graded; Copy lesson embed code gives the frame', async () => {
  const { page, context, errors } = await openApp(browser, { example: null, url: URL + '?lesson=nat-gateway-private-egress' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  await lessonShown(page, 'nat-gateway-private-egress');
  assert.equal(new globalThis.URL(page.url()).search, '', 'the lesson leaves the address: a reload restores the design');
  await page.getByTestId('lesson-solution').click();
  await waitMet(page, 'nat');
  await page.getByTestId('share').click();
  await page.getByTestId('toast').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /\?lesson=nat-gateway-private-egress#v1:/);
  await page.getByTestId('copy-lesson-embed').click();
  await page.waitForFunction(() => /Lesson embed code copied/.test(document.querySelector('[data-testid=toast]')?.textContent ?? ''));
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /<iframe [^>]*src="[^"]*\?embed=1&amp;lesson=nat-gateway-private-egress&amp;lang=en"/);

  const other = await context.newPage();
  await other.goto(link);
  await ready(other);
  await lessonShown(other, 'nat-gateway-private-egress');
  await waitMet(other, 'nat');
  assert.ok((await doc(other)).nodes.some((n) => n.kind === 'nat_gateway'), 'the shared design, not the lesson\'s start');
  assert.equal(await other.getByTestId('lesson-passed').count(), 0, 'one step of two: not passed yet');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a question is answered before Check, and Check runs the simulation and shows who was right', async () => {
  const { page, context, errors } = await openApp(browser, { example: null, url: URL + '?lesson=asg-elb-health-checks' });
  await lessonShown(page, 'asg-elb-health-checks');
  assert.match(await page.getByTestId('check-recover').textContent(), /Not run yet/);
  assert.match(await page.getByTestId('check-guess').textContent(), /Choose an answer/);
  await page.getByTestId('answer-guess-b').check();
  await page.waitForFunction(() => /press Check/.test(document.querySelector('[data-testid=check-guess]')?.textContent));
  assert.equal(await met(page, 'guess'), 'false', 'the verdict waits for the run');
  await page.getByTestId('lesson-check').click();
  await page.waitForFunction(() => !/press Check|Not run/.test(document.querySelector('[data-testid=lesson-checklist]')?.textContent), null, { timeout: 60000 });
  assert.equal(await met(page, 'guess'), 'true', 'b was right');
  assert.match(await page.getByTestId('check-guess').textContent(), /The design shows it/);
  assert.equal(await met(page, 'recover'), 'false', 'the starting design does not recover');
  assert.match(await page.getByTestId('check-recover').textContent(), /Missed/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson embed plays alone, in Korean, and leaves the saved work and progress alone', async () => {
  // A reader with saved work and progress on this origin.
  const { page, context, errors } = await openApp(browser, { example: 'two-tier', scale: 1 });
  await page.evaluate(() => localStorage.setItem('stratus.lessons', JSON.stringify({ format: 'stratus-lesson-progress', version: 1, lessons: { 'rds-multi-az': 'in_progress' } })));
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
  const before = await saved(page);
  const frame = await context.newPage();
  await frame.goto(URL + '?embed=1&lesson=subnet-reserved-addresses&lang=ko');
  await ready(frame);
  await lessonShown(frame, 'subnet-reserved-addresses');
  assert.match(await frame.getByTestId('lesson-title').textContent(), /[가-힣]/, 'in Korean');
  assert.equal(await frame.getByTestId('lesson-close').count(), 0, 'an embed is the lesson: no close');
  assert.equal(await frame.getByTestId('copy-lesson-embed').count(), 1);
  await frame.getByTestId('lesson-solution').click();
  await frame.getByTestId('lesson-passed').waitFor({ timeout: 20000 });
  assert.match(await frame.getByTestId('lesson-passed').textContent(), /레슨 통과/);
  await frame.waitForTimeout(300);
  assert.deepEqual(await saved(frame), before, 'the embed wrote nothing: designs and progress as they were');
  // The study-note page frames six lessons or more.
  await frame.goto(URL + 'study-notes.html');
  const srcs = await frame.locator('iframe').evaluateAll((fs) => fs.map((f) => f.getAttribute('src')));
  assert.ok(srcs.length >= 6 && srcs.every((s) => /embed=1&lesson=[a-z0-9-]+/.test(s)), srcs.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad lesson link says why in the reader\'s language and leaves the saved work untouched', async () => {
  for (const [locale, words] of [['en-US', /no lesson 'no-such-lesson'.*unchanged/], ['ko-KR', /'no-such-lesson' 레슨이 없습니다.*그대로/]]) {
    // The first visit's design is saved at once: the reader's work.
    const { page, context, errors } = await openApp(browser, { example: null, scale: 1, locale });
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
    const design = await doc(page);
    const before = await saved(page);
    await page.goto(URL + '?lesson=no-such-lesson');
    await ready(page);
    await page.getByTestId('toast').waitFor();
    assert.match(await page.getByTestId('toast').textContent(), words);
    assert.deepEqual((await doc(page)).nodes, design.nodes, 'the design in view is the saved one');
    assert.equal(await page.getByTestId('lesson-panel').isHidden(), true);
    assert.deepEqual(await saved(page), before, 'nothing written');
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await context.close();
  }
});

test('screenshots: the course map and a lesson panel, in English and Korean', async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const [locale, lang] of [['en-US', 'en'], ['ko-KR', 'ko']]) {
    const { page, context, errors } = await openApp(browser, { example: null, scale: 1, locale, viewport: { width: 1440, height: 900 } });
    // Some progress, so the map shows all three stages.
    await page.evaluate(() => localStorage.setItem('stratus.lessons', JSON.stringify({ format: 'stratus-lesson-progress', version: 1,
      lessons: { 'asg-spread-over-azs': 'passed', 'alb-two-azs': 'passed', 'nacl-ephemeral-ports': 'in_progress' } })));
    await page.reload();
    await ready(page);
    await page.getByTestId('learn').click();
    await page.getByTestId('lesson-asg-elb-health-checks').waitFor();
    await page.screenshot({ path: `${SHOTS}/learn-map-${lang}.png` });
    await page.getByTestId('lesson-asg-elb-health-checks').click();
    await lessonShown(page, 'asg-elb-health-checks');
    await page.getByTestId('answer-guess-b').check();
    await page.getByTestId('lesson-hint').click();
    await page.getByTestId('lesson-check').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=lesson-check]')?.disabled
      && !/press Check|확인을 눌러/.test(document.querySelector('[data-testid=lesson-checklist]')?.textContent), null, { timeout: 60000 });
    await page.getByTestId('zoom-fit').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/learn-lesson-${lang}.png` });
    assert.deepEqual(errors, []);
    await context.close();
  }
});
