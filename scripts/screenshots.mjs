#!/usr/bin/env node
// Full-page screenshots of a running GuardPress site for the docs.
//
//   node scripts/screenshots.mjs http://127.0.0.1:8080 [docs/screenshots]
//
// Saves {section,article,keyword}-{1366,390}.png: the section page /news/, an article picked
// from that page, and the keyword page of one of the article's keywords (等级保护 if it has it).
// Uses Debian's chromium through the playwright-core installed in tests/browser/node_modules
// (scripts/install-node-deps.sh).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const WIDTHS = [
  { width: 1366, height: 900, mobile: false },
  { width: 390, height: 844, mobile: true },
];
const PREFERRED_KEYWORD = '等级保护';

function usage(message) {
  if (message) console.error(`screenshots: ${message}`);
  console.error('usage: node scripts/screenshots.mjs BASE_URL [OUT_DIR]   (OUT_DIR defaults to docs/screenshots)');
  process.exit(2);
}

const [baseArg, outArg] = process.argv.slice(2);
if (!baseArg || baseArg.startsWith('-')) usage(baseArg ? `unknown option ${baseArg}` : 'missing BASE_URL');
let base;
try {
  base = new URL(baseArg);
} catch {
  usage(`not a URL: ${baseArg}`);
}
const outDir = path.resolve(outArg ?? path.join(root, 'docs/screenshots'));
fs.mkdirSync(outDir, { recursive: true });

async function open(page, pathname) {
  const url = new URL(pathname, base).href;
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res || res.status() !== 200) throw new Error(`GET ${url} answered ${res ? res.status() : 'nothing'}`);
  await page.evaluate(() => document.fonts.ready);
}

const browser = await chromium.launch(LAUNCH_OPTIONS);
try {
  // Pick the pages once, on the desktop layout.
  const probe = await browser.newPage();
  await open(probe, '/news/');
  const articleHref = await probe.locator('.article-list .article-item h2 a').first().getAttribute('href');
  if (!articleHref) throw new Error('no article link on /news/');
  await open(probe, articleHref);
  const keywordLinks = probe.locator('.article-meta .keywords a');
  const names = await keywordLinks.allInnerTexts();
  if (names.length === 0) throw new Error(`article ${articleHref} has no keyword links`);
  const k = Math.max(0, names.map((n) => n.trim()).indexOf(PREFERRED_KEYWORD));
  const keywordHref = await keywordLinks.nth(k).getAttribute('href');
  await probe.close();

  const pages = { section: '/news/', article: articleHref, keyword: keywordHref };
  for (const { width, height, mobile } of WIDTHS) {
    const context = await browser.newContext({
      viewport: { width, height }, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile,
    });
    const page = await context.newPage();
    for (const [name, pathname] of Object.entries(pages)) {
      await open(page, pathname);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${file}  ${decodeURI(pathname)}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
