import { launch, openApp, openExample } from './e2e/browser.mjs';
const browser = await launch();
const { page } = await openApp(browser, { example: null, scale: 1 });
for (const key of ['scale-out-spike', 'spot-interruption', 'route53-failover', 'rds-multi-az-failover', 'peering-non-transitive', 'nat-gateway-vs-instance']) {
  await openExample(page, key);
  await page.waitForTimeout(200);
  await page.screenshot({ path: `/tmp/ex-${key}.png` });
}
await browser.close();
