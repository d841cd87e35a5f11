// Messages as data (#14 point 4): the engine's sentences come from the reader's language's
// catalogue. A Korean reader gets the Korean sentence of a diagnostic and only the Korean
// catalogue is fetched; switching to English says the same problem in English; offline,
// after one visit, the catalogues come from the service worker's cache. The app's own words
// (messages/ui/) are data too: fetched before the page shows anything, one language only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a diagnostic reads in the reader\'s language from its catalogue; a switch re-says it', async () => {
  const fetched = [];
  const { context, page, errors } = await openApp(browser, { locale: 'ko-KR', example: null });
  page.on('request', (r) => { if (r.url().includes('/messages/')) fetched.push(new URL(r.url()).pathname); });
  await page.getByTestId('examples').selectOption('peering-non-transitive');
  await page.getByTestId('tab-problems').click();
  const problems = page.getByTestId('problems');
  await assert.doesNotReject(problems.getByText('피어 VPC', { exact: false }).first().waitFor());
  const ko = await problems.textContent();
  assert.match(ko, /Stratus\.Route\.PeeringDestinationOutsidePeer/);
  assert.match(ko, /'rtb-a'이\(가\) 10\.3\.0\.0\/16을\(를\) 피어링 연결 'pcx-ab'\(으\)로 보내지만/);
  assert.doesNotMatch(ko, /validate\.[a-z_]+/, 'no raw message code on screen');
  await page.getByTestId('lang-switch').click();
  await problems.getByText('is not inside peer VPC', { exact: false }).first().waitFor();
  const en = await problems.textContent();
  assert.match(en, /'rtb-a' sends 10\.3\.0\.0\/16 through peering connection 'pcx-ab'/);
  assert.ok(fetched.some((p) => p.endsWith('/messages/en.json')), `the English catalogue is fetched on the switch: ${fetched}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit fetches no catalogue before a touch, then only its reader\'s language', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/messages/')) fetched.push(new URL(r.url()).pathname); });
  const { URL: SITE } = await import('./browser.mjs');
  await page.goto(SITE);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  await page.waitForTimeout(300);
  // The app's own words in the reader's language, fetched once (the page's preload is the
  // app's fetch), and no engine catalogue: the first visit's example shows no engine message.
  assert.deepEqual(fetched.map((p) => p.replace(/^.*\/messages\//, '')), ['ui/en.json'], 'before a touch: the app\'s English words only');
  await page.mouse.click(700, 450);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/messages/later/en.json')));
  const names = fetched.map((p) => p.replace(/^.*\/messages\//, ''));
  assert.ok(names.includes('en.json') && names.includes('later/en.json'), `both English parts after a touch: ${names}`);
  assert.ok(!names.some((n) => n.includes('ko.json')), 'never the other language');
  assert.equal(names.filter((n) => n === 'ui/en.json').length, 1, `the app's words once: ${names}`);
  await context.close();
});

test('a design that opens with a problem fetches its reader\'s catalogue at once, without a touch', async () => {
  const { deflateSync } = await import('node:zlib');
  const { URL: SITE } = await import('./browser.mjs');
  const envelope = JSON.stringify({ scenario: JSON.parse(await (await fetch(SITE + 'examples/peering-non-transitive.json')).text()) });
  const fragment = 'v1:' + Buffer.from(deflateSync(Buffer.from(envelope), { level: 9 })).toString('base64url');
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/messages/')) fetched.push(new URL(r.url()).pathname.replace(/^.*\/messages\//, '')); });
  await page.goto(SITE + 'index.html?embed=1&lang=ko#' + fragment);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/messages/ko.json')));
  assert.deepEqual(fetched, ['ui/ko.json', 'ko.json'], 'the Korean words and core catalogue only, before any touch');
  await context.close();
});

test('a first touch that is the language switch ends in the new language\'s sentences', async () => {
  const { context, page, errors } = await openApp(browser, { locale: 'en-US', example: null });
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('examples').selectOption('peering-non-transitive');
  await page.getByTestId('tab-problems').click();
  const problems = page.getByTestId('problems');
  await problems.getByText('피어 VPC', { exact: false }).first().waitFor();
  await page.waitForTimeout(500);
  assert.match(await problems.textContent(), /피어링 연결 'pcx-ab'\(으\)로 보내지만/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a catalogue that arrives while someone types leaves the field they type in alone', async () => {
  const { URL: SITE, nodeBox } = await import('./browser.mjs');
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  // The catalogues come late (a slow network): the first touch asks for them, the person
  // is typing when they arrive.
  let arrived = 0;
  await context.route(/\/messages\/(?!ui\/)/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
    arrived++;
  });
  await page.goto(SITE);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  const sub = await nodeBox(page, 'subnet-web');
  await page.mouse.click(sub.x + 15, sub.y + 40);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-web');
  await page.getByTestId('field-cidr').fill('10.0.7.0/24');
  for (let i = 0; i < 60 && arrived < 2; i++) await page.waitForTimeout(100);
  assert.ok(arrived >= 2, `the catalogue's parts arrived: ${arrived}`);
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('field-cidr').inputValue(), '10.0.7.0/24', 'the text typed is still there');
  await page.getByTestId('field-cidr').press('Enter');
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.id === 'subnet-web').cidr === '10.0.7.0/24');
  await context.close();
});

test('a page whose words cannot be fetched says so in both languages and why, and Reload tries again', async () => {
  const { URL: SITE } = await import('./browser.mjs');
  const context = await browser.newContext({ locale: 'ko-KR', serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let refuse = true;
  await context.route(/\/messages\/ui\//, (route) => (refuse ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  await page.goto(SITE);
  const said = page.getByTestId('without-words');
  await said.waitFor({ timeout: 20000 });
  const text = await said.textContent();
  assert.match(text, /could not load its words \(HTTP 503\)/);
  assert.match(text, /불러오지 못했습니다\(HTTP 503\)/);
  // The server is back: the person's click reloads, and the app starts in Korean.
  refuse = false;
  await Promise.all([page.waitForEvent('load'), page.getByTestId('without-words-reload').click()]);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  assert.equal(await page.getByTestId('lang-switch').textContent(), 'English');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the pointer on the language button fetches the other language\'s words, so the click switches at once', async () => {
  const { context, page, errors } = await openApp(browser, { locale: 'en-US', example: null });
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/messages/ui/')) fetched.push(new URL(r.url()).pathname.replace(/^.*\/messages\//, '')); });
  await page.getByTestId('lang-switch').hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/messages/ui/ko.json')));
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: 5000 });
  assert.deepEqual(fetched, ['ui/ko.json'], 'fetched once, on the hover');
  // And back: English is still there, nothing fetched again.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
  assert.deepEqual(fetched, ['ui/ko.json']);
  assert.deepEqual(errors, []);
  await context.close();
});
