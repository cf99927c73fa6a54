// Browser test of the article page: Debian's chromium driven by playwright-core.
//
//   node tests/browser/article.test.mjs --binary build/guardpress --out build/screenshots
//
// Creates a demo site in a fresh temp dir, serves it on an ephemeral port, walks from the
// section page to an article, checks what a reader sees (title, meta, body, source, prev/next,
// the sidebar widgets, the breadcrumb), follows 下一篇, and checks the phone layout.
// Screenshots go to --out (article-1366.png, article-390.png).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

import {
  args, DESKTOP, LAUNCH_OPTIONS, PHONE, PHONE_PLACEHOLDER, STEP_TIMEOUT_MS, startDemoSite,
} from './harness.mjs';

let site;          // the demo site the harness serves for this file
let baseUrl;
let browser;
let desktop;       // BrowserContext at 1366x900
let page;          // the desktop page shared by the tests below

// Filled in by the tests, in order.
let firstArticle;  // { href, title } of the article we open from the category list
let newestArticle; // { href, title } of the category's newest article

const logTail = () => (site ? site.logTail() : '');

async function assertVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch {
    assert.fail(`${what} is not visible on ${page.url()}`);
  }
}

async function text(locator) {
  return (await locator.first().innerText()).trim();
}

before(async () => {
  site = await startDemoSite(args.binary);
  baseUrl = site.baseUrl;

  browser = await chromium.launch(LAUNCH_OPTIONS);
  desktop = await browser.newContext({ viewport: DESKTOP });
  desktop.setDefaultTimeout(STEP_TIMEOUT_MS);
  page = await desktop.newPage();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (site) await site.stop();
  }
});

test('section page /news/ leads to a category list', { timeout: 20_000 }, async () => {
  const res = await page.goto(`${baseUrl}/news/`);
  assert.equal(res.status(), 200, `GET /news/ answered ${res.status()}`);
  await assertVisible(page.locator('.section-banner h1'), 'section banner title');
  await assertVisible(page.locator('nav.tabs a .count'), 'category tabs with counts');

  // Follow the category link of the first (newest) list item, e.g. /news/policy/national/.
  const categoryLink = page.locator('.article-list .article-item .meta a').first();
  await assertVisible(categoryLink, 'category link of the first list item on /news/');
  const categoryHref = await categoryLink.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === categoryHref), categoryLink.click()]);

  const items = page.locator('.article-list .article-item h2 a');
  const count = await items.count();
  assert.ok(count >= 2, `category page ${categoryHref} lists ${count} articles; need at least 2`);
  newestArticle = { href: await items.nth(0).getAttribute('href'), title: await text(items.nth(0)) };
  firstArticle = { href: await items.nth(1).getAttribute('href'), title: await text(items.nth(1)) };
  assert.match(firstArticle.href, /^\/.+\/\d+\.html$/, `unexpected article URL ${firstArticle.href}`);

  // Open the second-newest article (the newest has no 下一篇).
  const link = items.nth(1);
  await Promise.all([page.waitForURL((u) => u.pathname === firstArticle.href), link.click()]);
});

