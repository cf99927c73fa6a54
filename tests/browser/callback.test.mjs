// Browser test of the call-back form (免费通话): Debian's chromium driven by playwright-core.
//
//   node tests/browser/callback.test.mjs --binary build/guardpress --out build/screenshots
//
// Creates a demo site in a fresh temp dir, serves it on an ephemeral port, and checks both ways
// a reader can ask for a call back: the sidebar widget with JavaScript (submits in place with
// fetch and shows the server's message in .callback-status), and the full form at /callback
// without JavaScript (errors re-show the page with the typed values kept; success redirects to
// /callback/thanks). Screenshots go to --out (callback-widget-1366.png, callback-form-390.png).
//
// The server allows 5 call-back submissions per client address per 10 minutes and every test
// here comes from 127.0.0.1, so the whole file makes at most MAX_CALLBACK_POSTS POSTs to
// /callback: 2 from the widget, 3 from the full form.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

import {
  args, DESKTOP, LAUNCH_OPTIONS, PHONE, PHONE_PLACEHOLDER, STEP_TIMEOUT_MS, startDemoSite,
} from './harness.mjs';

const MAX_CALLBACK_POSTS = 5; // the server's per-address limit (per 10 minutes)

// Numbers typed in the tests. The two valid ones differ so the per-number limit never matters.
const LANDLINE_WITHOUT_AREA_CODE = '62345678';
const WIDGET_MOBILE = '13800138000';
const SHORT_MOBILE = '1380013800'; // 10 digits
const FORM_MOBILE = '13912345678';

let site;          // the demo site the harness serves for this file
let baseUrl;
let browser;
let desktop;       // BrowserContext at 1366x900, JavaScript on
let page;          // the desktop page shared by the tests below
let callbackPosts = 0; // POSTs to /callback seen from every context we open

const logTail = () => (site ? site.logTail() : '');

function isCallbackPost(request) {
  return request.method() === 'POST' && new URL(request.url()).pathname === '/callback';
}

// Counts the POSTs to /callback made from a context, so the file can prove it stayed within
// the server's rate limit.
function countCallbackPosts(context) {
  context.on('request', (request) => {
    if (isCallbackPost(request)) callbackPosts++;
  });
}

function assertPostBudget() {
  assert.ok(callbackPosts <= MAX_CALLBACK_POSTS,
    `${callbackPosts} POSTs to /callback so far; the server allows ${MAX_CALLBACK_POSTS} per address`);
}

async function assertVisible(p, locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch {
    assert.fail(`${what} is not visible on ${p.url()}`);
  }
}

async function text(locator) {
  return (await locator.first().innerText()).trim();
}

// Waits until the widget's status line carries the class `ok` or `error` (site.js resets it to
// plain "callback-status" with 正在提交… while the request runs) and returns { cls, message }.
async function widgetResult(p, status) {
  const handle = await status.elementHandle();
  try {
    await p.waitForFunction((el) => el.classList.contains('ok') || el.classList.contains('error'),
      handle, { timeout: STEP_TIMEOUT_MS });
  } catch {
    assert.fail(`.callback-status never showed a result; it says "${await text(status)}"` +
      ` (class "${await status.getAttribute('class')}")${logTail()}`);
  }
  return {
    cls: await status.getAttribute('class'),
    message: await text(status),
  };
}

// Submits a form without JavaScript: clicks the button and waits for the POST's answer and for
// the page it leads to (the form again, or the page a redirect points to) to load.
async function submitWithoutScript(p, button) {
  const response = p.waitForResponse((r) => isCallbackPost(r.request()), { timeout: STEP_TIMEOUT_MS });
  const navigated = p.waitForEvent('framenavigated',
    { predicate: (frame) => frame === p.mainFrame(), timeout: STEP_TIMEOUT_MS });
  await button.click();
  const res = await response;
  await navigated;
  await p.waitForLoadState('load');
  assertPostBudget();
  return res;
}

before(async () => {
  site = await startDemoSite(args.binary);
  baseUrl = site.baseUrl;

  browser = await chromium.launch(LAUNCH_OPTIONS);
  desktop = await browser.newContext({ viewport: DESKTOP });
  desktop.setDefaultTimeout(STEP_TIMEOUT_MS);
  countCallbackPosts(desktop);
  page = await desktop.newPage();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (site) await site.stop();
  }
});

