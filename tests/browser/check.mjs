// Real-browser checks of a built report, in headless Chromium:
//   node check.mjs REPORT_DIR SCREENSHOT_DIR PAGE...
// For each page (relative to REPORT_DIR), in the light and the dark scheme
// at 1280 px and in the light one at 390 px (a phone):
// it renders (a title, a table, every SVG chart visible, its text 11 px
// or more), logs no console
// error, makes no network request, and axe-core finds no serious or
// critical accessibility violation. Prints one line per
// problem and exits 1 if there is any.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [reportDir, shotDir, ...pages] = process.argv.slice(2);
const problems = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic',
  ],
});
try {
  for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    for (const rel of pages) {
      const where = `${rel} (${scheme}, ${width} px)`;
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`${where}: console error: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`${where}: page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`${where}: network request to ${r.url()}`);
      });
      await page.goto(pathToFileURL(resolve(reportDir, rel)).href, { waitUntil: 'load' });

      const title = await page.title();
      if (!title.trim()) problems.push(`${where}: empty <title>`);
      if ((await page.locator('h1').count()) !== 1) problems.push(`${where}: expected one <h1>`);
      if ((await page.locator('table tbody tr').count()) === 0) problems.push(`${where}: no table rows`);
      const charts = await page.locator('svg.chart').all();
      for (const [i, chart] of charts.entries()) {
        const box = await chart.boundingBox();
        if (!box || box.width < 100 || box.height < 20) problems.push(`${where}: chart ${i + 1} not visible`);
      }
      // Chart text, scaled with its chart, stays legible: 11 px or more.
      const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('svg.chart text')]
        .map((t) => {
          const svg = t.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return parseFloat(getComputedStyle(t).fontSize) * scale;
        })));
      if (smallest < 11) problems.push(`${where}: chart text renders ${smallest.toFixed(1)} px tall (11 px at least)`);
      if (charts.length === 0 && rel === 'index.html') {
        problems.push(`${where}: no SVG chart on the overview`);
      }
      await page.screenshot({ path: join(shotDir, `${rel.replaceAll('/', '_')}-${scheme}${width === 1280 ? '' : `-${width}`}.png`), fullPage: true });

      await page.addScriptTag({ content: axeSource });
      const results = await page.evaluate(async () => await window.axe.run(document, {
        resultTypes: ['violations'],
        // axe would fetch the stylesheets itself, which file: pages may not do.
        preload: false,
      }));
      for (const v of results.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          problems.push(`${where}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
        }
      }
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
}

for (const p of problems) console.log(p);
console.log(`${pages.length * 3} page checks, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
