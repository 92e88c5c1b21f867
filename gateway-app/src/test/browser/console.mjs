// Drives the console in headless Chromium: node console.mjs BASE_URL SCREENSHOT_PATH TEXT...
// Exits 0 when every TEXT is visible on the page (after the console's first refresh), else 1.
import { chromium } from 'playwright-core';

const [base, screenshot, ...expected] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on('pageerror', (e) => { console.error('page error: ' + e.message); failed = true; });
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForSelector('body[data-loaded]', { timeout: 20000 });
  for (const text of expected) {
    try {
      await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 10000 });
      console.log('found: ' + text);
    } catch (e) {
      console.error('missing: ' + text);
      failed = true;
    }
  }
  const urgentRows = await page.locator('#outbox tr.urgent.undelivered').count();
  console.log('urgent undelivered rows: ' + urgentRows);
  if (urgentRows < 1) failed = true;
  const bars = await page.locator('#turnaround svg rect').count();
  console.log('chart bars: ' + bars);
  await page.screenshot({ path: screenshot, fullPage: true });
  // the retry action: the button answers and the page says so
  await page.locator('#outbox button').first().click();
  await page.getByText('queued for another delivery').waitFor({ timeout: 10000 });
  console.log('retry acknowledged');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