test('with JavaScript the sidebar widget on an article submits in place', { timeout: 20_000 }, async () => {
  const res = await page.goto(`${baseUrl}/news/`);
  assert.equal(res.status(), 200, `GET /news/ answered ${res.status()}`);
  const articleLink = page.locator('.article-list .article-item h2 a').first();
  await assertVisible(page, articleLink, 'first article link on /news/');
  const href = await articleLink.getAttribute('href');
  assert.match(href, /^\/.+\/\d+\.html$/, `unexpected article URL ${href}`);
  await Promise.all([page.waitForURL((u) => u.pathname === href), articleLink.click()]);
  await assertVisible(page, page.locator('article h1'), 'article <h1>');
  const articleUrl = page.url();

  const form = page.locator('aside .widget-callback form.callback-form');
  assert.equal(await form.count(), 1, 'the article sidebar should hold exactly one callback form');
  assert.equal(await form.evaluate((f) => f.classList.contains('full')), false,
    'the sidebar widget must not be the full form');
  const phone = form.locator('input[name=phone]');
  const consent = form.locator('input[type=checkbox][name=consent]');
  const button = form.locator('button[type=submit]', { hasText: '免费回电' });
  const status = form.locator('p.callback-status[role=status]');
  await assertVisible(page, phone, 'widget phone input');
  assert.equal(await phone.getAttribute('placeholder'), PHONE_PLACEHOLDER, 'widget phone placeholder');
  assert.equal(await form.locator('input[type=hidden][name=csrf]').count(), 1, 'widget has no csrf field');
  assert.equal(await form.locator('input[name=website]').count(), 1, 'widget has no honeypot field');
  // The honeypot is moved off-screen (not display:none, which some bots skip), so check its box.
  const trap = await form.locator('.trap').boundingBox();
  assert.ok(!trap || trap.x + trap.width <= 0 || trap.width <= 1,
    `the honeypot field is on screen: ${JSON.stringify(trap)}`);
  assert.equal(await form.locator('input[name=website]').getAttribute('tabindex'), '-1',
    'the honeypot field can be reached with Tab');
  assert.equal(await form.locator('input[type=hidden][name=page]').inputValue(), new URL(articleUrl).pathname,
    'site.js did not fill the hidden page field with the article path');
  assert.equal(await status.count(), 1, 'widget has no p.callback-status[role=status]');

  // Any main-frame navigation from here on means the widget did not submit in place.
  let navigations = 0;
  const onNavigated = (frame) => { if (frame === page.mainFrame()) navigations++; };
  page.on('framenavigated', onNavigated);
  try {
    // 1. A landline without area code: the server's message, shown in place as an error.
    await phone.fill(LANDLINE_WITHOUT_AREA_CODE);
    await consent.check();
    const [errorResponse] = await Promise.all([
      page.waitForResponse((r) => isCallbackPost(r.request())),
      button.click(),
    ]);
    assertPostBudget();
    assert.match(errorResponse.request().headers().accept ?? '', /application\/json/,
      'the widget did not ask for JSON (Accept header)');
    assert.equal(errorResponse.status(), 422, `wrong number answered ${errorResponse.status()}`);
    const errorBody = await errorResponse.json();
    assert.equal(errorBody.ok, false, 'JSON answer to a wrong number has ok != false');
    assert.equal(errorBody.field, 'phone', 'JSON answer to a wrong number names the wrong field');

    const failed = await widgetResult(page, status);
    assert.match(failed.cls, /\berror\b/, `status class after a wrong number is "${failed.cls}"`);
    assert.doesNotMatch(failed.cls, /\bok\b/, `status class after a wrong number is "${failed.cls}"`);
    assert.ok(failed.message.includes('座机请加区号'),
      `status after ${LANDLINE_WITHOUT_AREA_CODE} should mention 座机请加区号, says "${failed.message}"`);
    assert.equal(page.url(), articleUrl, 'the page navigated after the widget submit');
    assert.equal(await phone.inputValue(), LANDLINE_WITHOUT_AREA_CODE, 'the wrong number was cleared');

    // 2. A valid mobile: accepted in place, input cleared.
    await phone.fill(WIDGET_MOBILE);
    if (!(await consent.isChecked())) await consent.check();
    const [okResponse] = await Promise.all([
      page.waitForResponse((r) => isCallbackPost(r.request())),
      button.click(),
    ]);
    assertPostBudget();
    assert.equal(okResponse.status(), 200, `valid number answered ${okResponse.status()}${logTail()}`);
    const accepted = await widgetResult(page, status);
    assert.match(accepted.cls, /\bok\b/, `status class after a valid number is "${accepted.cls}"`);
    assert.doesNotMatch(accepted.cls, /\berror\b/, `status class after a valid number is "${accepted.cls}"`);
    assert.ok(accepted.message.includes('已收到'),
      `status after ${WIDGET_MOBILE} should say 已收到, says "${accepted.message}"`);
    assert.equal(await phone.inputValue(), '', 'the phone input was not cleared after success');
    assert.equal(page.url(), articleUrl, 'the page navigated after the widget submit');
    assert.equal(await button.isDisabled(), false, 'the submit button stayed disabled');
    assert.equal(navigations, 0, `the main frame navigated ${navigations} time(s) during the widget submits`);
  } finally {
    page.off('framenavigated', onNavigated);
  }

  await form.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(args.out, 'callback-widget-1366.png'), fullPage: false });
});

