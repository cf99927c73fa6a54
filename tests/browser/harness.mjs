// What every browser test shares: its arguments, how chromium is launched, and a demo site
// served by the real binary on an ephemeral port.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const parsed = {
    binary: path.resolve(here, '../../build/guardpress'),
    out: path.join(os.tmpdir(), 'guardpress-screenshots'),
    'clock-server': path.resolve(here, '../../build/tests/gp_clock_server'),
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(binary|out|clock-server)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    parsed[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
  }
  parsed.binary = path.resolve(parsed.binary);
  parsed.out = path.resolve(parsed.out);
  parsed.clockServer = path.resolve(parsed['clock-server']);
  return parsed;
}

// --binary PATH/guardpress --out DIR (screenshots) [--clock-server PATH/gp_clock_server]
export const args = parseArgs(process.argv.slice(2));

// Debian's chromium; the background-networking flags keep it off this closed network.
export const LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export const LISTEN_TIMEOUT_MS = 20_000;
export const STEP_TIMEOUT_MS = 10_000;
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
export const PHONE_PLACEHOLDER = '请输入您的联系电话,座机请加区号';

// Resolves with the base URL from the `listening on` line; rejects if the server exits first
// or nothing arrives within LISTEN_TIMEOUT_MS.
function waitForListening(child, logTail) {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      finish(new Error(`server printed no "listening on" line within ${LISTEN_TIMEOUT_MS} ms${logTail()}`));
    }, LISTEN_TIMEOUT_MS);
    const onExit = (code, signal) =>
      finish(new Error(`server exited (code ${code}, signal ${signal}) before listening${logTail()}`));
    function finish(err, url) {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.off('line', onLine);
      // Keep draining stdout so the server never blocks on a full pipe; "clock N" lines answer
      // advanceClock().
      lines.on('line', (line) => child.emit('gp-line', line));
      if (err) reject(err); else resolve(url);
    }
    function onLine(line) {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      if (m) finish(null, m[1]);
    }
    lines.on('line', onLine);
    child.on('exit', onExit);
  });
}

// Creates a demo site in a fresh temp dir and serves it. Returns { baseUrl, logTail, stop }:
// stop() sends SIGTERM to that one child (never anything else), asserts a clean exit and
// removes the temp dir. beforeServe(dataDir), if given, runs between `init` and `serve`
// (e.g. to create accounts with `guardpress user add`). With movableClock the site is served by
// gp_clock_server instead, and the result also has advanceClock(seconds), which moves the
// server's time forward and resolves with its new Unix time.
export async function startDemoSite(binary = args.binary, { beforeServe, movableClock } = {}) {
  assert.ok(fs.existsSync(binary), `guardpress binary not found at ${binary} (pass --binary)`);
  fs.mkdirSync(args.out, { recursive: true });
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'guardpress-browser-'));
  const dataDir = path.join(dataRoot, 'site');
  let serverLog = '';
  const logTail = () =>
    serverLog.length ? `\n--- server stderr (tail) ---\n${serverLog.slice(-2000)}` : '';
  let server;
  let serverExit;

  const stop = async () => {
    try {
      if (server && server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        const { code, signal } = await serverExit;
        clearTimeout(killer);
        assert.equal(code, 0, `server did not stop cleanly on SIGTERM (code ${code}, signal ${signal})${logTail()}`);
      }
    } finally {
      fs.rmSync(dataRoot, { recursive: true, force: true });
    }
  };

  try {
    const init = spawnSync(binary, ['init', '--data-dir', dataDir, '--demo'],
      { encoding: 'utf8', timeout: 60_000 });
    assert.equal(init.status, 0,
      `guardpress init --demo failed (status ${init.status}, ${init.error ?? ''}):\n${init.stderr}${init.stdout}`);
    if (beforeServe) await beforeServe(dataDir);
    server = movableClock
      ? spawn(args.clockServer, ['--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(binary, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    serverExit = once(server, 'exit').then(([code, signal]) => ({ code, signal }));
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => { serverLog = (serverLog + chunk).slice(-8000); });
    server.on('error', (err) => { serverLog += `\nspawn error: ${err.message}`; });
    const baseUrl = await waitForListening(server, logTail);
    const advanceClock = async (seconds) => {
      assert.ok(movableClock, 'advanceClock needs startDemoSite(..., { movableClock: true })');
      const answer = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no clock answer${logTail()}`)), STEP_TIMEOUT_MS);
        server.once('gp-line', (line) => {
          clearTimeout(timer);
          const m = /^clock (\d+)$/.exec(line);
          if (m) resolve(Number(m[1])); else reject(new Error(`unexpected answer: ${line}`));
        });
      });
      server.stdin.write(`advance ${Math.round(seconds)}\n`);
      return answer;
    };
    return { baseUrl, logTail, stop, advanceClock };
  } catch (err) {
    await stop();
    throw err;
  }
}
