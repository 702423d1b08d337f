#!/usr/bin/env node
// nhost-conformance SDK bridge: drives the official @nhost/nhost-js SDK from line-delimited JSON.
//
// Usage: node bridge.mjs --auth-url http://127.0.0.1:PORT/v1 [--timeout-ms 10000]
//        (or NHOST_AUTH_URL / BRIDGE_TIMEOUT_MS in the environment)
//
// Reads one command per line on stdin, runs them one after another, and writes one result per
// line on stdout, in order:
//   in:  {"id":1,"op":"signUp","args":{"email":"a@b.io","password":"secret-123"}}
//   out: {"id":1,"ok":true,"status":200,"body":{...}}
//   out: {"id":1,"ok":false,"error":"Invalid or expired refresh token","status":401,"body":{...}}
//   out: {"id":1,"ok":false,"error":"timed out after 10000 ms","timeout":true}
// Every SDK call is raced against a hard timeout (a wrong authUrl can make the SDK hang), and its
// fetch is aborted when the timeout fires. A command may carry its own "timeoutMs".
// Nothing but results is written to stdout; diagnostics go to stderr.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { createClient } from '@nhost/nhost-js';

// The SDK and its middlewares may log; stdout is reserved for results.
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

function sdkVersion() {
  try {
    const manifest = new URL('./node_modules/@nhost/nhost-js/package.json', import.meta.url);
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
  } catch {
    return null;
  }
}

function fail(message) {
  process.stderr.write(`sdk-bridge: ${message}\n`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      'auth-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
  }));
} catch (error) {
  fail(`${error.message}; usage: node bridge.mjs --auth-url URL [--timeout-ms N]`);
}

const authUrl = options['auth-url'] ?? process.env.NHOST_AUTH_URL;
if (!authUrl) {
  fail('missing --auth-url (or NHOST_AUTH_URL); usage: node bridge.mjs --auth-url URL [--timeout-ms N]');
}
const defaultTimeoutMs = Number(options['timeout-ms'] ?? process.env.BRIDGE_TIMEOUT_MS ?? 10000);
if (!Number.isInteger(defaultTimeoutMs) || defaultTimeoutMs <= 0) {
  fail('--timeout-ms must be a positive integer');
}

const nhost = createClient({ authUrl });

function storedSession() {
  return nhost.getUserSession();
}

// Each op takes (args, requestInit) and returns a FetchResponse-like {status, body}.
const ops = {
  signUp: (args, init) => nhost.auth.signUpEmailPassword(args, init),
  signIn: (args, init) => nhost.auth.signInEmailPassword(args, init),
  signInAnonymous: (args, init) => nhost.auth.signInAnonymous(args, init),
  // args.refreshToken, or the SDK's stored session's refresh token.
  refresh: (args, init) => {
    const refreshToken = args?.refreshToken ?? storedSession()?.refreshToken;
    if (!refreshToken) {
      throw new Error('no refresh token: pass args.refreshToken or sign in first');
    }
    return nhost.auth.refreshToken({ refreshToken }, init);
  },
  // args as the request body; without refreshToken (and without all) the stored session's.
  signOut: (args, init) => {
    const body = { ...(args ?? {}) };
    if (!('refreshToken' in body) && !body.all && storedSession()) {
      body.refreshToken = storedSession().refreshToken;
    }
    return nhost.auth.signOut(body, init);
  },
  // args.accessToken, or the SDK attaches the stored session's access token.
  getUser: (args, init) => {
    const headers = args?.accessToken ? { Authorization: `Bearer ${args.accessToken}` } : undefined;
    return nhost.auth.getUser({ ...init, headers });
  },
  // What the SDK holds: its stored session (null when signed out).
  session: async () => ({ status: 0, body: storedSession() }),
  clearSession: async () => {
    nhost.clearSession();
    return { status: 0, body: null };
  },
  version: async () => ({ status: 0, body: { sdk: '@nhost/nhost-js', version: sdkVersion() } }),
};

function write(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function run(command) {
  const { id = null, op, args, timeoutMs } = command;
  const handler = Object.hasOwn(ops, op ?? '') ? ops[op] : undefined;
  if (!handler) {
    return { id, ok: false, error: `unknown op ${JSON.stringify(op)}; valid ops: ${Object.keys(ops).join(', ')}` };
  }
  const limit = Number.isInteger(timeoutMs) && timeoutMs > 0 ? timeoutMs : defaultTimeoutMs;
  const controller = new AbortController();
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ id, ok: false, error: `timed out after ${limit} ms`, timeout: true });
    }, limit);
  });
  const call = (async () => {
    try {
      const response = await handler(args, { signal: controller.signal });
      return { id, ok: true, status: response.status, body: response.body ?? null };
    } catch (error) {
      const result = { id, ok: false, error: String(error?.message ?? error) };
      if (typeof error?.status === 'number') {
        result.status = error.status;
        result.body = error.body ?? null;
      }
      return result;
    }
  })();
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') {
    continue;
  }
  let command;
  try {
    command = JSON.parse(line);
  } catch (error) {
    write({ id: null, ok: false, error: `invalid command: ${error.message}` });
    continue;
  }
  if (command === null || typeof command !== 'object' || Array.isArray(command)) {
    write({ id: null, ok: false, error: 'invalid command: expected a JSON object' });
    continue;
  }
  write(await run(command));
}
// Pending fetches must not keep the process alive once stdin is closed.
process.exit(0);
