// Issue 16 point 5 in the browser, as a teacher does it: "Make a lesson from this design" on
// an example, the texts in English and Korean (kept across a reload), a reach check from the
// question asked in the Reachability panel, a hint, a two-step solution recorded from real
// canvas and inspector edits (an undo takes a step back), Test lesson, Save as file, Copy
// lesson link; the link opened in a fresh browser and in an embed plays the lesson, which
// the solution passes, without touching saved designs or progress; a damaged link and a
// lesson too large for a link are refused with a message in the reader's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { launch, openApp, openExample, nodeBox, URL, doc, ready, saved } from './browser.mjs';

const SHOTS = process.env.STRATUS_SCREENS ?? '/tmp/stratus-screens';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const steps = (page) => page.locator('[data-testid^=author-step-][data-testid$=-en]').count();
const waitSteps = (page, n) => page.waitForFunction((n) =>
  document.querySelectorAll('[data-testid^=author-step-][data-testid$=-en]').length === n, n, { timeout: 20000 });
const toast = async (page, re) => {
  await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid=toast]')?.textContent ?? ''),
    re.source, { timeout: 20000 });
  return page.getByTestId('toast').textContent();
};

const LESSON = {
  id: 'the-way-in',
  section: 'vpc.internet-gateway',
  title: ['The way in', '들어오는 길'],
  brief: ['The web server cannot be reached from the Internet. Give its VPC a way in.', '인터넷에서 웹 서버에 닿지 않습니다. VPC에 들어오는 길을 만드세요.'],
  explanation: ['A VPC reaches the Internet only through an Internet gateway that a route sends 0.0.0.0/0 to.', 'VPC는 0.0.0.0/0을 보내는 경로가 가리키는 인터넷 게이트웨이를 통해서만 인터넷에 닿습니다.'],
  hint: ['Which gateway does the route table send 0.0.0.0/0 to?', '라우팅 테이블은 0.0.0.0/0을 어느 게이트웨이로 보내나요?'],
};

async function fillPair(page, testid, [en, ko]) {
  await page.getByTestId(`${testid}-en`).fill(en);
  await page.getByTestId(`${testid}-ko`).fill(ko);
}

/// Ask the Reachability panel: can the Internet reach the web server on TCP 80?
async function ask(page) {
  await page.getByTestId('tab-reach').click();
  await page.getByTestId('reach-from').selectOption('internet');
  await page.getByTestId('reach-to').selectOption('i-web');
  await page.getByTestId('reach-port').fill('80');
  await page.getByTestId('reach-check').click();
  await page.getByTestId('reach-verdict').waitFor();
}

async function dropFromPalette(page, kind, at) {
  const canvas = await page.getByTestId('diagram').boundingBox();
  await page.dragAndDrop(`[data-testid=palette-${kind}]`, 'canvas[data-testid=diagram]', {
    targetPosition: { x: at.x - canvas.x, y: at.y - canvas.y },
  });
}

