// Shared helpers for the end-to-end tests: launch Debian's Chromium through playwright-core
// and open the production build that `cargo xtask test` serves (STRATUS_URL).
import { chromium } from 'playwright-core';

export const URL = process.env.STRATUS_URL ?? 'http://127.0.0.1:8080/';

// Without the background-networking flags Chromium floods the closed network with requests.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
}

/// A page on the app, waiting until the first frame is drawn; `errors` collects console
/// errors and uncaught exceptions.
/// First visits open "Your first web server"; most tests work on the two-tier
/// example, opened from the Examples menu as a person would (`example: null` keeps the default);
/// `url` opens another address of the site (a share link, a query).
export async function openApp(browser, { viewport = { width: 1400, height: 900 }, scale = 2, locale = 'en-US', example = 'two-tier', url = URL } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale, locale });
  const page = await context.newPage();
  const errors = [];
  // With the resource's address: "Failed to load resource: 404" alone does not say what.
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url;
    errors.push(where && msg.text().startsWith('Failed to load resource') ? `${msg.text()} (${where})` : msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  if (example) await openExample(page, example);
  return { context, page, errors };
}

/// Open a built-in example from the Examples menu and wait until it is shown; then fit it
/// whole (a design opens at a readable 100 %, which may leave part of it out of view, and
/// most tests click around the whole design).
export async function openExample(page, key, { whole = true } = {}) {
  const before = await page.evaluate(() => window.__stratus.scenario());
  await page.getByTestId('examples').selectOption(key);
  await page.waitForFunction((b) => window.__stratus.scenario() !== b, before);
  if (whole) await showWhole(page);
}

/// Press the fit button (⤢), when the page has one.
export async function showWhole(page) {
  const fit = page.getByTestId('zoom-fit');
  if ((await fit.count()) > 0 && (await fit.isVisible())) await fit.click();
}

/// Where a node is drawn, in client pixels: { x, y, w, h, cx, cy }.
export async function nodeBox(page, id) {
  const b = await page.evaluate((id) => window.__stratus.nodeBox(id), id);
  if (!b) throw new Error(`node ${id} is not drawn`);
  const [x, y, w, h] = b;
  return { x, y, w, h, cx: x + w / 2, cy: y + h / 2 };
}

/// The colour of the canvas pixel under a client point, as [r, g, b, a].
export async function pixelAt(page, x, y) {
  return page.evaluate(([x, y]) => {
    const canvas = document.querySelector('canvas[data-testid=diagram]');
    const r = canvas.getBoundingClientRect();
    const px = Math.round((x - r.left) * canvas.width / r.width);
    const py = Math.round((y - r.top) * canvas.height / r.height);
    return Array.from(canvas.getContext('2d').getImageData(px, py, 1, 1).data);
  }, [x, y]);
}

/// Whether a colour is within `tol` of a #rrggbb colour.
export function near(rgba, hex, tol = 24) {
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return want.every((v, i) => Math.abs(v - rgba[i]) <= tol);
}

/// Drag with the mouse like a person: press, move in steps, release.
export async function drag(page, from, to, steps = 8) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/// The design in view, as the document's JSON.
export const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));

/// Wait until the app has drawn its first frame.
export const ready = (page) => page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });

/// Every `stratus.*` key of this origin's localStorage, with its value.
export const saved = (page) => page.evaluate(() => Object.fromEntries(
  Object.keys(localStorage).filter((k) => k.startsWith('stratus.')).sort().map((k) => [k, localStorage.getItem(k)])));

/// Switch the page to language `code` (`ko` or `en`) with the top bar's button, as a person
/// does, and wait until the page shows it: the switch fetches that language's words first
/// (from the service worker's cache, or the network on a first switch), so it is not
/// instantaneous.
export async function switchLanguage(page, code) {
  if ((await page.evaluate(() => document.documentElement.lang)) === code) return;
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction((c) => document.documentElement.lang === c, code, { timeout: 10000 });
}

/// Click a drawn element (a container by its title bar, an icon by its centre) and wait
/// until it is the selection; a design grown past the view is fitted first, as a person
/// would zoom out.
export async function selectNode(page, id) {
  let b = await nodeBox(page, id);
  const c = await page.getByTestId('diagram').boundingBox();
  if (b.x < c.x || b.y < c.y || b.x + b.w > c.x + c.width || b.y + b.h > c.y + c.height) {
    await page.getByTestId('zoom-fit').click();
    b = await nodeBox(page, id);
  }
  const icon = b.w < 120;
  await page.mouse.click(icon ? b.cx : b.x + b.w - 24, icon ? b.cy : b.y + 10);
  await page.waitForFunction((id) => window.__stratus.selected() === id, id);
}

/// Add a palette item from the keyboard into the selected container; returns the new id.
export async function addFromPalette(page, kind) {
  const before = await page.evaluate(() => window.__stratus.selected());
  await page.getByTestId(`palette-${kind}`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => window.__stratus.selected() && window.__stratus.selected() !== b, before);
  return page.evaluate(() => window.__stratus.selected());
}

/// A page of `browser` with service workers blocked (their install would precache
/// everything), every request's URL and every page error recorded.
export async function openRecorded(browser, { locale = 'en-US', url = URL } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await page.goto(url);
  await page.waitForSelector('html[data-stratus-ready="true"]', { timeout: 20000 });
  return { context, page, requests, errors };
}
