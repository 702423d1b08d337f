#!/usr/bin/env node
// Smoke test of the SDK bridge protocol (README.md), self-contained: it starts its own stub Auth
// server on 127.0.0.1:0 and drives `bridge.mjs` once per installed SDK line.
//
//   node sdk-bridge/smoke.mjs [v4] [v3]      (default: both lines)
//
// A line whose node_modules are missing is only checked for the "run npm ci" answer (exit 3) and
// otherwise skipped; with no line installed at all the smoke test fails. Exits 1 on any mismatch.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const BRIDGE = join(HERE, 'bridge.mjs');
const LINES = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['v4', 'v3'];

let failures = 0;
const check = (what, condition, detail) => {
  if (condition) {
    console.log(`  ok    ${what}`);
  } else {
    failures += 1;
    console.log(`  FAIL  ${what}${detail === undefined ? '' : `\n        ${String(typeof detail === 'string' ? detail : JSON.stringify(detail)).slice(0, 600)}`}`);
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ----- stub Auth server ---------------------------------------------------------------------------
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { 'x-hasura-user-id': 'u1', 'x-hasura-default-role': 'user', 'x-hasura-allowed-roles': ['user', 'me'], 'x-hasura-user-is-anonymous': 'false' };
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u1', iat: now, exp: now + 900, 'https://hasura.io/jwt/claims': claims })}.c2lnbmF0dXJl`;
};
const USER = { activeMfaType: null, avatarUrl: '', createdAt: '2025-01-01T12:00:00.123456789Z', defaultRole: 'user', displayName: 'Smoke', email: 'smoke@example.com', emailVerified: false, id: 'u1', isAnonymous: false, locale: 'en', metadata: null, phoneNumberVerified: false, roles: ['user', 'me'] };
const SESSION = { accessToken: jwt(), accessTokenExpiresIn: 900, refreshToken: '1fb17604-86c7-444e-b337-09a644465f2d', refreshTokenId: 'c3b747ef-76a9-4c56-8091-ed3e6b8afb2c', user: USER };
const ROTATED = { ...SESSION, refreshToken: '2fb17604-86c7-444e-b337-09a644465f2e' };
const ERROR_401 = { status: 401, message: 'Incorrect email or password', error: 'invalid-email-password' };

const stub = { mode: 'normal', requests: [] };
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    stub.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    const send = (status, value) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    };
    if (stub.mode === 'hang') return; // accept, never answer
    if (stub.mode === 'error') return send(401, ERROR_401);
    if (stub.mode === 'big') {
      const big = { ...SESSION, user: { ...USER, displayName: 'x'.repeat(1_500_000) } };
      return send(200, { session: big });
    }
    switch (`${req.method} ${req.url}`) {
      case 'POST /v1/signup/email-password':
      case 'POST /v1/signin/email-password':
      case 'POST /v1/signin/anonymous':
        return send(200, { session: SESSION });
      case 'POST /v1/token':
        return send(200, ROTATED);
      case 'POST /v1/signout':
        return send(200, '"OK"');
      case 'GET /v1/healthz':
        return send(200, '"OK"');
      case 'GET /v1/user':
        return req.headers.authorization ? send(200, USER) : send(401, { status: 401, message: 'User is not authenticated', error: 'unauthenticated-user' });
      default:
        return send(404, { status: 404, message: 'Route not found', error: 'route-not-found' });
    }
  });
});
const sockets = new Set();
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const AUTH_URL = `http://127.0.0.1:${server.address().port}/v1`;

// ----- bridge process helpers -----------------------------------------------------------------------
const ENV = { ...process.env, NHOST_SDK_BRIDGE_TEST_OPS: '1' };

