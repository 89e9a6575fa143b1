// Opens the review page in Debian's chromium at a window size and prints where things are, as one JSON object:
//   node review-page.mjs URL WIDTH HEIGHT [SCREENSHOT.png]
// Run by test/GtCustomPose.Cli.Tests/Exports/ReviewPageTests.cs; exits 1 (printing the failure) if the page fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import puppeteer from 'puppeteer-core';

const [url, width, height] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const profile = mkdtempSync(join(tmpdir(), 'gtpose-puppeteer-'));
let browser;
try {
  browser = await puppeteer.launch({
    executablePath: process.env.GTPOSE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, 'about:blank'],
    defaultViewport: null,
  });
  const page = (await browser.pages())[0] || await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-rendered]', { timeout: 15000 });
  if (process.argv[5]) await page.screenshot({ path: process.argv[5] });
  const seen = await page.evaluate(() => {
    const rect = (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width };
    };
    return {
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      container: rect(document.getElementById('items')),
      items: [...document.querySelectorAll('.item')].map((item) => ({
        box: rect(item),
        chips: [...item.querySelectorAll('.reason, .note')].map((c) => ({ box: rect(c), text: c.textContent,
          code: c.title })),
        canvas: { width: item.querySelector('canvas').width, height: item.querySelector('canvas').height },
        tags: JSON.parse(item.querySelector('canvas').getAttribute('data-tags') || '[]'),
        instances: [...item.querySelectorAll('.inst')].map((i) => i.textContent),
      })),
      options: [...document.querySelectorAll('#filter option')].map((o) => o.textContent),
      injected: !!window.pwned || document.querySelectorAll('[data-injected]').length > 0,
    };
  });
  console.log(JSON.stringify({ ...seen, errors }));
} catch (e) {
  console.log(JSON.stringify({ failure: String(e && e.stack || e) }));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
