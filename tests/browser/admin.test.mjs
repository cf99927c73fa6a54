// Browser test of the back-end sign-in: Debian's chromium driven by playwright-core.
//
//   node tests/browser/admin.test.mjs --binary build/guardpress --out build/screenshots
//
// Creates a demo site in a fresh temp dir with one editor account (`guardpress user add`),
// serves it on an ephemeral port, and walks the first sign-in the way a new editor does: the
// one-time password, enrolling an authenticator (the test computes the RFC 6238 codes itself
// from the secret shown on the page), the 10 recovery codes, the required password change and
// the dashboard; then signs out, and signs in again with the new password and a fresh code.
// Screenshots go to --out (admin-enrol-1366.png, admin-dashboard-1366.png).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { args, DESKTOP, LAUNCH_OPTIONS, STEP_TIMEOUT_MS, startDemoSite } from './harness.mjs';
import {
  addAccount, base32Decode, currentStep, submit as submitForm, totp,
} from './admin_session.mjs';

const ACCOUNT = 'editor.liu';
const NEW_PASSWORD = 'Qz7#mLp2vR';

let site;            // the demo site the harness serves for this file
let baseUrl;
let browser;
let desktop;         // BrowserContext at 1366x900
let page;            // the desktop page shared by the tests below

// Filled in by the tests, in order.
let oneTimePassword; // printed by `guardpress user add`
let secret;          // base32 TOTP secret shown on /admin/mfa
let lastStep = 0;    // the newest TOTP time step the server has accepted; each is accepted once

const logTail = () => (site ? site.logTail() : '');

// The code for the current step, or for the step after the last one used when that one was
// used already: the server accepts one step of drift either way, so nothing has to wait.
function freshCode() {
  const step = Math.max(currentStep(), lastStep + 1);
  return { step, code: totp(base32Decode(secret), step) };
}

async function assertVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch {
    assert.fail(`${what} is not visible on ${page.url()}${logTail()}`);
  }
}

async function text(locator) {
  return (await locator.first().innerText()).trim();
}

const submit = (button, action) => submitForm(page, button, action);

function pathname() {
  return new URL(page.url()).pathname;
}

function createAccount(dataDir) {
  oneTimePassword = addAccount(args.binary, dataDir, 'editor', ACCOUNT);
}

before(async () => {
  site = await startDemoSite(args.binary, { beforeServe: createAccount });
  baseUrl = site.baseUrl;

  browser = await chromium.launch(LAUNCH_OPTIONS);
  desktop = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
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

test('the one-time password leads a new account to authenticator enrolment', { timeout: 20_000 }, async () => {
  assert.ok(oneTimePassword, 'no one-time password from guardpress user add');
  const res = await page.goto(`${baseUrl}/admin/login`);
  assert.equal(res.status(), 200, `GET /admin/login answered ${res.status()}`);
  const form = page.locator('form[action="/admin/login"]');
  await assertVisible(form, 'sign-in form');
  assert.equal(await form.locator('input[type=hidden][name=_csrf]').count(), 1, 'sign-in form has no _csrf');

  await form.locator('input[name=name]').fill(ACCOUNT);
  await form.locator('input[name=password]').fill(oneTimePassword);
  const answer = await submit(form.locator('button[type=submit]'), '/admin/login');
  assert.equal(answer.status(), 303, `sign-in with the one-time password answered ${answer.status()}${logTail()}`);
  assert.equal(pathname(), '/admin/mfa', `first sign-in landed on ${page.url()}, not /admin/mfa`);

  const secretCode = page.locator('code[data-secret]');
  await assertVisible(secretCode, 'base32 secret (code[data-secret])');
  secret = await text(secretCode);
  assert.match(secret, /^[A-Z2-7]{16,}=*$/, `the secret "${secret}" is not base32`);
  assert.ok(base32Decode(secret).length >= 10, 'the secret is shorter than 80 bits');
  await assertVisible(page.locator('.qr svg'), 'QR code');
  await assertVisible(page.locator('form[action="/admin/mfa"] input[name=code]'), 'code input');
  assert.equal(await page.locator('[role=alert]').count(), 0, 'a fresh /admin/mfa shows an error');

  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(args.out, 'admin-enrol-1366.png'), fullPage: true });
});

test('a wrong code on /admin/mfa re-shows the form with an error', { timeout: 20_000 }, async () => {
  assert.ok(secret, 'no secret was read by the previous test');
  // A code that is valid for none of the steps the server could be in while this runs.
  const key = base32Decode(secret);
  const now = currentStep();
  const valid = new Set([-1, 0, 1, 2].map((d) => totp(key, now + d)));
  let wrong = 123456;
  while (valid.has(String(wrong))) wrong++;

  const form = page.locator('form[action="/admin/mfa"]');
  await form.locator('input[name=code]').fill(String(wrong));
  const answer = await submit(form.locator('button[type=submit]'), '/admin/mfa');
  assert.ok(answer.status() >= 400 && answer.status() < 500,
    `a wrong code answered ${answer.status()}, not a 4xx${logTail()}`);
  assert.equal(pathname(), '/admin/mfa', `a wrong code moved the browser to ${page.url()}`);
  const alert = page.locator('[role=alert]');
  await assertVisible(alert, 'error (role=alert) after a wrong code');
  assert.match(await text(alert), /[\u4e00-\u9fff]/, `the error "${await text(alert)}" is not in Chinese`);
  await assertVisible(form.locator('input[name=code]'), 'code input after a wrong code');
  assert.equal(await text(page.locator('code[data-secret]')), secret,
    'the secret changed after a wrong code; an app set up with the first one would never match');
});