function start(args) {
  const child = spawn(process.execPath, [BRIDGE, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: ENV });
  const proc = { child, lines: [], waiters: [], stderr: '', nextId: 1 };
  let buffer = '';
  child.stdout.on('data', (data) => {
    buffer += data;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const waiter = proc.waiters.shift();
      if (waiter) waiter(line);
      else proc.lines.push(line);
    }
  });
  child.stderr.on('data', (data) => {
    proc.stderr += data;
  });
  child.stdin.on('error', () => {});
  proc.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  proc.readLine = (ms) =>
    proc.lines.length > 0
      ? Promise.resolve(proc.lines.shift())
      : new Promise((resolve) => {
          const waiter = (line) => {
            clearTimeout(timer);
            resolve(line);
          };
          const timer = setTimeout(() => {
            proc.waiters.splice(proc.waiters.indexOf(waiter), 1);
            resolve(null);
          }, ms);
          proc.waiters.push(waiter);
        });
  proc.sendRaw = (text) => proc.child.stdin.write(`${text}\n`);
  // Sends one command and returns its parsed answer (null if none came in time).
  proc.call = async (op, args, extra = {}, ms = 15000) => {
    const id = proc.nextId++;
    proc.sendRaw(JSON.stringify({ id, op, ...(args === undefined ? {} : { args }), ...extra }));
    const line = await proc.readLine(ms);
    if (line === null) return null;
    let answer;
    try {
      answer = JSON.parse(line);
    } catch (error) {
      check(`answer to ${op} is one valid JSON line`, false, `${error.message}: ${line.slice(0, 200)}`);
      return null;
    }
    if (answer.id !== id) check(`answer to ${op} carries its id`, false, answer);
    return answer;
  };
  proc.close = async () => {
    proc.child.stdin.end();
    const code = await Promise.race([proc.exit, sleep(5000).then(() => 'still running')]);
    if (code === 'still running') proc.child.kill('SIGKILL');
    return code;
  };
  return proc;
}

async function runOnce(args, input, ms = 15000) {
  const proc = start(args);
  if (input) proc.child.stdin.write(input);
  proc.child.stdin.end();
  const code = await Promise.race([proc.exit, sleep(ms).then(() => 'timeout')]);
  if (code === 'timeout') proc.child.kill('SIGKILL');
  await sleep(50);
  const stdout = [...proc.lines];
  return { code, stdout, stderr: proc.stderr };
}

const stderrLines = (text) => text.split('\n').filter((l) => l !== '');

