// Drives the worker page (<gtpose-skeleton> inside <crowd-form>) in Debian's chromium with real input events: mouse
// clicks, drags (with a key held) and wheel, keyboard. Run by test/GtCustomPose.Cli.Tests/WorkerPageBrowserTests.cs:
//   node worker-page.mjs PLAN.json
// The plan names the page's URL, the viewport, a screenshot folder and the steps; the script prints one JSON object
// (what the page showed and submitted) and exits 0, or prints the failure and exits 1.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import puppeteer from 'puppeteer-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const profile = mkdtempSync(join(tmpdir(), 'gtpose-puppeteer-'));
const out = { states: {}, screenshots: [] };
let browser;

const browserFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`];

async function main() {
  browser = await puppeteer.launch({
    executablePath: process.env.GTPOSE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: true,
    args: [...browserFlags, 'about:blank'],
    defaultViewport: null,
  });
  const page = (await browser.pages())[0] || await browser.newPage();
  await page.setViewport({ width: plan.width, height: plan.height, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A failed load is reported with its URL below; the console's own line about it names none.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('request', (r) => {
    if (plan.offline && !/^(file|data):/.test(r.url())) errors.push(`network request from an offline page: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(plan.url, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const el = document.querySelector('gtpose-skeleton');
    return el && el.image && el.canvas.width > 1;
  }, { timeout: 15000 });
  const ui = ui_(page);
  mkdirSync(plan.screenshots, { recursive: true });
  for (const step of plan.steps) await run(page, ui, step);
  out.errors = errors;
  out.injected = await page.evaluate(() => !!window.pwned || document.querySelectorAll('[data-injected]').length > 0 ||
    document.querySelector('gtpose-skeleton').shadowRoot.querySelectorAll('[data-injected], script').length > 0);
}

/** Real input on the page, located through the element's own view (toClient) and its shadow DOM boxes. */
function ui_(page) {
  const ui = {
    value: () => page.evaluate(() => document.querySelector('gtpose-skeleton').value),
    view: () => page.evaluate(() => {
      const el = document.querySelector('gtpose-skeleton');
      const r = el.canvas.getBoundingClientRect();
      return { ...el.view, left: r.left, top: r.top, width: r.width, height: r.height,
        imageWidth: el.image.naturalWidth, imageHeight: el.image.naturalHeight };
    }),
    client: (x, y) => page.evaluate((x, y) => document.querySelector('gtpose-skeleton').toClient(x, y), x, y),
    async clickImage(x, y) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await ui.bringIntoView(x, y);
      const p = await ui.client(x, y);
      const v = await ui.view();
      if (p.x < v.left || p.y < v.top || p.x > v.left + v.width || p.y > Math.min(v.top + v.height, plan.height)) {
        throw new Error(`image point (${x}, ${y}) is outside the canvas in this view (${p.x}, ${p.y})`);
      }
      await page.mouse.click(p.x, p.y);
    },
    // Pans with the arrow keys, as a worker would, until the image point is well inside the canvas.
    async bringIntoView(x, y) {
      for (let i = 0; i < 60; i++) {
        const p = await ui.client(x, y);
        const v = await ui.view();
        const margin = 30;
        const key = p.x < v.left + margin ? 'ArrowLeft' : p.x > v.left + v.width - margin ? 'ArrowRight'
          : p.y < v.top + margin ? 'ArrowUp' : p.y > Math.min(v.top + v.height, plan.height) - margin ? 'ArrowDown' : null;
        if (!key) return;
        out.arrowPans = (out.arrowPans || 0) + 1;
        await page.keyboard.press(key);
      }
    },
    async click(selector, index = 0) {
      // ElementHandle.click scrolls the element into view and clicks its centre with the mouse.
      const handle = await page.evaluateHandle((s, i) =>
        document.querySelector('gtpose-skeleton').shadowRoot.querySelectorAll(s)[i] || null, selector, index);
      if (!handle.asElement()) throw new Error(`no ${selector} [${index}] on the page`);
      await handle.asElement().click();
    },
    async dragScreen(from, to, key) {
      if (key) await page.keyboard.down(key);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 10 });
      await page.mouse.up();
      if (key) await page.keyboard.up(key);
    },
    // Where the Submit button is and whether the page scrolls; how often a phrase of the instructions is shown as text
    // (in the page and in the element's shadow root, scripts and styles left out).
    layout: (phrase) => page.evaluate((phrase) => {
      const shown = (root) => {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let text = '';
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (!['SCRIPT', 'STYLE'].includes(n.parentNode.nodeName)) text += n.textContent + '\n';
        }
        return text;
      };
      const text = shown(document.body) + shown(document.querySelector('gtpose-skeleton').shadowRoot);
      const submit = document.getElementById('crowd-submit');
      const r = submit ? submit.getBoundingClientRect() : null;
      return {
        submit: r && { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
        scrollY: window.scrollY, innerHeight: window.innerHeight, innerWidth: window.innerWidth,
        scrollHeight: document.documentElement.scrollHeight,
        phraseShown: text.split(phrase).length - 1,
      };
    }, phrase),
    text: (selector) => page.evaluate((s) => [...document.querySelector('gtpose-skeleton').shadowRoot
      .querySelectorAll(s)].map((n) => n.textContent), selector),
    count: (selector) => page.evaluate((s) =>
      document.querySelector('gtpose-skeleton').shadowRoot.querySelectorAll(s).length, selector),
  };
  return ui;
}

