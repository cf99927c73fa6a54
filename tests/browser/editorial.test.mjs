// Browser test of the editorial back end: Debian's chromium driven by playwright-core.
//
//   node tests/browser/editorial.test.mjs --binary build/guardpress \
//        --clock-server build/tests/gp_clock_server --out build/screenshots
//
// A demo site (page cache on) with one editor and one reviewer. The editor writes an article in
// the rich-text editor — a heading, a list, a table and a pasted image — and submits it; the
// reviewer, who cannot publish a draft, approves and publishes it; the reader sees it first in
// its category with the counts and 上一篇 right. A correction goes back through review: the
// reviewer unpublishes, the editor's edit makes a revision whose diff shows the change, and the
// reviewer approves and publishes again. A scheduled article appears on its own once the
// server's clock (gp_clock_server, moved by the test) passes its time.
// Screenshots go to --out (editorial-editor-1366.png, editorial-diff-1366.png).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { args, DESKTOP, LAUNCH_OPTIONS, STEP_TIMEOUT_MS, startDemoSite } from './harness.mjs';
import { addAccount, firstSignIn, submit } from './admin_session.mjs';

const EDITOR = 'bianji.chen';
const REVIEWER = 'shenhe.lin';
const EDITOR_PASSWORD = 'Wd5#kTq8xN';
const REVIEWER_PASSWORD = 'Hs3@vLp9zR';
const CATEGORY_PATH = '/news/faq/';    // 常见问题, a leaf under 等保资讯
const CATEGORY_NAME = '常见问题';
const SECTION_PATH = '/news/';
const TITLE = '等保测评前的自查清单怎么准备';
const SCHEDULED_TITLE = '下月起施行的等保备案新要求提示';
const SITE_UTC_OFFSET_SECONDS = 8 * 3600;  // the demo site's time zone, Asia/Shanghai

let site;
let baseUrl;
let browser;
let editorPage;
let reviewerPage;
let readerPage;
const passwords = {};

// Filled in by the tests, in order.
let initial = {};    // counts and the newest article of the category before publishing
let articleId;       // the article the editor writes
let articleUrl;      // its public URL

const logTail = () => (site ? site.logTail() : '');

async function assertVisible(page, locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch {
    assert.fail(`${what} is not visible on ${page.url()}${logTail()}`);
  }
}

async function text(locator) {
  return (await locator.first().innerText()).trim();
}

// The count shown on a tab of the section page, by the tab's name.
async function tabCount(page, name) {
  const tab = page.locator('nav.tabs a', { hasText: name }).first();
  return Number(await text(tab.locator('.count')));
}

async function categoryState(page) {
  const res = await page.goto(`${baseUrl}${CATEGORY_PATH}`);
  assert.equal(res.status(), 200, `GET ${CATEGORY_PATH} answered ${res.status()}`);
  const first = page.locator('.article-list .article-item h2 a').first();
  return {
    all: await tabCount(page, '全部'),
    category: await tabCount(page, CATEGORY_NAME),
    newest: { href: await first.getAttribute('href'), title: await text(first) },
  };
}

// Options show the tree (indented names), so the option is found by its text.
async function pickCategory(form) {
  const select = form.locator('select[name=category]');
  const value = await select.locator('option', { hasText: CATEGORY_NAME }).first().getAttribute('value');
  await select.selectOption(value);
}

// A datetime-local value in the site's time zone for a Unix time.
function siteLocalTime(unixSeconds) {
  return new Date((unixSeconds + SITE_UTC_OFFSET_SECONDS) * 1000).toISOString().slice(0, 16);
}

// Clicks one workflow button of the article page (its form posts to /admin/articles/N/STEP).
async function step(page, id, name) {
  const action = `/admin/articles/${id}/${name}`;
  const button = page.locator(`form[action="${action}"] button[type=submit]`);
  await assertVisible(page, button, `${name} button`);
  const res = await submit(page, button, action);
  assert.ok(res.status() < 400, `${name} answered ${res.status()}${logTail()}`);
}

