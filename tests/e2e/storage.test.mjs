// Designs kept in the browser are never lost (#12): two tabs on one design follow each
// other instead of writing over each other; a save that fails is said and the tab asks
// before it closes; a damaged list of designs is rebuilt from the designs; a file too
// large to open is refused before it is read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const scenarioOf = async (page) => JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
const ready = (page) => page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });

/// Nudge everything right by one grid step: a small edit, as a person makes it.
async function nudge(page) {
  const canvas = page.locator('canvas[data-testid=diagram]');
  await canvas.focus();
  await canvas.press('Control+a');
  await canvas.press('ArrowRight');
}

test('two tabs on one design follow each other; neither writes over the other', async () => {
  // The first visit's design is saved (examples opened later are not, until edited).
  const { page: a, context, errors } = await openApp(browser, { example: null, scale: 1 });
  await a.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('stratus.design.')));
  // A second tab opens the design open last: the same one.
  const b = await context.newPage();
  const bErrors = [];
  b.on('pageerror', (e) => bErrors.push(String(e)));
  await b.goto(URL);
  await ready(b);
  assert.deepEqual(await scenarioOf(b), await scenarioOf(a));
  const designs = () => a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stratus.design.')).length);
  const count = await designs();

  await nudge(a);
  const fromA = await a.evaluate(() => window.__stratus.scenario());
  await b.waitForFunction((want) => window.__stratus.scenario() === want, fromA);
  await b.getByTestId('toast').filter({ hasText: 'changed in another tab' }).waitFor();

  // Now B edits the version it follows: A follows back, and the stored design is B's.
  await nudge(b);
  const fromB = await b.evaluate(() => window.__stratus.scenario());
  await a.waitForFunction((want) => window.__stratus.scenario() === want, fromB);
  assert.equal(await designs(), count, 'no copy was made: the tabs never conflicted');
  const stored = await a.evaluate(() => {
    const id = localStorage.getItem('stratus.current');
    return JSON.parse(localStorage.getItem('stratus.design.' + id));
  });
  assert.deepEqual(stored.layout, JSON.parse(fromB).layout);
  assert.deepEqual([...errors, ...bErrors], []);
  await context.close();
});

test('a save that fails is said, and closing the tab asks first', async () => {
  const { page, context } = await openApp(browser, { example: 'two-tier', scale: 1 });
  // Fill this origin's storage to the last few bytes.
  await page.evaluate(() => {
    let i = 0;
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 16]) {
      const chunk = 'x'.repeat(size);
      try { for (;;) localStorage.setItem(`filler.${i++}`, chunk); } catch { /* full at this size */ }
    }
  });
  await nudge(page);
  await page.getByTestId('toast').filter({ hasText: 'storage is full' }).waitFor();
  // Leaving now would lose the edit: the browser asks (beforeunload), and the person stays.
  const asking = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asking;
  assert.equal(dialog.type(), 'beforeunload', 'the browser asked before closing');
  await dialog.dismiss();
  assert.ok(!page.isClosed(), 'the tab stayed open');
  // Room again: the next edit saves, and closing no longer asks.
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler.')) localStorage.removeItem(k); });
  await nudge(page);
  await page.waitForFunction(() => {
    const id = localStorage.getItem('stratus.current');
    const stored = localStorage.getItem('stratus.design.' + id);
    return stored !== null && JSON.stringify(JSON.parse(stored)) === JSON.stringify(JSON.parse(window.__stratus.scenario()));
  });
  let asked = false;
  page.on('dialog', async (d) => { asked = true; await d.dismiss(); });
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  assert.ok(!asked && page.isClosed(), 'closes without asking once saved');
  await context.close();
});

test('a damaged list of designs is rebuilt from the designs themselves', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'two-tier', scale: 1 });
  await page.getByTestId('examples').selectOption('nacl-ephemeral');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-name]').textContent === 'The forgotten ephemeral ports');
  await nudge(page); // an edit keeps the example
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('stratus.design.')).length >= 2);
  const names = await page.evaluate(() => JSON.parse(localStorage.getItem('stratus.designs')).map((d) => d.name).sort());
  await page.evaluate(() => localStorage.setItem('stratus.designs', '{"damaged'));
  await page.reload();
  await ready(page);
  await page.getByTestId('file-menu').click();
  const listed = (await page.getByTestId('designs').locator('li button.linklike').allTextContents()).sort();
  for (const n of names) assert.ok(listed.includes(n), `${n} is listed again: ${listed}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file too large to open is refused before it is read; the design is unchanged', async () => {
  const { page, context, errors } = await openApp(browser, { example: 'two-tier', scale: 1 });
  const before = await scenarioOf(page);
  await page.getByTestId('import-input').setInputFiles({
    name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(9 * 1024 * 1024, 0x20),
  });
  await page.getByTestId('toast').filter({ hasText: "'huge.json' was not imported" }).waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /over the 8388608-byte limit/);
  assert.deepEqual(await scenarioOf(page), before);
  assert.deepEqual(errors, []);
  await context.close();
});