async function run(page, ui, step) {
  switch (step.do) {
    case 'place': {
      // Clicks each point; a null point is skipped with the S key. Records the "next" line before each click.
      const nextLines = [];
      for (const p of step.points) {
        nextLines.push((await ui.text('#next'))[0]);
        if (p.skip) await page.keyboard.press('s'); else await ui.clickImage(p.x, p.y);
      }
      out.states[step.name + ':next'] = nextLines;
      break;
    }
    case 'add-person': await ui.click('#add-person'); break;
    case 'wheel': {
      await page.evaluate(() => window.scrollTo(0, 0));
      const p = await ui.client(step.x, step.y);
      await page.mouse.move(p.x, p.y);
      await page.mouse.wheel({ deltaY: step.deltaY });
      break;
    }
    case 'modifier-drag': {
      await page.evaluate(() => window.scrollTo(0, 0));
      const v = await ui.view();
      const x = v.left + v.width / 2;
      const y = v.top + v.height / 2;
      await page.keyboard.down(step.key);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + step.dx, y + step.dy, { steps: 8 });
      await page.mouse.up();
      await page.keyboard.up(step.key);
      break;
    }
    case 'keys': for (const k of step.keys) await page.keyboard.press(k); break;
    case 'chord': {
      for (const k of step.keys) await page.keyboard.down(k);
      for (const k of [...step.keys].reverse()) await page.keyboard.up(k);
      break;
    }
    case 'drag': {
      // From one image point to another; with `key`, that key is held through the drag (Alt moves a whole person).
      await page.evaluate(() => window.scrollTo(0, 0));
      const from = await ui.client(step.from.x, step.from.y);
      const to = await ui.client(step.to.x, step.to.y);
      await ui.dragScreen(from, to, step.key);
      break;
    }
    case 'drag-tag': {
      // Presses the middle of a person's name tag as drawn, drags it by (dx, dy) image pixels in the current view.
      await page.evaluate(() => window.scrollTo(0, 0));
      const { scale } = await ui.view();
      const from = await page.evaluate((person) => {
        const el = document.querySelector('gtpose-skeleton');
        const t = (el._tags || []).find((g) => g.person === person);
        const r = el.canvas.getBoundingClientRect();
        return t ? { x: r.left + t.x + t.w / 2, y: r.top + t.y + t.h / 2 } : null;
      }, step.person);
      if (!from) throw new Error(`no name tag drawn for person ${step.person}`);
      await ui.dragScreen(from, { x: from.x + step.dx * scale, y: from.y + step.dy * scale });
      break;
    }
    case 'click-point': {
      if (!Number.isFinite(step.x) || !Number.isFinite(step.y)) throw new Error('click-point needs x and y');
      await page.evaluate(() => window.scrollTo(0, 0));
      const p = await ui.client(step.x, step.y);
      await page.mouse.click(p.x, p.y);
      break;
    }
    case 'click': await ui.click(step.selector, step.index || 0); break;
    case 'rename': {
      await ui.click('.person .name', step.person);
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      await page.keyboard.type(step.name);
      await page.keyboard.press('Tab');
      break;
    }
    case 'facing': {
      // A focused <select> takes typed letters as a choice of option, as a worker with a keyboard would.
      await ui.click('.person .facing', step.person);
      await page.keyboard.press('Escape');
      await page.keyboard.type(step.type);
      await page.keyboard.press('Tab');
      break;
    }
    case 'record': {
      out.states[step.name] = {
        value: await ui.value(), view: await ui.view(),
        next: (await ui.text('#next'))[0], audit: (await ui.text('#audit'))[0] || '',
        people: await ui.text('.person'), points: await ui.text('.points li'),
        doubtfulPeople: await ui.count('.person.doubtful'), doubtfulPoints: await ui.count('.points li.doubtful'),
        shortcuts: (await ui.text('#shortcuts'))[0], side: (await ui.text('.side'))[0],
        facings: await page.evaluate(() => [...document.querySelector('gtpose-skeleton').shadowRoot
          .querySelectorAll('.person .facing')].map((s) => s.value)),
      };
      break;
    }
    case 'layout': {
      // Waits for the form's Submit button (the crowd-form adds it once the page is parsed).
      await page.waitForSelector('#crowd-submit', { timeout: 5000 });
      out.states[step.name] = await ui.layout(step.phrase);
      break;
    }
    case 'screenshot': {
      const file = join(plan.screenshots, step.file);
      await page.screenshot({ path: file });
      out.screenshots.push(file);
      break;
    }
    case 'submit': {
      await (await page.waitForSelector('#crowd-submit')).click();
      await page.waitForFunction(() => window.crowdSubmitted, { timeout: 5000 });
      out.submitted = await page.evaluate(() => window.crowdSubmitted);
      out.localAnswer = await page.evaluate(() => {
        const pre = document.getElementById('gtpose-local-answer');
        return pre ? pre.textContent : null;
      });
      break;
    }
    default: throw new Error(`unknown step ${step.do}`);
  }
}

try {
  await main();
  console.log(JSON.stringify(out));
} catch (e) {
  console.log(JSON.stringify({ ...out, failure: String(e && e.stack || e) }));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