before(async () => {
  site = await startDemoSite(args.binary, {
    movableClock: true,
    beforeServe(dataDir) {
      // The page cache is on (it needs the site's address), so publishing must reach pages
      // that were cached before it.
      fs.writeFileSync(path.join(dataDir, 'guardpress.toml'),
        '[site]\nbase_url = "http://127.0.0.1"\n');
      passwords[EDITOR] = addAccount(args.binary, dataDir, 'editor', EDITOR);
      passwords[REVIEWER] = addAccount(args.binary, dataDir, 'reviewer', REVIEWER);
    },
  });
  baseUrl = site.baseUrl;
  browser = await chromium.launch(LAUNCH_OPTIONS);
  const context = async () => {
    const c = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    c.setDefaultTimeout(STEP_TIMEOUT_MS);
    return c.newPage();
  };
  editorPage = await context();
  reviewerPage = await context();
  readerPage = await context();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (site) await site.stop();
  }
});

test('the editor writes an article with a heading, a list, a table and a pasted image',
  { timeout: 60_000 }, async () => {
    initial = await categoryState(readerPage);
    await firstSignIn(editorPage, baseUrl, EDITOR, passwords[EDITOR], EDITOR_PASSWORD, logTail);

    const page = editorPage;
    await page.goto(`${baseUrl}/admin/articles/new`);
    const form = page.locator('form.article-form');
    await assertVisible(page, form, 'article form');
    // The bundle loaded under the CSP and replaced the textarea.
    await assertVisible(page, page.locator('.editor-toolbar'), 'editor toolbar');
    assert.equal(await form.locator('textarea[name=body]').isVisible(), false,
      'the HTML textarea is still shown next to the editor');

    await form.locator('input[name=title]').fill(TITLE);
    await pickCategory(form);
    await form.locator('input[name=keywords]').fill('等级测评, 自查');
    await form.locator('input[name=source]').fill('本站原创');

    const surface = page.locator('.editor-surface .ProseMirror');
    const toolbar = page.locator('.editor-toolbar');
    await surface.click();
    await page.keyboard.type('测评前先把资产、制度和记录理一遍，可以少走很多弯路。');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: '标题2' }).click();
    await page.keyboard.type('一、资产与边界');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: '无序列表' }).click();
    await page.keyboard.type('网络拓扑图与资产清单');
    await page.keyboard.press('Enter');
    await page.keyboard.type('安全管理制度汇编');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');  // leaves the list
    await toolbar.getByRole('button', { name: '插入表格' }).click();
    await page.keyboard.type('检查项');
    await page.keyboard.press('Tab');
    await page.keyboard.type('责任部门');

    // Paste a PNG drawn in the page, the way a screenshot arrives from the clipboard.
    await surface.locator('p').first().click();
    await page.keyboard.press('End');
    await surface.evaluate(async (el) => {
      const canvas = document.createElement('canvas');
      canvas.width = 120;
      canvas.height = 80;
      const g = canvas.getContext('2d');
      g.fillStyle = '#2680c2';
      g.fillRect(0, 0, 120, 80);
      g.fillStyle = '#fff';
      g.fillRect(20, 20, 80, 40);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const data = new DataTransfer();
      data.items.add(new File([blob], '自查示意图.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const pasted = surface.locator('img[src^="/media/"]');
    await assertVisible(page, pasted, 'pasted image, uploaded to /media/');

    await page.screenshot({ path: path.join(args.out, 'editorial-editor-1366.png'), fullPage: true });
    const saved = await submit(page, form.locator('button[type=submit]'), '/admin/articles');
    assert.ok(saved.status() < 400, `saving the new article answered ${saved.status()}${logTail()}`);
    const m = /^\/admin\/articles\/(\d+)$/.exec(new URL(page.url()).pathname);
    assert.ok(m, `saving a new article led to ${page.url()}, not its edit page`);
    articleId = Number(m[1]);

    // What was stored is what was written: the sanitised body keeps every structure.
    const body = await page.locator('form.article-form textarea[name=body]').inputValue();
    assert.match(body, /<h2>一、资产与边界<\/h2>/, `stored body lost the heading:\n${body}`);
    assert.match(body, /<ul>[\s\S]*网络拓扑图与资产清单[\s\S]*<\/ul>/, 'stored body lost the list');
    assert.match(body, /<table>[\s\S]*检查项[\s\S]*责任部门[\s\S]*<\/table>/, 'stored body lost the table');
    assert.match(body, /<img[^>]+src="\/media\/[^"]+"/, 'stored body lost the pasted image');

    await step(page, articleId, 'submit');
  });

test('the reviewer approves and publishes it and the site shows it with counts and neighbours',
  { timeout: 60_000 }, async () => {
    assert.ok(articleId, 'no article was written by the previous test');
    await firstSignIn(reviewerPage, baseUrl, REVIEWER, passwords[REVIEWER], REVIEWER_PASSWORD, logTail);
    await reviewerPage.goto(`${baseUrl}/admin/articles/${articleId}`);
    // Nothing is published before it is approved: the page offers no publish button yet.
    assert.equal(await reviewerPage.locator(`form[action="/admin/articles/${articleId}/publish"]`).count(), 0,
      'the publish button is shown before the review');
    await step(reviewerPage, articleId, 'approve');
    await assertVisible(reviewerPage, reviewerPage.getByText('审核通过，待发布'), 'the approved state');
    await step(reviewerPage, articleId, 'publish');

    const after = await categoryState(readerPage);
    assert.equal(after.category, initial.category + 1, `${CATEGORY_NAME} count did not grow by one`);
    assert.equal(after.all, initial.all + 1, '全部 count did not grow by one');
    assert.equal(after.newest.title, TITLE, `the newest article of ${CATEGORY_PATH} is not the new one`);
    articleUrl = after.newest.href;

    const section = await readerPage.goto(`${baseUrl}${SECTION_PATH}`);
    assert.equal(section.status(), 200);
    assert.equal(await text(readerPage.locator('.article-list .article-item h2 a')), TITLE,
      `the newest article of ${SECTION_PATH} is not the new one`);

    const res = await readerPage.goto(`${baseUrl}${articleUrl}`);
    assert.equal(res.status(), 200, `GET ${articleUrl} answered ${res.status()}`);
    assert.equal(await text(readerPage.locator('article h1')), TITLE);
    const body = readerPage.locator('.article-body');
    await assertVisible(readerPage, body.locator('h2', { hasText: '一、资产与边界' }), 'heading in the body');
    assert.equal(await body.locator('ul li').count(), 2, 'the list does not have its two items');
    await assertVisible(readerPage, body.locator('table td, table th').filter({ hasText: '责任部门' }), 'table cell');
    const image = body.locator('img[src^="/media/"]');
    await assertVisible(readerPage, image, 'the pasted image on the public page');
    const width = await image.evaluate((img) => (img.complete ? img.naturalWidth
      : new Promise((resolve) => {
        img.addEventListener('load', () => resolve(img.naturalWidth));
        img.addEventListener('error', () => resolve(0));
      })));
    assert.ok(width > 0, 'the pasted image does not load on the public page');

    const prev = readerPage.locator('.prev-next p.prev a');
    assert.equal(await prev.getAttribute('href'), initial.newest.href,
      '上一篇 of the new article is not the category\'s previous newest');
    // And the previous newest now points forward to it.
    await readerPage.goto(`${baseUrl}${initial.newest.href}`);
    assert.equal(await readerPage.locator('.prev-next p.next a').getAttribute('href'), articleUrl,
      '下一篇 of the previous newest article does not lead to the new one');
  });

test('a correction makes a revision whose diff shows the change and is reviewed again',
  { timeout: 60_000 }, async () => {
  assert.ok(articleId, 'no article was written');
  // A published article is not edited in place: the reviewer takes it off, the editor corrects
  // it, and it is reviewed again.
  await reviewerPage.goto(`${baseUrl}/admin/articles/${articleId}`);
  await step(reviewerPage, articleId, 'unpublish');
  const page = editorPage;
  await page.goto(`${baseUrl}/admin/articles/${articleId}`);
  const form = page.locator('form.article-form');
  const surface = page.locator('.editor-surface .ProseMirror');
  await assertVisible(page, surface, 'editor on the edit page');
  const first = surface.locator('p').first();
  await first.click();
  await page.keyboard.press('End');
  await page.keyboard.type('建议提前一个月启动。');
  await form.locator('input[name=reason]').fill('补充启动时间建议');
  const saved = await submit(page, form.locator('button[type=submit]'), `/admin/articles/${articleId}`);
  assert.ok(saved.status() < 400, `saving the edit answered ${saved.status()}${logTail()}`);

  await page.goto(`${baseUrl}/admin/articles/${articleId}/revisions`);
  const rows = page.locator('[data-revision]');
  assert.ok(await rows.count() >= 2, `${await rows.count()} revisions listed after an edit`);
  await assertVisible(page, page.getByText('补充启动时间建议'), 'the reason of the edit');

  // The newest and the first revision are preselected; comparing them shows the edit.
  const compare = page.locator('button[form=compare]');
  await assertVisible(page, compare, 'the compare button');
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/diff')), compare.click()]);
  const added = page.locator('ins', { hasText: '建议提前一个月启动' });
  await assertVisible(page, added, 'the added sentence marked as inserted in the diff');
  await page.screenshot({ path: path.join(args.out, 'editorial-diff-1366.png'), fullPage: true });

  await page.goto(`${baseUrl}/admin/articles/${articleId}`);
  await step(page, articleId, 'submit');
  await reviewerPage.goto(`${baseUrl}/admin/articles/${articleId}`);
  await step(reviewerPage, articleId, 'approve');
  await step(reviewerPage, articleId, 'publish');
  const res = await readerPage.goto(`${baseUrl}${articleUrl}`);
  assert.equal(res.status(), 200);
  assert.match(await text(readerPage.locator('.article-body')), /建议提前一个月启动/,
    'the public page does not show the edit');
});

test('a scheduled article appears by itself once its time has come', { timeout: 60_000 }, async () => {
  const page = editorPage;
  const serverNow = await site.advanceClock(0);
  await page.goto(`${baseUrl}/admin/articles/new`);
  const form = page.locator('form.article-form');
  await form.locator('input[name=title]').fill(SCHEDULED_TITLE);
  await pickCategory(form);
  await form.locator('input[name=published_at]').fill(siteLocalTime(serverNow + 600));
  await page.locator('.editor-surface .ProseMirror').click();
  await page.keyboard.type('自下月起，备案材料需同步提交测评机构出具的差距分析报告。');
  const saved = await submit(page, form.locator('button[type=submit]'), '/admin/articles');
  assert.ok(saved.status() < 400, `saving the scheduled article answered ${saved.status()}${logTail()}`);
  const id = Number(/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
  await step(page, id, 'submit');
  await reviewerPage.goto(`${baseUrl}/admin/articles/${id}`);
  await step(reviewerPage, id, 'approve');
  await step(reviewerPage, id, 'publish');

  const titles = async () => {
    const res = await readerPage.goto(`${baseUrl}${CATEGORY_PATH}`);
    assert.equal(res.status(), 200);
    return readerPage.locator('.article-list .article-item h2 a').allInnerTexts();
  };
  assert.ok(!(await titles()).includes(SCHEDULED_TITLE), 'the scheduled article shows before its time');
  await site.advanceClock(660);
  assert.equal((await titles())[0], SCHEDULED_TITLE,
    'the scheduled article is not first in its category after its time');
});