/// Make the lesson in `page` and return its link.
async function makeLesson(page, context) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  await openExample(page, 'first-web-server');
  // The design to fix: the Internet gateway deleted on the canvas.
  const igw = await nodeBox(page, 'igw');
  await page.mouse.click(igw.cx, igw.cy);
  await page.waitForFunction(() => window.__stratus.selected() === 'igw');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => !JSON.parse(window.__stratus.scenario()).nodes.some((n) => n.id === 'igw'));
  await ask(page);
  assert.match(await page.getByTestId('reach-verdict').textContent(), /not reachable|blocked/i);

  // File → Make a lesson from this design, with the keyboard.
  await page.getByTestId('file-menu').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('make-lesson').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('author-id').waitFor();
  assert.equal(await page.getByTestId('author-panel').isVisible(), true, 'beside the canvas');
  assert.equal(await page.getByTestId('diagram').isVisible(), true, 'the canvas stays');
  await page.getByTestId('author-id').fill('The Way In');
  await page.getByTestId('author-section').focus(); // leaving the field checks it
  await page.waitForFunction(() => document.querySelector('[data-testid=author-id]')?.getAttribute('aria-invalid') === 'true');
  await page.getByTestId('author-id').fill(LESSON.id);
  await page.getByTestId('author-section').selectOption(LESSON.section);
  await page.waitForFunction(() => document.querySelector('[data-testid=author-id]')?.getAttribute('aria-invalid') === 'false');
  await fillPair(page, 'author-title', LESSON.title);
  await fillPair(page, 'author-brief', LESSON.brief);
  await fillPair(page, 'author-explanation', LESSON.explanation);
  await page.getByTestId('author-add-hint').click();
  await page.getByTestId('author-hint-0-en').waitFor();
  await fillPair(page, 'author-hint-0', LESSON.hint);

  // The draft survives a reload, panel open.
  await page.waitForFunction(() => (localStorage.getItem('stratus.lesson-draft') ?? '').includes('들어오는 길'));
  await page.reload();
  await ready(page);
  await page.getByTestId('author-id').waitFor();
  assert.equal(await page.getByTestId('author-id').inputValue(), LESSON.id);
  assert.equal(await page.getByTestId('author-brief-ko').inputValue(), LESSON.brief[1]);
  assert.equal(await page.getByTestId('author-hint-0-en').inputValue(), LESSON.hint[0]);
  await ask(page);

  // Record: the design in view is the start; each edit becomes a step.
  await page.getByTestId('author-record').click();
  await page.getByTestId('author-stop').waitFor();
  // Step 1, on the canvas: an Internet gateway dragged into the VPC.
  const vpc = await nodeBox(page, 'vpc-web');
  await dropFromPalette(page, 'internet_gateway', { x: vpc.x + 40, y: vpc.y + vpc.h - 40 });
  await waitSteps(page, 1);
  const added = (await doc(page)).nodes.find((n) => n.kind === 'internet_gateway');
  assert.ok(added, 'the gateway is on the canvas');
  assert.match(await page.getByTestId('author-step-0-en').inputValue(), new RegExp(`Add ${added.name ?? added.id}`));
  // An edit undone takes its step back; redone, it comes again.
  await page.getByTestId('undo').click();
  await waitSteps(page, 0);
  await page.getByTestId('redo').click();
  await waitSteps(page, 1);
  // Step 2, in the inspector: the route to 0.0.0.0/0 goes to the new gateway.
  const subnet = await nodeBox(page, 'subnet-web');
  await page.mouse.click(subnet.x + 15, subnet.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-web');
  await page.getByTestId('route-target-0').selectOption(added.id);
  await waitSteps(page, 2);
  await page.getByTestId('author-step-1-en').fill('Send 0.0.0.0/0 to the new Internet gateway.');
  await page.getByTestId('author-step-1-ko').fill('0.0.0.0/0을 새 인터넷 게이트웨이로 보냅니다.');
  await page.getByTestId('author-stop').click();
  await page.getByTestId('author-record').waitFor();
  assert.match(await page.getByTestId('author-record-status').textContent(), /2 steps/);

  // The check: the question asked, answered on the solved design.
  await page.waitForFunction(() => /TCP 80: reachable/.test(document.querySelector('[data-testid=author-question]')?.textContent ?? ''));
  await page.getByTestId('author-add-reach').click();
  await page.getByTestId('author-check-0-title-en').waitFor();
  assert.equal(await page.getByTestId('author-check-0-expect').inputValue(), 'reachable');
  assert.match(await page.getByTestId('author-check-0-title-en').inputValue(), /reaches web on TCP 80/);

  // Test: the start fails the check, the solution passes it.
  await page.getByTestId('author-test').click();
  await page.waitForSelector('[data-testid=author-result][data-ok=true]', { timeout: 60000 });
  assert.match(await page.getByTestId('author-result').textContent(), /start fails 1 of 1 checks/);

  // Screenshots of the panel, its checks at the top, in English and Korean.
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('zoom-fit').click();
  await page.evaluate(() => document.querySelector('[data-testid=author-checks]').previousElementSibling.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/author-en.png` });
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => /준비됨/.test(document.querySelector('[data-testid=author-result]')?.textContent ?? ''));
  await page.evaluate(() => document.querySelector('[data-testid=author-checks]').previousElementSibling.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/author-ko.png` });
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => /Ready/.test(document.querySelector('[data-testid=author-result]')?.textContent ?? ''));

  // Save as file: <id>.json, the documented format, the start's design inside.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('author-save').click()]);
  assert.equal(download.suggestedFilename(), `${LESSON.id}.json`);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(file.id, LESSON.id);
  assert.equal(file.solution.steps.length, 2);
  assert.ok(file.start.design.nodes.every((n) => n.id !== 'igw'), 'the start is the design without its gateway');
  assert.deepEqual(file.hints, [{ en: LESSON.hint[0], ko: LESSON.hint[1] }]);

  // Copy lesson link: the whole lesson in the fragment.
  await page.getByTestId('author-link').click();
  await toast(page, /Lesson link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#l1:[A-Za-z0-9_-]+$/);
  return link;
}

/// The link the first test made (the second cuts it short).
let made;

