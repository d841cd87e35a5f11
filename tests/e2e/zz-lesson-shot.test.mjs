import { test, before, after } from 'node:test';
import { launch, openApp } from './browser.mjs';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
for (const locale of ['en-US', 'ko-KR']) {
  test(`lesson shot ${locale}`, async () => {
    const { page, errors } = await openApp(browser, { locale, example: null, url: 'http://127.0.0.1:8123/?lesson=sqs-fifo-dead-letter-queue' });
    await page.waitForSelector('[data-testid=lesson-panel]:not([hidden])');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/lesson-${locale}.png` });
    console.log(errors);
    await page.close();
  });
}
