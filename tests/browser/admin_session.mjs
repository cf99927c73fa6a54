// What the back-end browser tests share: accounts made with `guardpress user add`, RFC 6238
// codes computed here (independently of the server's liboath), and the first sign-in of a new
// account (one-time password → authenticator enrolment → password change → dashboard).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';

import { STEP_TIMEOUT_MS } from './harness.mjs';

export const TOTP_STEP_SECONDS = 30;
const TOTP_DIGITS = 6;

// Creates an account; returns its one-time password.
export function addAccount(binary, dataDir, role, name) {
  const add = spawnSync(binary, ['user', 'add', '--data-dir', dataDir, '--role', role, '--name', name],
    { encoding: 'utf8', timeout: 60_000 });
  assert.equal(add.status, 0,
    `guardpress user add failed (status ${add.status}, ${add.error ?? ''}):\n${add.stderr}${add.stdout}`);
  const m = /^created (\S+) \((\S+)\), one-time password: (\S+)$/m.exec(add.stdout);
  assert.ok(m, `guardpress user add printed no one-time password:\n${add.stdout}`);
  assert.equal(m[1], name, 'user add named another account');
  assert.equal(m[2], role, 'user add gave another role');
  return m[3];
}

// RFC 4648 base32 (the alphabet authenticator apps read), padding and spaces ignored.
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(ch);
    assert.ok(index >= 0, `"${ch}" is not a base32 character (secret "${text}")`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

// RFC 6238 with HMAC-SHA-1: the code of time step `step` (seconds since the epoch / 30).
export function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

export function currentStep() {
  return Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);
}

// Submits a server-rendered form: clicks the button and waits for the answer to the POST and
// for the page it leads to (the form again, or where a redirect points) to load.
export async function submit(page, button, action) {
  const response = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action,
    { timeout: STEP_TIMEOUT_MS });
  const navigated = page.waitForEvent('framenavigated',
    { predicate: (frame) => frame === page.mainFrame(), timeout: STEP_TIMEOUT_MS });
  await button.click();
  const res = await response;
  await navigated;
  await page.waitForLoadState('load');
  return res;
}

// Signs a new account in for the first time, to the dashboard. Returns the base32 secret and
// the last accepted time step (each step is accepted once).
export async function firstSignIn(page, baseUrl, name, oneTimePassword, newPassword, logTail = () => '') {
  await page.goto(`${baseUrl}/admin/login`);
  const login = page.locator('form[action="/admin/login"]');
  await login.locator('input[name=name]').fill(name);
  await login.locator('input[name=password]').fill(oneTimePassword);
  let answer = await submit(page, login.locator('button[type=submit]'), '/admin/login');
  assert.equal(answer.status(), 303, `${name}: sign-in answered ${answer.status()}${logTail()}`);

  const secret = (await page.locator('code[data-secret]').first().innerText()).trim();
  const step = currentStep();
  const mfa = page.locator('form[action="/admin/mfa"]');
  await mfa.locator('input[name=code]').fill(totp(base32Decode(secret), step));
  answer = await submit(page, mfa.locator('button[type=submit]'), '/admin/mfa');
  assert.equal(answer.status(), 200, `${name}: enrolment answered ${answer.status()}${logTail()}`);

  await page.goto(`${baseUrl}/admin/password`);
  const password = page.locator('form[action="/admin/password"]');
  await password.locator('input[name=current]').fill(oneTimePassword);
  await password.locator('input[name=password]').fill(newPassword);
  await password.locator('input[name=confirm]').fill(newPassword);
  answer = await submit(page, password.locator('button[type=submit]'), '/admin/password');
  assert.equal(answer.status(), 303, `${name}: password change answered ${answer.status()}${logTail()}`);
  assert.equal(new URL(page.url()).pathname, '/admin/', `${name}: signed in to ${page.url()}`);
  return { secret, lastStep: step };
}
