// The browser half of `cargo xtask bench`: the production build in headless Chromium runs
// the same models as `stratus bench` (M/M/4 events/s; the reference web app for one
// simulated hour) through the page's `window.__stratus` hooks. Prints one JSON line.
import { launch, openApp } from '../e2e/browser.mjs';

const browser = await launch();
try {
  const { page } = await openApp(browser, { example: null, scale: 1 });
  const customers = Number(process.env.MMC_CUSTOMERS ?? 2000000);
  const mmc = JSON.parse(await page.evaluate((n) => window.__stratus.benchMmc(n), customers));
  const hour = JSON.parse(await page.evaluate(() => window.__stratus.bench('reference-web-app', 3600, 1)));
  console.log(JSON.stringify({
    mmc: { customers, events: mmc.events, wall_s: mmc.wall_ms / 1000, events_per_s: mmc.events / (mmc.wall_ms / 1000) },
    reference_web_app: { wall_s: hour.wall_ms / 1000, events: hour.events, requests: hour.requests, fingerprint: hour.fingerprint, wasm_memory_mib: hour.wasm_memory_mib },
    browser: await browser.version(),
  }));
} finally {
  await browser.close();
}
