// Drives the console in headless Chromium: node console.mjs BASE_URL SCREENSHOT_PATH TEXT...
// Exits 0 when every TEXT is visible on the page (after the console's first refresh), else 1.
// With STUDY_ACCESSION and STUDY_INSTANCES in the environment it also checks that the received study of that
// accession shows that instance count and links to the worklist row of the same accession, and that today's
// turnaround figures count its images received.
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
      // visible matches only: the chart's SVG <title> tooltips repeat some texts and are never visible
      await page.getByText(text, { exact: false }).filter({ visible: true }).first()
        .waitFor({ state: 'visible', timeout: 10000 });
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
  const acc = process.env.STUDY_ACCESSION;
  if (acc) {
    const row = page.locator(`#studies tr[data-accession="${acc}"]`);
    await row.waitFor({ state: 'visible', timeout: 10000 });
    const instances = (await row.locator('td.instances').textContent()).trim();
    const link = row.locator('a');
    const href = (await link.count()) ? await link.getAttribute('href') : null;
    const linkText = href ? (await link.textContent()).trim() : '';
    // the link leads to a worklist row, and that row is the booking of the same accession
    const target = href ? page.locator(href) : null;
    const targetAccession = target && (await target.count()) ? (await target.locator('td').nth(3).textContent()).trim() : null;
    console.log(`study ${acc}: ${instances} instance(s), worklist item "${linkText}" (${href} -> ${targetAccession})`);
    if (instances !== process.env.STUDY_INSTANCES || targetAccession !== acc) failed = true;
    // today is the last day of the turnaround table
    const today = page.locator('#turnaround tbody tr').last();
    const imaged = (await today.locator('td.imaged').textContent()).trim();
    const orderToImages = (await today.locator('td[data-series="orderToImages"]').textContent()).trim();
    console.log(`turnaround today: ${imaged} order(s) with images received, order → images ${orderToImages} min`);
    if (!(Number(imaged) >= 1) || orderToImages === '–') failed = true;
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  // the retry action: the button answers and the page says so
  await page.locator('#outbox button').first().click();
  await page.getByText('queued for another delivery').waitFor({ timeout: 10000 });
  console.log('retry acknowledged');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
