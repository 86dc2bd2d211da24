// Live reload in a real browser: open a served page, edit a record file,
// and wait for the page to reload by itself and show the new content.
//   node live.mjs URL FILE SEARCH REPLACE EXPECTED
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

const [url, file, search, replace, expected] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  if ((await page.content()).includes(expected)) throw new Error('the page already shows the new content');
  // Give the event stream a moment to connect before editing.
  await page.waitForTimeout(300);
  const reloaded = page.waitForEvent('load', { timeout: 15000 });
  const text = readFileSync(file, 'utf8');
  writeFileSync(`${file}.tmp`, text.replace(search, replace));
  renameSync(`${file}.tmp`, file);
  const started = Date.now();
  await reloaded;
  await page.waitForFunction((t) => document.body.innerText.includes(t), expected, { timeout: 15000 });
  console.log(`reloaded with the new content in ${Date.now() - started} ms`);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
} catch (e) {
  console.log(`live reload failed: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