test('without JavaScript the full form at /callback keeps values and explains errors', { timeout: 20_000 }, async () => {
  const noScript = await browser.newContext({
    viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, javaScriptEnabled: false,
  });
  try {
    noScript.setDefaultTimeout(STEP_TIMEOUT_MS);
    countCallbackPosts(noScript);
    const p = await noScript.newPage();
    const res = await p.goto(`${baseUrl}/callback`);
    assert.equal(res.status(), 200, `GET /callback answered ${res.status()}`);

    const notice = p.locator('#notice');
    await assertVisible(p, notice, '个人信息收集说明 (#notice)');
    const noticeText = await text(notice);
    assert.ok(noticeText.includes('个人信息收集说明'), '#notice has no 个人信息收集说明 heading');
    assert.ok(noticeText.includes('收集者'), '#notice does not name the 收集者');
    assert.ok(noticeText.includes('撤回'), '#notice does not explain 撤回');

    const form = p.locator('form.callback-form.full');
    await assertVisible(p, form, 'full callback form');
    assert.notEqual(await form.getAttribute('novalidate'), null, 'the full form has no novalidate');
    const phone = form.locator('input[name=phone]');
    const name = form.locator('input[name=name]');
    const time = form.locator('select[name=time]');
    const consent = form.locator('input[type=checkbox][name=consent]');
    const button = form.locator('button[type=submit]', { hasText: '免费回电' });
    await assertVisible(p, phone, 'full form phone input');
    await assertVisible(p, name, 'full form 称呼 input');
    await assertVisible(p, time, 'full form 方便接听的时间 select');
    assert.equal(await phone.getAttribute('required'), null, 'full form phone input is required');
    assert.equal(await consent.getAttribute('required'), null, 'full form consent checkbox is required');
    assert.match(await text(form.locator('label[for=name]')), /称呼/, '称呼 label');
    assert.match(await text(form.locator('label[for=time]')), /方便接听的时间/, '方便接听的时间 label');
    assert.equal(await p.locator('#form-error').count(), 0, 'a fresh /callback shows #form-error');

    // 1. A 10-digit mobile, consent ticked: 422, the page again with the message and values.
    await phone.fill(SHORT_MOBILE);
    await name.fill('王先生');
    await time.selectOption('工作日下午');
    await consent.check();
    let answer = await submitWithoutScript(p, button);
    assert.equal(answer.status(), 422, `a 10-digit mobile answered ${answer.status()}`);
    assert.equal(new URL(p.url()).pathname, '/callback', `the error page is at ${p.url()}`);
    const formError = p.locator('#form-error');
    await assertVisible(p, formError, '#form-error after a 10-digit mobile');
    assert.ok((await text(formError)).includes('手机号码位数不对'),
      `#form-error after ${SHORT_MOBILE} says "${await text(formError)}"`);
    assert.equal(await phone.inputValue(), SHORT_MOBILE, 'the typed number was not kept');
    assert.equal(await phone.getAttribute('aria-invalid'), 'true', 'phone input has no aria-invalid=true');
    assert.equal(await name.inputValue(), '王先生', 'the typed 称呼 was not kept');
    assert.equal(await time.inputValue(), '工作日下午', 'the chosen time was not kept');
    assert.equal(await consent.isChecked(), true, 'the consent tick was not kept');

    await p.screenshot({ path: path.join(args.out, 'callback-form-390.png'), fullPage: true });

    // 2. A valid number without consent: 422, the consent message, the number kept.
    await phone.fill(FORM_MOBILE);
    await consent.uncheck();
    answer = await submitWithoutScript(p, button);
    assert.equal(answer.status(), 422, `a submit without consent answered ${answer.status()}`);
    await assertVisible(p, formError, '#form-error after a submit without consent');
    assert.ok((await text(formError)).includes('请先阅读并勾选同意'),
      `#form-error without consent says "${await text(formError)}"`);
    assert.equal(await phone.inputValue(), FORM_MOBILE, 'the number was not kept after the consent error');
    assert.notEqual(await phone.getAttribute('aria-invalid'), 'true',
      'the phone input is marked invalid for a consent error');
    assert.equal(await consent.isChecked(), false, 'the consent box came back ticked');

    // 3. Tick consent and submit: 303 to /callback/thanks.
    await consent.check();
    answer = await submitWithoutScript(p, button);
    assert.equal(answer.status(), 303, `a valid submit answered ${answer.status()}${logTail()}`);
    assert.equal(new URL(p.url()).pathname, '/callback/thanks', `a valid submit landed on ${p.url()}`);
    await assertVisible(p, p.locator('h1', { hasText: '已收到您的回电请求' }), '已收到您的回电请求 heading');
  } finally {
    await noScript.close();
  }
  assertPostBudget();
});
