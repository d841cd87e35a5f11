// Renders the PWA icons (public/icons/*.png) from web/icon.svg with headless Chromium.
// Run once after changing the icon, then commit the PNGs: `node web/icons.mjs`
// (needs `npm ci` for playwright-core and Debian's chromium, as the end-to-end tests do).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const svg = readFileSync(here('./icon.svg'), 'utf8');
// Maskable: the platform crops to its own shape, so the background must fill the square
// (no rounded corners) and the mark must sit in the central safe zone (a circle of 40%
// radius); the diamond's corners are at 34% of the size from the centre.
const maskable = svg.replace(' rx="12"', '');
const jobs = [
  { out: '../public/icons/icon-192.png', size: 192, svg },
  { out: '../public/icons/icon-512.png', size: 512, svg },
  { out: '../public/icons/maskable-512.png', size: 512, svg: maskable },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const { out, size, svg } of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
  await page.screenshot({ path: here(out), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  console.log(`wrote ${out}`);
}
await browser.close();