test('a teacher makes a lesson from a design, and its link plays it in a fresh browser and an embed', async () => {
  const { page, context, errors } = await openApp(browser, { viewport: { width: 1440, height: 900 }, scale: 1 });
  const link = await makeLesson(page, context);
  made = link;
  assert.deepEqual(errors, []);

  // A learner with saved work opens the link in a browser of their own.
  const learner = await openApp(browser, { example: 'two-tier', scale: 1 });
  const other = learner.page;
  await other.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
  const before = await saved(other);
  await other.goto('about:blank');
  await other.goto(link);
  await ready(other);
  await other.waitForSelector(`[data-testid=lesson-panel][data-lesson="${LESSON.id}"]:not([hidden])`, { timeout: 20000 });
  assert.equal(await other.getByTestId('lesson-title').textContent(), LESSON.title[0]);
  assert.equal(new globalThis.URL(other.url()).hash, '', 'the fragment leaves the address');
  await other.waitForFunction(() => document.querySelector('[data-testid=check-reach-1]')?.dataset.met === 'false', null, { timeout: 20000 });
  assert.ok(!(await doc(other)).nodes.some((n) => n.kind === 'internet_gateway'), 'the lesson\'s start');
  await other.getByTestId('lesson-hint').click();
  assert.equal(await other.getByTestId('hint-1').textContent(), `Hint 1 ${LESSON.hint[0]}`);
  // Played by replaying the solution, one step at a time.
  await other.getByTestId('lesson-solution').click();
  await other.waitForFunction(() => document.querySelector('[data-testid=solution-caption]')?.dataset.step === '1');
  await other.getByTestId('lesson-solution').click();
  await other.getByTestId('lesson-passed').waitFor({ timeout: 20000 });
  assert.match(await other.getByTestId('solution-caption').textContent(), /Send 0\.0\.0\.0\/0 to the new Internet gateway/);
  assert.match(await other.getByTestId('lesson-passed').textContent(), /Internet gateway that a route sends/);
  await other.waitForTimeout(300);
  // The designs saved before are as they were (the learner's own work on the lesson is a
  // design of its own, kept once edited, as with any lesson).
  const now = await saved(other);
  for (const [k, v] of Object.entries(before).filter(([k]) => k.startsWith('stratus.design.'))) assert.equal(now[k], v, `${k} untouched`);
  assert.equal(now['stratus.lessons'], undefined, 'no progress moved: the lesson is not a built-in one');
  assert.deepEqual(learner.errors, []);
  await learner.context.close();

  // In an embed, the link plays the lesson alone and writes nothing.
  const embed = await openApp(browser, { example: null, scale: 1, url: URL + '?embed=1&lang=ko' + new globalThis.URL(link).hash });
  const frame = embed.page;
  await frame.waitForSelector(`[data-testid=lesson-panel][data-lesson="${LESSON.id}"]:not([hidden])`, { timeout: 20000 });
  assert.equal(await frame.getByTestId('lesson-title').textContent(), LESSON.title[1]);
  const quiet = await saved(frame);
  await frame.getByTestId('lesson-solution').click();
  await frame.getByTestId('lesson-solution').click();
  await frame.getByTestId('lesson-passed').waitFor({ timeout: 20000 });
  await frame.waitForTimeout(300);
  assert.deepEqual(await saved(frame), quiet, 'the embed wrote nothing');
  assert.deepEqual(embed.errors, []);
  await embed.context.close();

  // A lesson too large for a link is refused, with the limit (a file carries it).
  // Letters that do not compress: 120,000 of them make a link of about 94 KB.
  const noise = Array.from({ length: 120000 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  await page.getByTestId('author-brief-en').fill(noise);
  await page.getByTestId('author-link').click();
  assert.match(await toast(page, /65536-byte limit/), /over the 65536-byte limit for lesson links/);
  await page.getByTestId('author-brief-en').fill(LESSON.brief[0]);

  // Discard draft, after confirming.
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('author-discard').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=author-id]')?.value === '');
  assert.equal(await steps(page), 0);
  await context.close();
});

test('a damaged lesson link says why in the reader\'s language and leaves the saved work untouched', async () => {
  const cut = made ? '#' + new globalThis.URL(made).hash.slice(1, 200) : '#l1:eJzLSM3JyVcozy_KSQEAGgQEXQ';
  const notZlib = '#l1:' + Buffer.from('not a lesson at all').toString('base64url');
  for (const [locale, hash, words] of [
    ['en-US', cut, /damaged or cut short.*not opened; your design is unchanged/],
    ['ko-KR', cut, /손상되었거나 잘렸습니다.*레슨을 열지 않았습니다/],
    ['en-US', '#l9:abc', /format 'l9'.*reads l1/],
    ['en-US', notZlib, /damaged or cut short/],
    ['en-US', '#l1:' + 'A'.repeat(70000), /over the 65536-byte limit/],
  ]) {
    const { page, context, errors } = await openApp(browser, { example: null, scale: 1, locale });
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
    const design = await doc(page);
    const before = await saved(page);
    await page.goto('about:blank');
    await page.goto(URL + hash);
    await ready(page);
    assert.match(await toast(page, /./), words);
    assert.deepEqual((await doc(page)).nodes, design.nodes, 'the design in view is the saved one');
    assert.equal(await page.getByTestId('lesson-panel').isHidden(), true);
    assert.deepEqual(await saved(page), before, 'nothing written');
    assert.deepEqual(errors, []);
    await context.close();
  }
});