test('article page shows title, meta, body, source, prev/next, widgets and breadcrumb',
  { timeout: 20_000 }, async () => {
    assert.ok(firstArticle, 'no article was picked by the previous test');
    assert.equal(new URL(page.url()).pathname, firstArticle.href, 'not on the picked article');

    const h1 = page.locator('article h1');
    await assertVisible(h1, 'article <h1>');
    assert.equal(await text(h1), firstArticle.title, 'article <h1> differs from the list link text');

    const meta = page.locator('p.article-meta');
    await assertVisible(meta.locator('.published time'), 'publication time');
    assert.match(await text(meta.locator('.published')), /^时间:\s*\d{4}-\d{2}-\d{2}/, '时间: line');
    assert.match(await text(meta.locator('.views')), /^访问量:\s*\d+$/, '访问量: line');
    assert.match(await text(meta.locator('.view-count')), /^\d+$/, 'view count is not a number');
    assert.match(await text(meta.locator('.keywords')), /^关键词:/, '关键词: label');
    const keywordLinks = meta.locator('.keywords a');
    assert.ok(await keywordLinks.count() >= 1, 'article has no keyword links');
    await assertVisible(keywordLinks, 'keyword link');
    assert.match(await keywordLinks.first().getAttribute('href'), /^\/tag\/.+\/$/, 'keyword link href');

    await assertVisible(page.locator('.article-body'), 'article body');
    assert.ok(await page.locator('.article-body h2').count() >= 1, 'article body has no <h2>');
    await assertVisible(page.locator('.article-body h2'), 'article body <h2>');

    const source = page.locator('p.source');
    await assertVisible(source, '来源: line');
    assert.match(await text(source), /^来源:\s*\S+/, '来源: line is empty');

    const prev = page.locator('.prev-next p.prev');
    const next = page.locator('.prev-next p.next');
    await assertVisible(prev, '上一篇 line');
    await assertVisible(next, '下一篇 line');
    assert.match(await text(prev), /^上一篇:\s*\S+/, '上一篇 line');
    assert.match(await text(next), /^下一篇:\s*\S+/, '下一篇 line');
    const nextLink = next.locator('a[rel=next]');
    assert.equal(await nextLink.count(), 1, '下一篇 has no link on the second-newest article');
    assert.equal(await nextLink.getAttribute('href'), newestArticle.href,
      '下一篇 of the second-newest article should be the newest one of the category list');

    // Sidebar widgets.
    await assertVisible(page.locator('.widget-consult h2', { hasText: '在线咨询' }), '在线咨询 widget');
    const consult = page.locator('.widget-consult a');
    await assertVisible(consult, '在线咨询 link');
    assert.equal(await text(consult), '等保测评咨询', '在线咨询 link text');

    const phone = page.locator('.widget-callback form[action="/callback"] input[type=tel]');
    await assertVisible(phone, 'callback phone input');
    assert.equal(await phone.getAttribute('placeholder'), PHONE_PLACEHOLDER, 'phone input placeholder');
    await assertVisible(page.locator('.widget-callback input[type=checkbox][name=consent]'), 'consent checkbox');

    const qr = page.locator('.widget-wechat img');
    await assertVisible(qr, 'WeChat QR image');
    assert.match(await qr.getAttribute('src'), /\/wechat-qr\.svg$/, 'QR image src');
    const naturalWidth = await qr.evaluate((img) => (img.complete ? img.naturalWidth
      : new Promise((resolve) => {
        img.addEventListener('load', () => resolve(img.naturalWidth));
        img.addEventListener('error', () => resolve(0));
      })));
    assert.ok(naturalWidth > 0, `QR image did not load (naturalWidth ${naturalWidth})`);

    const backToTop = page.locator('a.back-to-top');
    assert.equal(await backToTop.count(), 1, 'back-to-top link missing');
    assert.equal((await backToTop.textContent()).trim(), '返回顶部', 'back-to-top text');
    assert.equal(await backToTop.getAttribute('href'), '#top', 'back-to-top href');

    const breadcrumb = page.locator('nav.breadcrumb');
    await assertVisible(breadcrumb, 'breadcrumb');
    assert.match(await text(breadcrumb), /^当前位置:/, 'breadcrumb does not begin with 当前位置:');

    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(args.out, 'article-1366.png'), fullPage: true });

    // Once the reader scrolls down, the back-to-top button shows up.
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: 'instant' }));
    await assertVisible(backToTop, 'back-to-top link after scrolling down');
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  });

test('下一篇 opens the next article, whose 上一篇 links back', { timeout: 20_000 }, async () => {
  assert.ok(firstArticle, 'no article was picked by the first test');
  const nextLink = page.locator('.prev-next a[rel=next]');
  await assertVisible(nextLink, '下一篇 link');
  const href = await nextLink.getAttribute('href');
  const title = await text(nextLink);
  assert.notEqual(href, firstArticle.href, '下一篇 links to the article itself');

  await Promise.all([page.waitForURL((u) => u.pathname === href), nextLink.click()]);
  assert.equal(new URL(page.url()).pathname, href, 'URL did not change to the 下一篇 href');
  const h1 = page.locator('article h1');
  await assertVisible(h1, '<h1> of the next article');
  assert.equal(await text(h1), title, "next article's <h1> differs from the 下一篇 link text");

  const back = page.locator('.prev-next a[rel=prev]');
  await assertVisible(back, '上一篇 link on the next article');
  assert.equal(await back.getAttribute('href'), firstArticle.href, '上一篇 does not link back to the first article');
  assert.equal(await text(back), firstArticle.title, '上一篇 text is not the first article title');
});

test('phone layout (390 px): no horizontal overflow, widgets below the content', { timeout: 20_000 }, async () => {
  assert.ok(firstArticle, 'no article was picked by the first test');
  const phoneContext = await browser.newContext({
    viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
  });
  try {
    phoneContext.setDefaultTimeout(STEP_TIMEOUT_MS);
    const phonePage = await phoneContext.newPage();
    for (const url of ['/news/', firstArticle.href]) {
      const res = await phonePage.goto(`${baseUrl}${url}`);
      assert.equal(res.status(), 200, `GET ${url} answered ${res.status()}`);
      await phonePage.evaluate(() => document.fonts.ready);
      const { scrollWidth, wide } = await phonePage.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        // Name the widest offenders so a failure says where to look.
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
      }));
      assert.ok(scrollWidth <= PHONE.width,
        `${url} overflows horizontally at ${PHONE.width} px: scrollWidth ${scrollWidth}; elements: ${wide.join(', ')}`);
    }

    const content = await phonePage.locator('main.content').boundingBox();
    const sidebar = await phonePage.locator('aside.sidebar').boundingBox();
    assert.ok(content && sidebar, 'content or sidebar has no box on the phone');
    assert.ok(sidebar.y >= content.y + content.height - 1,
      `sidebar (y=${sidebar.y}) is not below the content (bottom=${content.y + content.height}) on the phone`);

    await phonePage.screenshot({ path: path.join(args.out, 'article-390.png'), fullPage: true });
  } finally {
    await phoneContext.close();
  }
});