// ----- the checks -------------------------------------------------------------------------------------
async function smokeLine(line) {
  const dir = join(HERE, line);
  const manifest = join(dir, 'node_modules', '@nhost', 'nhost-js', 'package.json');
  console.log(`\n== ${line}`);
  if (!existsSync(manifest)) {
    const r = await runOnce(['--sdk', line], '');
    check('not installed: exit 3', r.code === 3, r);
    check('not installed: says run npm ci --prefix', /^sdk-bridge: .*run npm ci --prefix \S+/.test(r.stderr), r.stderr);
    console.log(`  skip  ${line} is not installed (npm ci --prefix ${dir})`);
    return false;
  }
  const version = JSON.parse(readFileSync(manifest, 'utf8')).version;
  const v4 = line === 'v4';

  // CLI errors
  for (const args of [[], ['--sdk', 'v9'], ['--sdk', line, '--timeout-ms', '0'], ['--sdk', line, '--bogus']]) {
    const r = await runOnce(args, '');
    check(`bad arguments ${JSON.stringify(args)}: exit 2 with one sdk-bridge: line`, r.code === 2 && stderrLines(r.stderr).length === 1 && r.stderr.startsWith('sdk-bridge: ') && r.stdout.length === 0, r);
  }

  const b = start(['--sdk', line, '--auth-url', AUTH_URL, '--timeout-ms', '4000']);
  const hello = await b.call('hello');
  check('hello', hello?.ok === true && hello.body?.sdk === '@nhost/nhost-js' && hello.body.line === line && hello.body.version === version && hello.body.node === process.version, hello);

  // malformed input never kills the bridge
  b.sendRaw('this is not json');
  const bad1 = JSON.parse((await b.readLine(5000)) ?? 'null');
  check('malformed line: error with id null', bad1?.id === null && bad1.ok === false && typeof bad1.error === 'string', bad1);
  b.sendRaw('[1,2]');
  const bad2 = JSON.parse((await b.readLine(5000)) ?? 'null');
  check('non-object command: error with id null', bad2?.id === null && bad2.ok === false, bad2);
  const unknown = await b.call('frobnicate');
  check('unknown op: error', unknown?.ok === false && /unknown op/.test(unknown.error), unknown);

  // sign-up: body goes out exactly, one wire entry
  const signUpBody = { email: 'smoke@example.com', password: 'secret-123', options: { displayName: 'Smoke' } };
  const signUp = await b.call('signUp', { body: signUpBody });
  check('signUp: ok, status 200', signUp?.ok === true && signUp.status === 200, signUp);
  const w = signUp?.wire?.[0];
  check('signUp: one wire entry, POST /signup/email-password', signUp?.wire?.length === 1 && w.method === 'POST' && w.url === `${AUTH_URL}/signup/email-password`, signUp?.wire);
  check('signUp: requestBody is the body asked for', w?.requestBody === JSON.stringify(signUpBody), w?.requestBody);
  check('signUp: wire has status, headers and the response text', w?.status === 200 && w.responseHeaders?.['content-type'] === 'application/json' && w.responseBody === JSON.stringify({ session: SESSION }), w);
  if (v4) {
    check('signUp (4.x): body is the server JSON', JSON.stringify(signUp?.body) === JSON.stringify({ session: SESSION }), signUp?.body);
  } else {
    const s = signUp?.body?.session;
    check('signUp (3.x): session as 3.x returns it (accessTokenExpiresIn 0, no refreshTokenId)', s?.accessToken === SESSION.accessToken && s.accessTokenExpiresIn === 0 && !('refreshTokenId' in s) && s.user?.id === 'u1', signUp?.body);
  }
  const stored = await b.call('session');
  check('session after signUp: what the SDK stored', stored?.ok === true && stored.body?.accessToken === SESSION.accessToken && stored.body?.refreshToken === SESSION.refreshToken, stored);

  // sign-in, then adopt + session
  const signIn = await b.call('adopt', { op: 'signIn', body: { email: 'smoke@example.com', password: 'secret-123' } });
  check('adopt signIn: ok', signIn?.ok === true && signIn.status === 200 && signIn.wire?.[0]?.url === `${AUTH_URL}/signin/email-password`, signIn);
  const cleared = await b.call('clearSession');
  check('clearSession: ok', cleared?.ok === true, cleared);
  const none = await b.call('session');
  check('session after clearSession: null', none?.ok === true && none.body === null, none);

  // refresh
  const refresh = await b.call('refresh', { body: { refreshToken: SESSION.refreshToken } });
  check('refresh: ok, the rotated token', refresh?.ok === true && refresh.status === 200 && refresh.body?.refreshToken === ROTATED.refreshToken, refresh);
  check('refresh: POST /token with the token asked for', refresh?.wire?.[0]?.url === `${AUTH_URL}/token` && JSON.parse(refresh.wire[0].requestBody).refreshToken === SESSION.refreshToken, refresh?.wire);

  // sign-out: a token from an earlier call never leaks into the next
  const signOut = await b.call('signOut', { body: { refreshToken: ROTATED.refreshToken } });
  check('signOut: ok, sends the refresh token', signOut?.ok === true && signOut.status === 200 && JSON.parse(signOut.wire?.[0]?.requestBody ?? '{}').refreshToken === ROTATED.refreshToken, signOut);
  check('signOut: no Authorization header without accessToken', signOut?.wire?.[0] && !('authorization' in signOut.wire[0].requestHeaders), signOut?.wire);
  if (v4) check('signOut (4.x): body "OK"', signOut?.body === 'OK', signOut?.body);

  // getUser
  const user = await b.call('getUser', { accessToken: SESSION.accessToken });
  const userNoToken = await b.call('getUser', {});
  if (v4) {
    check('getUser with accessToken: Bearer sent, user returned', user?.ok === true && user.wire?.[0]?.requestHeaders?.authorization === `Bearer ${SESSION.accessToken}` && user.body?.id === 'u1', user);
    check('getUser without accessToken: no token attached, 401', userNoToken?.ok === false && userNoToken.status === 401 && !('authorization' in (userNoToken.wire?.[0]?.requestHeaders ?? {})), userNoToken);
    check('SDK error: errorName and error body', userNoToken?.errorName === 'FetchError' && userNoToken.body?.error === 'unauthenticated-user', userNoToken);
  } else {
    check('getUser (3.x): unsupported, no wire', user?.ok === false && typeof user.unsupported === 'string' && !('wire' in user), user);
    check('getUser (3.x) without token: unsupported', userNoToken?.ok === false && typeof userNoToken.unsupported === 'string', userNoToken);
  }

  // a public endpoint
  const health = await b.call('health', {});
  if (v4) {
    check('health (4.x): GET /healthz through auth.healthCheckGet', health?.ok === true && health.status === 200 && health.body === 'OK' && health.wire?.[0]?.method === 'GET' && health.wire[0].url === `${AUTH_URL}/healthz`, health);
  } else {
    check('health (3.x): unsupported', health?.ok === false && typeof health.unsupported === 'string', health);
  }

  // anonymous sign-in without a body
  const anon = await b.call('signInAnonymous', {});
  check('signInAnonymous: ok, POST /signin/anonymous without a body', anon?.ok === true && anon.wire?.[0]?.url === `${AUTH_URL}/signin/anonymous` && anon.wire[0].requestBody === null, anon);
  if (!v4) {
    const anonBody = await b.call('signInAnonymous', { body: { displayName: 'x' } });
    check('signInAnonymous (3.x) with a body: unsupported', anonBody?.ok === false && typeof anonBody.unsupported === 'string', anonBody);
    const extra = await b.call('signUp', { body: { ...signUpBody, extra: 1 } });
    check('signUp (3.x) with an unknown key: unsupported', extra?.ok === false && typeof extra.unsupported === 'string', extra);
  }

  // an error answer
  stub.mode = 'error';
  const failed = await b.call('signIn', { body: { email: 'smoke@example.com', password: 'wrong-pass' } });
  check('server error: ok false, status 401, wire status 401', failed?.ok === false && failed.status === 401 && failed.wire?.[0]?.status === 401 && typeof failed.error === 'string' && typeof failed.errorName === 'string', failed);

  // a big answer: result stays one valid line, long strings are capped, the wire body is 64 KiB
  stub.mode = 'big';
  const big = await b.call('signIn', { body: { email: 'smoke@example.com', password: 'secret-123' } });
  const bigName = big?.body?.session?.user?.displayName ?? '';
  check('big answer: string capped at 1 MiB with a marker', big?.ok === true && bigName.length < 1_100_000 && /…\[truncated: 1500000 chars in total\]$/.test(bigName), bigName.slice(-80));
  check('big answer: wire body cut at 64 KiB and flagged', big?.wire?.[0]?.responseBody?.length === 65536 && big.wire[0].responseBodyTruncated === true, big?.wire?.[0]?.responseBody?.length);

  // a server that never answers: timeout, then the next call works
  stub.mode = 'hang';
  const t0 = Date.now();
  const hung = await b.call('signIn', { body: { email: 'smoke@example.com', password: 'secret-123' } }, { timeoutMs: 700 });
  const took = Date.now() - t0;
  check('never-answering server: timeout answer', hung?.ok === false && hung.timeout === true && hung.error === 'timed out after 700 ms', hung);
  check('never-answering server: answered in time', took < 3000, `${took} ms`);
  check('never-answering server: the wire shows the request, aborted', hung?.wire?.length === 1 && hung.wire[0].status === null && /aborted/.test(hung.wire[0].error ?? ''), hung?.wire);
  for (const socket of sockets) socket.destroy();
  stub.mode = 'normal';
  const after = await b.call('signIn', { body: { email: 'smoke@example.com', password: 'secret-123' } });
  check('after a timeout: a fresh client answers', after?.ok === true && after.status === 200, after);
  const freshSession = await b.call('session');
  check('after a timeout: the fresh client holds what it just stored', freshSession?.body?.accessToken === SESSION.accessToken, freshSession);

  // an SDK that starves its own event loop: the main thread still answers
  const spun = await b.call('__spin', {}, { timeoutMs: 500 });
  check('__spin: timeout answered although the SDK thread never yields', spun?.ok === false && spun.timeout === true, spun);
  const helloAgain = await b.call('hello');
  check('after __spin: still answering', helloAgain?.ok === true, helloAgain);

  // reconnect elsewhere
  const reconnect = await b.call('connect', { authUrl: AUTH_URL.replace(/\/v1$/, '') });
  const noV1 = await b.call('signIn', { body: { email: 'smoke@example.com', password: 'secret-123' } });
  check('connect without /v1: requests go to the new base URL', reconnect?.ok === true && noV1?.wire?.[0]?.url === `${AUTH_URL.replace(/\/v1$/, '')}/signin/email-password`, noV1?.wire);

  check('stdout carried only result lines (stderr may have SDK logs)', b.lines.length === 0, b.lines);
  const code = await b.close();
  check('stdin closed: exit 0', code === 0, code);

  // a crash of the SDK ends its worker, not the bridge: the call is answered `crashed`, the spare
  // worker takes over
  const crash = await runOnce(['--sdk', line], '{"id":1,"op":"hello"}\n{"id":2,"op":"__crash"}\n{"id":3,"op":"hello"}\n{"id":4,"op":"__crash"}\n');
  const crashed = crash.stdout.map((l) => JSON.parse(l));
  check(
    '__crash: answered crashed twice, the bridge goes on, one crash line each, exit 0',
    crash.code === 0 && crashed.length === 4 && crashed[1].crashed === true && crashed[3].crashed === true && crashed[2].ok === true && (crash.stderr.match(/^sdk-bridge: crash: /gm) ?? []).length === 2,
    crash,
  );

  // test-only ops that end the process
  const alloc = await runOnce(['--sdk', line, '--max-rss-mb', '150'], '{"id":1,"op":"__alloc","args":{"mb":200}}\n{"id":2,"op":"hello"}\n');
  check('__alloc over the cap: result line, then exit 71', alloc.code === 71 && alloc.stdout.length === 1 && JSON.parse(alloc.stdout[0]).ok === true && /^sdk-bridge: memory cap of 150 MiB exceeded \(rss \d+ MiB\); exiting/.test(alloc.stderr), alloc);
  const hang = start(['--sdk', line]);
  hang.sendRaw('{"id":1,"op":"__hang","timeoutMs":100}');
  const hangAnswer = await hang.readLine(1500);
  check('__hang: no answer, not even a timeout', hangAnswer === null && hang.child.exitCode === null, hangAnswer);
  hang.child.kill('SIGKILL');
  await hang.exit;
  return true;
}

let tested = 0;
try {
  for (const line of LINES) {
    if (!['v4', 'v3'].includes(line)) {
      check(`known line ${line}`, false);
      continue;
    }
    if (await smokeLine(line)) tested += 1;
  }
} finally {
  for (const socket of sockets) socket.destroy();
  server.close();
}
check('at least one SDK line is installed and was tested', tested > 0);
console.log(failures === 0 ? `\nsmoke: ok (${tested} line(s))` : `\nsmoke: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