test('the right code enrols and shows 10 recovery codes once', { timeout: 20_000 }, async () => {
  assert.ok(secret, 'no secret was read by the first test');
  const { step, code } = freshCode();
  const form = page.locator('form[action="/admin/mfa"]');
  await form.locator('input[name=code]').fill(code);
  const answer = await submit(form.locator('button[type=submit]'), '/admin/mfa');
  assert.equal(answer.status(), 200, `the right code answered ${answer.status()}${logTail()}`);
  lastStep = step;

  const codes = page.locator('ul.codes li');
  await assertVisible(codes, 'recovery codes (ul.codes)');
  const list = (await codes.allInnerTexts()).map((s) => s.trim());
  assert.equal(list.length, 10, `${list.length} recovery codes shown, not 10`);
  assert.equal(new Set(list).size, 10, `the recovery codes repeat: ${list.join(' ')}`);
  for (const c of list) assert.match(c, /^[A-Za-z0-9-]{8,}$/, `odd recovery code "${c}"`);

  const next = page.getByRole('link', { name: '我已保存，继续' });
  await assertVisible(next, '我已保存，继续 link');
  assert.equal(await next.getAttribute('href'), '/admin/password',
    'a new account must go on to change its one-time password');
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/password'), next.click()]);
});

test('the required password change lands on the dashboard', { timeout: 20_000 }, async () => {
  assert.equal(pathname(), '/admin/password', `not on the password page but on ${page.url()}`);
  const form = page.locator('form[action="/admin/password"]');
  await assertVisible(form, 'password form');
  await form.locator('input[name=current]').fill(oneTimePassword);
  await form.locator('input[name=password]').fill(NEW_PASSWORD);
  await form.locator('input[name=confirm]').fill(NEW_PASSWORD);
  const answer = await submit(form.locator('button[type=submit]'), '/admin/password');
  assert.equal(answer.status(), 303, `the password change answered ${answer.status()}${logTail()}`);

  const landed = new URL(page.url());
  assert.equal(landed.pathname, '/admin/', `the password change landed on ${page.url()}`);
  assert.equal(landed.searchParams.get('changed'), '1', 'the dashboard URL has no changed=1');
  await assertVisible(page.locator('h1', { hasText: '工作台' }), 'dashboard heading 工作台');
  const who = page.locator('strong[data-account]');
  await assertVisible(who, 'account name (strong[data-account])');
  assert.equal(await text(who), ACCOUNT, 'the dashboard names another account');
  await assertVisible(page.locator('.admin-notice[role=status]'), 'password-changed notice');

  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(args.out, 'admin-dashboard-1366.png'), fullPage: true });
});

test('signing out ends the session on the server', { timeout: 20_000 }, async () => {
  assert.equal(pathname(), '/admin/', `not on the dashboard but on ${page.url()}`);
  const session = (await desktop.cookies(baseUrl)).find((c) => c.name === 'gp_admin');
  assert.ok(session && session.value, 'no gp_admin session cookie while signed in');
  assert.equal(session.httpOnly, true, 'the session cookie is readable from scripts');

  const signOut = page.getByRole('button', { name: '退出登录' });
  await assertVisible(signOut, '退出登录 button');
  const answer = await submit(signOut, '/admin/logout');
  assert.equal(answer.status(), 303, `signing out answered ${answer.status()}${logTail()}`);
  assert.equal(pathname(), '/admin/login', `signing out landed on ${page.url()}`);

  await page.goto(`${baseUrl}/admin/`);
  assert.equal(pathname(), '/admin/login', `/admin/ after signing out led to ${page.url()}`);

  // The old cookie, replayed, must not open the dashboard either: the session is gone, not
  // just forgotten by the browser.
  await desktop.addCookies([session]);
  await page.goto(`${baseUrl}/admin/`);
  assert.equal(pathname(), '/admin/login', `/admin/ with the signed-out cookie led to ${page.url()}`);
  await desktop.clearCookies();
});

test('the next sign-in takes the new password and a fresh code', { timeout: 20_000 }, async () => {
  assert.ok(lastStep > 0, 'the account was not enrolled by the earlier tests');
  await page.goto(`${baseUrl}/admin/login`);
  const form = page.locator('form[action="/admin/login"]');

  // The one-time password is spent.
  await form.locator('input[name=name]').fill(ACCOUNT);
  await form.locator('input[name=password]').fill(oneTimePassword);
  let answer = await submit(form.locator('button[type=submit]'), '/admin/login');
  assert.equal(answer.status(), 401, `the spent one-time password answered ${answer.status()}`);
  await assertVisible(page.locator('[role=alert]'), 'error after the spent one-time password');

  await form.locator('input[name=name]').fill(ACCOUNT);
  await form.locator('input[name=password]').fill(NEW_PASSWORD);
  answer = await submit(form.locator('button[type=submit]'), '/admin/login');
  assert.equal(answer.status(), 303, `the new password answered ${answer.status()}${logTail()}`);
  assert.equal(pathname(), '/admin/login/code', `the new password led to ${page.url()}`);

  const { step, code } = freshCode();
  const codeForm = page.locator('form[action="/admin/login/code"]');
  await codeForm.locator('input[name=code]').fill(code);
  answer = await submit(codeForm.locator('button[type=submit]'), '/admin/login/code');
  assert.equal(answer.status(), 303, `a fresh code answered ${answer.status()}${logTail()}`);
  lastStep = step;
  assert.equal(pathname(), '/admin/', `the second factor led to ${page.url()}`);
  await assertVisible(page.locator('h1', { hasText: '工作台' }), 'dashboard heading 工作台');
  assert.equal(await text(page.locator('strong[data-account]')), ACCOUNT, 'the dashboard names another account');
});
