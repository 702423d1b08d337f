#!/usr/bin/env node
// nhost-conformance SDK bridge: drives one pinned line of the official @nhost/nhost-js SDK (v4 = 4.x,
// v3 = 3.x) from line-delimited JSON. The protocol is described in README.md next to this file.
//
//   node [--max-old-space-size=N] sdk-bridge/bridge.mjs --sdk v4|v3 [--auth-url URL] [--timeout-ms N] [--max-rss-mb N]
//
// Two threads:
//  * the main thread owns the protocol: it reads commands from stdin, answers on stdout (nothing
//    else is ever written there), enforces the per-call timeout and the memory cap, and runs the
//    test-only ops;
//  * a worker thread owns the SDK: it installs the fetch capture, loads `<line>/adapter.mjs` (which
//    imports the SDK from `<line>/node_modules`) and runs one call at a time.
// The split exists because an SDK can starve its own event loop (4.x with an authUrl that does not
// end in /v1 and an expired stored session recurses through promises forever, never yielding to a
// timer): a timer in the same thread could never fire. The main thread always can; on a timeout it
// terminates the worker and at once starts a fresh one (connected to the same authUrl) for the next
// command; the `ready` op waits until that one is up. A crash of the SDK never ends the process:
// the call is answered `crashed`. After an unhandled rejection the worker drops the client and goes
// on; an uncaught exception ends the worker, and from the first replacement on a spare worker, its
// SDK loaded, is kept waiting, so a crash or a timeout costs the next command about a `connect`.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const HERE = dirname(fileURLToPath(import.meta.url));
const LINES = ['v4', 'v3'];
const HTTP_OPS = ['signUp', 'signIn', 'signInAnonymous', 'refresh', 'signOut', 'getUser', 'jwks', 'health', 'version'];
const STRING_CAP = 1024 * 1024; // characters kept of any string in a result
const WIRE_BODY_CAP = 64 * 1024; // bytes kept of a captured response body
const WIRE_EMIT_MS = 250; // at most one update of a body still arriving per this many ms
const MIB = 1024 * 1024;

// The SDK and anything else may log; stdout is reserved for result lines (in both threads).
for (const name of ['log', 'info', 'debug', 'warn', 'trace']) {
  console[name] = (...args) => console.error(...args);
}

// ---------------------------------------------------------------------------------------------
// Defensive serialisation: every value that leaves the bridge goes through here first.

function capString(s) {
  if (s.length <= STRING_CAP) return s;
  let end = STRING_CAP;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // do not split a surrogate pair
  return `${s.slice(0, end)}…[truncated: ${s.length} chars in total]`;
}

function describeError(error) {
  if (error instanceof Error || (error && typeof error === 'object' && 'message' in error)) {
    return String(error.message);
  }
  try {
    return typeof error === 'string' ? error : JSON.stringify(sanitize(error));
  } catch {
    return String(error);
  }
}

// A JSON-safe copy of `value`: cycles, BigInt, functions, symbols, non-finite numbers, invalid
// Dates, binary data... become "[unserialisable: ...]" strings; Dates become ISO strings; strings
// are capped at 1 MiB; object properties whose value is undefined are dropped (as JSON does),
// undefined elsewhere becomes a marker. Own "__proto__" keys survive as ordinary keys.
export function sanitize(value) {
  const ancestors = new Set();
  let budget = 2_000_000; // nodes, against DAGs that explode when expanded
  const marker = (what) => `[unserialisable: ${what}]`;
  const walk = (v, depth) => {
    switch (typeof v) {
      case 'string':
        return capString(v);
      case 'number':
        return Number.isFinite(v) ? v : marker(String(v));
      case 'boolean':
        return v;
      case 'bigint':
        return marker(`bigint ${capString(v.toString())}`);
      case 'undefined':
        return marker('undefined');
      case 'function':
        return marker(`function ${v.name || '(anonymous)'}`);
      case 'symbol':
        return marker(capString(String(v)));
      default:
        break;
    }
    if (v === null) return null;
    if (--budget < 0) return marker('too many nodes');
    if (depth > 200) return marker('nested too deeply');
    if (ancestors.has(v)) return marker('cycle');
    ancestors.add(v);
    try {
      if (v instanceof Date) {
        return Number.isNaN(v.getTime()) ? marker('Invalid Date') : v.toISOString();
      }
      if (Array.isArray(v)) {
        const out = [];
        for (let i = 0; i < v.length; i += 1) {
          let item;
          try {
            item = v[i];
          } catch (error) {
            item = marker(`getter threw ${describeError(error)}`);
          }
          out.push(walk(item, depth + 1));
        }
        return out;
      }
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        return marker(`${v.constructor?.name ?? 'binary'} of ${v.byteLength} bytes`);
      }
      if (v instanceof Map || v instanceof Set || v instanceof WeakMap || v instanceof WeakSet) {
        return marker(`${v.constructor.name}${'size' in v ? ` of size ${v.size}` : ''}`);
      }
      if (typeof v.then === 'function') return marker('Promise');
      const out = {};
      const put = (key, item) => {
        Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      };
      if (v instanceof Error) {
        put('name', walk(v.name, depth + 1));
        put('message', walk(v.message, depth + 1));
      } else if (typeof v.toJSON === 'function') {
        let json;
        try {
          json = v.toJSON();
        } catch (error) {
          return marker(`toJSON threw ${describeError(error)}`);
        }
        if (json !== v) return walk(json, depth + 1);
      }
      let keys;
      try {
        keys = Object.keys(v);
      } catch (error) {
        return marker(`keys threw ${describeError(error)}`);
      }
      for (const key of keys) {
        let item;
        try {
          item = v[key];
        } catch (error) {
          item = marker(`getter threw ${describeError(error)}`);
        }
        if (item === undefined) continue;
        put(key, walk(item, depth + 1));
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };
  return walk(value, 0);
}

function toJsonLine(value) {
  try {
    return JSON.stringify(sanitize(value));
  } catch (error) {
    return JSON.stringify({ ok: false, error: `sdk-bridge: could not serialise a result: ${describeError(error)}` });
  }
}

function oneLine(text) {
  return String(text).replace(/\s*\n\s*/g, ' | ');
}

function crashText(error) {
  if (error instanceof Error || (error && typeof error === 'object' && 'stack' in error)) {
    const stack = String(error.stack ?? '').split('\n');
    const head = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
    const frames = stack.filter((l) => /^\s+at /.test(l)).slice(0, 4).map((l) => l.trim());
    return oneLine([head, ...frames].join(' | '));
  }
  return oneLine(`non-error thrown: ${describeError(error)}`);
}

// =============================================================================================
// Main thread
// =============================================================================================

async function main() {
  const USAGE = 'usage: node bridge.mjs --sdk v4|v3 [--auth-url URL] [--timeout-ms N] [--max-rss-mb N]';
  const stderrLine = (text) => process.stderr.write(`sdk-bridge: ${oneLine(text)}\n`);
  const fail = (code, text) => {
    stderrLine(text);
    process.exit(code);
  };

  let options;
  try {
    ({ values: options } = parseArgs({
      options: {
        sdk: { type: 'string' },
        'auth-url': { type: 'string' },
        'timeout-ms': { type: 'string' },
        'max-rss-mb': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(2, `${error.message}; ${USAGE}`);
  }
  const positiveInt = (name, raw, fallback) => {
    if (raw === undefined) return fallback;
    if (!/^[0-9]+$/.test(raw) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
      fail(2, `--${name} must be a positive integer, got ${JSON.stringify(raw)}; ${USAGE}`);
    }
    return Number(raw);
  };
  const line = options.sdk;
  if (line === undefined) fail(2, `missing --sdk; ${USAGE}`);
  if (!LINES.includes(line)) fail(2, `--sdk must be one of ${LINES.join(', ')}, got ${JSON.stringify(line)}; ${USAGE}`);
  const defaultTimeoutMs = positiveInt('timeout-ms', options['timeout-ms'], 10000);
  const maxRssMb = positiveInt('max-rss-mb', options['max-rss-mb'], 512);
  let authUrl = options['auth-url'] ?? null;
  if (authUrl !== null) {
    try {
      new URL(authUrl); // eslint-disable-line no-new
    } catch {
      fail(2, `--auth-url is not a URL: ${JSON.stringify(authUrl)}; ${USAGE}`);
    }
  }

  const lineDir = join(HERE, line);
  const sdkManifest = join(lineDir, 'node_modules', '@nhost', 'nhost-js', 'package.json');
  if (!existsSync(sdkManifest)) {
    const rel = relative(process.cwd(), lineDir);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : lineDir;
    fail(3, `@nhost/nhost-js is not installed for ${line}; run npm ci --prefix ${shown}`);
  }
  const sdkVersion = JSON.parse(readFileSync(sdkManifest, 'utf8')).version;
  const testOps = process.env.NHOST_SDK_BRIDGE_TEST_OPS === '1';
  const heapLimitMb = Math.max(64, Math.floor(getHeapStatistics().heap_size_limit / MIB));

  // ----- output ------------------------------------------------------------------------------
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const writeResult = (id, resultJson) => {
    // resultJson is a serialised object without id: splice the id in front.
    const idJson = JSON.stringify(id === undefined ? null : id);
    const rest = resultJson.slice(1);
    process.stdout.write(`{"id":${idJson}${rest === '}' ? '' : ','}${rest}\n`);
  };
  const resultJson = (result) => toJsonLine(result);

  let memoryExit = null; // the stderr line, once the cap was crossed during a call
  const checkMemoryAfterCommand = () => {
    const rssMb = Math.round(process.memoryUsage().rss / MIB);
    if (memoryExit === null && rssMb > maxRssMb) memoryExit = `memory cap of ${maxRssMb} MiB exceeded (rss ${rssMb} MiB); exiting`;
    if (memoryExit !== null) {
      stderrLine(memoryExit);
      process.exit(71);
    }
  };

  // ----- crash handling in the main thread -----------------------------------------------------
  const crash = (error) => {
    stderrLine(`crash: ${crashText(error)}`);
    process.exit(70);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  // ----- the SDK worker ----------------------------------------------------------------------
  let worker = null; // { thread, ready: Promise (loaded), up: Promise (loaded and connected), terminating }
  // A second worker, its SDK loaded and waiting: it takes over the moment the worker is dropped
  // (a crash, a timeout), so replacing the SDK costs the next command no load time.
  const spares = []; // loading or loaded, oldest first
  const SPARES = 1;
  let seqCounter = 0;
  let pending = null; // the call in flight (see rawCall)
  let crashedBetween = null; // a crash of the worker while no call was in flight, for the next command
  let replacing = false; // set once a worker was started: the next one replaces it, and a spare is kept

  const spawnWorker = () => {
    const thread = new Worker(new URL(import.meta.url), {
      workerData: { line, lineDir, testOps },
      stdout: true, // routed to our stderr below, never to our stdout
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
    });
    thread.stdout.pipe(process.stderr, { end: false });
    const state = { thread, terminating: false };
    state.ready = new Promise((resolve, reject) => {
      state.readyResolve = resolve;
      state.readyReject = reject;
    });
    thread.on('message', (message) => onWorkerMessage(state, message));
    thread.on('error', (error) => onWorkerError(state, error));
    thread.on('exit', (code) => {
      if (state.terminating) {
        state.readyResolve(); // discarded before it was ready: nobody waits for it forever
        return;
      }
      workerCrashed(state, `the SDK worker exited unexpectedly with code ${code}`);
    });
    return state;
  };

  // Loads a spare worker in the background when there is none (and the process is not leaving).
  const keepSpare = () => {
    while (spares.length < SPARES && memoryExit === null) spares.push(spawnWorker());
  };

  // The SDK died (an uncaught exception or unhandled rejection in it, or its thread ended): what
  // would end an app's process ends the worker, and the spare takes over. The call in flight is
  // answered `crashed`; a crash between calls is the answer to the next command for a worker.
  const workerCrashed = (state, text, survived = false) => {
    if (spares.includes(state)) {
      spares.splice(spares.indexOf(state), 1);
      stderrLine(`the spare SDK worker died while loading: ${text}`);
      discardWorker(state);
      return;
    }
    if (state !== worker || state.terminating) return;
    stderrLine(`crash: ${text}`);
    if (!survived) {
      discardWorker(state);
      keepSpare();
    }
    if (pending) {
      pending.finish(resultJson({ ok: false, crashed: true, error: `crash: ${text}` }), abortedWire(pending, 'the SDK crashed'));
    } else {
      crashedBetween = text;
    }
  };

  const onWorkerMessage = (state, message) => {
    if (state.terminating) return;
    if (message.type === 'loadError') {
      stderrLine(`could not load the ${line} adapter: ${message.error}`);
      process.exit(3);
    }
    if (message.type === 'ready' && spares.includes(state)) {
      state.loaded = true;
      state.readyResolve();
      return;
    }
    if (message.type === 'crash') {
      workerCrashed(state, message.text, message.survived === true);
      return;
    }
    if (state !== worker) return;
    if (message.type === 'ready') {
      state.readyResolve();
    } else if (message.type === 'loadError') {
      stderrLine(`could not load the ${line} adapter: ${message.error}`);
      process.exit(3);
    } else if (message.type === 'wire') {
      if (pending && pending.seq === message.seq) pending.wire[message.index] = { json: message.entryJson, complete: message.complete };
    } else if (message.type === 'result') {
      if (pending && pending.seq === message.seq) pending.onResult(message);
    }
  };

  const onWorkerError = (state, error) => {
    if (state.terminating) return;
    if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      // The SDK's heap hit its limit (the --max-old-space-size node was started with): answer the
      // call in flight, then exit 71 like the memory cap does.
      const rssMb = Math.round(process.memoryUsage().rss / MIB);
      memoryExit = `memory cap of ${maxRssMb} MiB exceeded (the SDK ran out of heap at its ${heapLimitMb} MiB limit, rss ${rssMb} MiB); exiting`;
      discardWorker(state);
      if (pending) {
        pending.finish(resultJson({ ok: false, error: `the SDK ran out of heap memory (heap limit ${heapLimitMb} MiB)` }), abortedWire(pending, 'the SDK ran out of memory'));
      } else {
        checkMemoryAfterCommand();
      }
      return;
    }
    workerCrashed(state, crashText(error));
  };

  // Drops the worker at once: from here on nothing it says (a late result, a crash caused by the
  // abort) counts, and terminating it closes its sockets, which aborts its fetches.
  const discardWorker = (state) => {
    if (!state) return;
    state.terminating = true;
    if (worker === state) worker = null;
    state.thread.terminate().catch(() => {});
  };

  // On a timeout no SDK code runs again: the wire is what the worker streamed so far, entries
  // that had not finished are marked.
  const abortedWire = (p, why) =>
    p.wire
      .filter((e) => e && typeof e.json === 'string')
      .map((e) => {
        if (e.complete) return e.json;
        try {
          const entry = JSON.parse(e.json);
          if (entry.error === undefined) {
            entry.error =
              entry.status === null
                ? `aborted by sdk-bridge (${why}) before a response arrived`
                : `aborted by sdk-bridge (${why}) while the response body was arriving; responseBody is partial`;
          }
          return JSON.stringify(entry);
        } catch {
          return e.json;
        }
      });

  // Sends one call to the worker. Resolves with { json, wire, timedOut }: json is the result
  // without id and wire, wire an array of entry JSON strings (null for results without wire).
  const rawCall = (op, args, limitMs) =>
    new Promise((resolve) => {
      const seq = ++seqCounter;
      const state = worker;
      const p = { seq, wire: [], settled: false, timedOut: false };
      p.finish = (json, wire) => {
        if (p.settled) return;
        p.settled = true;
        clearTimeout(p.timer);
        clearInterval(p.memTimer);
        if (pending === p) pending = null;
        resolve({ json, wire, timedOut: p.timedOut });
      };
      p.onResult = (message) => p.finish(message.json, message.wire ?? null);
      pending = p;
      p.timer = setTimeout(() => {
        // After a timeout the SDK may be in any state (or still spinning without yielding): the
        // next command gets a fresh worker, connected to the same authUrl.
        p.timedOut = true;
        discardWorker(state);
        p.finish(resultJson({ ok: false, timeout: true, error: `timed out after ${limitMs} ms` }), abortedWire(p, 'the call timed out'));
      }, limitMs);
      p.memTimer = setInterval(() => {
        const rssMb = Math.round(process.memoryUsage().rss / MIB);
        if (rssMb > maxRssMb) {
          memoryExit = `memory cap of ${maxRssMb} MiB exceeded (rss ${rssMb} MiB); exiting`;
          discardWorker(state);
          p.finish(resultJson({ ok: false, error: `memory cap of ${maxRssMb} MiB exceeded during the call (rss ${rssMb} MiB)` }), abortedWire(p, 'memory cap'));
        }
      }, 100);
      state.thread.postMessage({ type: 'call', seq, op, args });
    });

  // Sends one call to a started, connected worker. After a timeout the worker was discarded: its
  // replacement is started (and connected) right away, while the answer goes out, so that loading
  // the SDK again never runs inside the next command's own time limit (the harness waits for it
  // with the `ready` op, under a bound of its own).
  const callWorker = async (op, args, limitMs) => {
    await workerUp();
    const outcome = await rawCall(op, args, limitMs);
    if (outcome.timedOut && memoryExit === null) workerUp().catch(crash);
    return outcome;
  };

  // A started worker, connected when it could be: when connecting a fresh worker timed out, that
  // worker was discarded and a new one, not connected, is started (the commands then answer "not
  // connected" instead of timing out again).
  const workerUp = async () => {
    await ensureWorker();
    if (!worker) await ensureWorker();
  };

  // Starts a worker when none runs; everyone waiting for it shares the one start (`up`: loaded,
  // then connected to authUrl when there is one).
  const ensureWorker = async () => {
    if (!worker) {
      const loaded = spares.findIndex((s) => s.loaded);
      const state = loaded >= 0 ? spares.splice(loaded, 1)[0] : (spares.shift() ?? spawnWorker());
      worker = state;
      state.up = startUp(state);
      // The first worker starts alone; once one is replaced, a spare is kept waiting.
      if (replacing) keepSpare();
      replacing = true;
    }
    await worker.up;
  };

  const startUp = async (state) => {
    await state.ready;
    if (authUrl !== null && worker === state) {
      const outcome = await rawCall('connect', { authUrl }, defaultTimeoutMs);
      if (outcome.timedOut || !outcome.json.startsWith('{"ok":true')) {
        stderrLine(`could not connect a fresh client to ${authUrl}: ${outcome.json}`);
        authUrl = null;
      }
    }
  };

  const withWire = (json, wire) => {
    if (!wire) return json;
    return `${json.slice(0, -1)}${json === '{}' ? '' : ','}"wire":[${wire.join(',')}]}`;
  };

  // ----- command handling ----------------------------------------------------------------------
  const retained = []; // __alloc keeps its memory here
  const WORKER_OPS = new Set([...HTTP_OPS, 'connect', 'session', 'clearSession', 'adopt', ...(testOps ? ['__crash', '__spin'] : [])]);
  const ALL_OPS = ['hello', 'ready', 'connect', ...HTTP_OPS, 'session', 'adopt', 'clearSession', ...(testOps ? ['__crash', '__hang', '__alloc', '__spin'] : [])];
  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  // Returns the result JSON (without id) for one parsed command.
  const handle = async (command) => {
    const { op } = command;
    const error = (text) => resultJson({ ok: false, error: text });
    if (typeof op !== 'string' || !ALL_OPS.includes(op)) {
      return error(`unknown op ${JSON.stringify(op ?? null)}; valid ops: ${ALL_OPS.join(', ')}`);
    }
    let args = command.args;
    if (args === undefined || args === null) args = {};
    if (!isPlainObject(args)) return error('"args" must be a JSON object');
    let limitMs = defaultTimeoutMs;
    if (command.timeoutMs !== undefined && command.timeoutMs !== null) {
      if (!Number.isSafeInteger(command.timeoutMs) || command.timeoutMs <= 0) {
        return error('"timeoutMs" must be a positive integer');
      }
      limitMs = command.timeoutMs;
    }

    if (op === 'hello') {
      return resultJson({
        ok: true,
        status: null,
        body: { sdk: '@nhost/nhost-js', line, version: sdkVersion, node: process.version },
        wire: [],
      });
    }
    if (op === 'ready') {
      // Waits for the SDK worker (replaced after a timeout) to be loaded and connected.
      await workerUp();
      return resultJson({ ok: true, status: null, body: { connected: authUrl !== null }, wire: [] });
    }
    if (op === '__hang') {
      for (;;) {
        // Deliberately blocks the event loop: not even the bridge's own timeout can answer.
      }
    }
    if (op === '__alloc') {
      const mb = args.mb;
      if (typeof mb !== 'number' || !Number.isFinite(mb) || mb < 0 || mb > 1024 * 1024) {
        return error('"args.mb" must be a number of MiB');
      }
      // Touches every page, so it really counts in rss; stops early once rss is over the cap
      // (the check after the command then exits 71) rather than feeding the kernel's OOM killer.
      const chunk = MIB;
      for (let done = 0; done < mb * MIB; done += chunk) {
        retained.push(Buffer.allocUnsafe(Math.min(chunk, mb * MIB - done)).fill(0x5a));
        if (done % (16 * MIB) === 0 && process.memoryUsage().rss > maxRssMb * MIB) break;
      }
      const heldMb = retained.reduce((n, b) => n + b.length, 0) / MIB;
      return resultJson({ ok: true, status: null, body: { heldMb }, wire: [] });
    }
    if (!WORKER_OPS.has(op)) return error(`unknown op ${JSON.stringify(op)}`);

    let workerOp = op;
    let workerArgs = args;
    if (op === 'adopt') {
      if (!HTTP_OPS.includes(args.op)) {
        return error(`"args.op" of adopt must be one of ${HTTP_OPS.join(', ')}`);
      }
      workerOp = args.op;
      workerArgs = { ...args };
      delete workerArgs.op;
    }
    if ('accessToken' in workerArgs && workerArgs.accessToken !== null && typeof workerArgs.accessToken !== 'string') {
      return error('"args.accessToken" must be a string');
    }
    if (crashedBetween !== null) {
      // The SDK died after the previous call had settled: this command is its answer (the
      // worker that runs it next is a fresh one).
      const text = crashedBetween;
      crashedBetween = null;
      return resultJson({ ok: false, crashed: true, error: `crash: ${text} (after the previous call settled)` });
    }
    if (op === 'connect') {
      if (typeof args.authUrl !== 'string' || args.authUrl === '') {
        return error('"args.authUrl" must be a non-empty string');
      }
      const outcome = await callWorker('connect', { authUrl: args.authUrl }, limitMs);
      authUrl = outcome.json.startsWith('{"ok":true') ? args.authUrl : null;
      return withWire(outcome.json, outcome.wire);
    }
    if (authUrl === null && !op.startsWith('__')) {
      return error('not connected: send {"op":"connect","args":{"authUrl":...}} first (or pass --auth-url)');
    }
    const outcome = await callWorker(workerOp, workerArgs, limitMs);
    return withWire(outcome.json, outcome.wire);
  };

  // ----- the line loop -------------------------------------------------------------------------
  const queue = [];
  let busy = false;
  let eof = false;

  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const text = queue.shift();
      let id = null;
      let json;
      let command;
      try {
        command = JSON.parse(text);
      } catch (error) {
        json = resultJson({ ok: false, error: `invalid command: ${error.message}` });
      }
      if (json === undefined) {
        if (!isPlainObject(command)) {
          json = resultJson({ ok: false, error: 'invalid command: expected a JSON object' });
        } else {
          id = command.id === undefined ? null : command.id;
          try {
            json = await handle(command);
          } catch (error) {
            json = resultJson({ ok: false, error: `sdk-bridge internal error: ${describeError(error)}` });
          }
        }
      }
      writeResult(id, json);
      checkMemoryAfterCommand();
    }
    busy = false;
    if (eof) process.exit(0);
  };

  // Start the worker right away (and connect it when --auth-url was given).
  await workerUp();

  const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (text) => {
    if (text.trim() === '') return;
    queue.push(text);
    pump();
  });
  input.on('close', () => {
    // Answer what was already sent, then leave: pending fetches, SDK timers and the worker never
    // keep the process alive once stdin is closed.
    eof = true;
    if (!busy && queue.length === 0) process.exit(0);
  });
}

// =============================================================================================
// Worker thread: fetch capture + the line's adapter
// =============================================================================================

async function workerMain() {
  const { lineDir, testOps } = workerData;
  const post = (message) => parentPort.postMessage(message);
  let current = null; // the call in flight: { seq, wire: [], captures: Set }

  // ----- fetch capture -------------------------------------------------------------------------
  const headersToObject = (headers) => {
    const out = {};
    const add = (name, value) => {
      const key = String(name).toLowerCase();
      out[key] = key in out ? `${out[key]}, ${value}` : String(value);
    };
    if (!headers) return out;
    try {
      if (Array.isArray(headers)) {
        for (const [name, value] of headers) add(name, value);
      } else if (typeof headers.forEach === 'function' && typeof headers.get === 'function') {
        headers.forEach((value, name) => add(name, value));
      } else if (typeof headers === 'object') {
        for (const [name, value] of Object.entries(headers)) {
          if (value !== undefined) add(name, value);
        }
      }
    } catch (error) {
      out['x-sdk-bridge-capture-error'] = describeError(error);
    }
    return out;
  };

  const bodyText = (body) => {
    if (body === undefined || body === null) return null;
    if (typeof body === 'string') return body;
    if (body instanceof URLSearchParams) return body.toString();
    if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
    return `[unserialisable: request body of type ${body?.constructor?.name ?? typeof body}]`;
  };

  const entryJson = (entry) => {
    const out = {
      method: entry.method,
      url: entry.url,
      requestHeaders: entry.requestHeaders,
      requestBody: entry.requestBody,
      status: entry.status,
      responseHeaders: entry.responseHeaders,
      responseBody: entry.responseBody,
    };
    if (entry.responseBodyTruncated) out.responseBodyTruncated = true;
    if (entry.error !== undefined) out.error = entry.error;
    return toJsonLine(out);
  };

  // Streams each change of an entry to the main thread, which answers a timeout from these.
  const emit = (ctx, entry) => {
    if (ctx && ctx.wire[entry.index] === entry) {
      post({ type: 'wire', seq: ctx.seq, index: entry.index, entryJson: entryJson(entry), complete: !!entry.complete });
    }
  };

  // Reads a cloned response body to the end, keeping the first 64 KiB. Draining (rather than
  // cancelling) keeps tee'd streams (undici and node-fetch both) flowing for the SDK's copy.
  // The kept chunks are turned into text only when the body ends, when the cap is reached, and at
  // most every WIRE_EMIT_MS while it trickles in (so a timeout still shows what arrived): the cost
  // is bounded by the body's size and the call's duration, never by its number of chunks.
  const readCapped = async (clone, entry, ctx) => {
    const chunks = [];
    let kept = 0;
    let total = 0;
    let emitted = Date.now();
    const publish = () => {
      if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks, kept));
      entry.responseBody = chunks.length === 0 ? '' : chunks[0].toString('utf8');
      entry.responseBodyTruncated = total > kept;
      emitted = Date.now();
      emit(ctx, entry);
    };
    entry.flush = publish; // for settleCaptures: a body still arriving when the call returns
    const keep = (chunk) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength ?? chunk.length);
      total += buf.length;
      if (kept < WIRE_BODY_CAP) {
        const part = buf.subarray(0, WIRE_BODY_CAP - kept);
        chunks.push(Buffer.from(part)); // a copy: a stream may reuse its buffer
        kept += part.length;
        if (kept >= WIRE_BODY_CAP || Date.now() - emitted >= WIRE_EMIT_MS) publish();
      } else if (!entry.responseBodyTruncated) {
        entry.responseBodyTruncated = true;
        emit(ctx, entry);
      }
    };
    const body = clone?.body;
    if (body === null || body === undefined) {
      entry.responseBody = null;
      entry.complete = true;
      emit(ctx, entry);
      return;
    }
    entry.responseBody = '';
    entry.capturing = true;
    let streamed = true;
    try {
      if (typeof body.getReader === 'function') {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          keep(value);
        }
      } else if (typeof body[Symbol.asyncIterator] === 'function') {
        for await (const chunk of body) keep(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } else {
        streamed = false;
        entry.responseBody = await clone.text();
        if (entry.responseBody.length > WIRE_BODY_CAP) {
          entry.responseBody = entry.responseBody.slice(0, WIRE_BODY_CAP);
          entry.responseBodyTruncated = true;
        }
      }
    } catch (error) {
      if (entry.error === undefined) entry.error = `reading the response body failed: ${describeError(error)}`;
    }
    entry.capturing = false;
    entry.complete = true;
    if (streamed) {
      publish(); // the whole kept body, once (also after a read error: what arrived)
    } else {
      emit(ctx, entry);
    }
  };

  const fetchErrorText = (error) => {
    let text = describeError(error);
    let cause = error?.cause;
    for (let i = 0; cause && i < 3; i += 1) {
      text += `: ${describeError(cause)}`;
      cause = cause.cause;
    }
    return text;
  };

  // Wraps a fetch implementation (globalThis.fetch, or node-fetch for 3.x): records the request
  // and the response in the current call's wire, and ties the request to the call's AbortSignal.
  const wrapFetch = (original) => {
    const captured = async function fetch(input, init) {
      const ctx = current;
      const entry = { method: 'GET', url: '', requestHeaders: {}, requestBody: null, status: null, responseHeaders: null, responseBody: null };
      try {
        const isRequest = input && typeof input === 'object' && typeof input.url === 'string' && typeof input.method === 'string';
        entry.url = String(isRequest ? input.url : input);
        entry.method = String(init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
        entry.requestHeaders = headersToObject(init?.headers ?? (isRequest ? input.headers : undefined));
        entry.requestBody = bodyText(init?.body);
        if (isRequest && init?.body === undefined && typeof input.clone === 'function' && input.body) {
          const p = input.clone().text().then((t) => {
            entry.requestBody = t;
          }, () => {});
          ctx?.captures.add(p);
        }
      } catch (error) {
        entry.error = `capturing the request failed: ${describeError(error)}`;
      }
      if (ctx) {
        entry.index = ctx.wire.push(entry) - 1;
        emit(ctx, entry);
      } else {
        process.stderr.write(`sdk-bridge: the SDK made a request outside any call: ${entry.method} ${entry.url}\n`);
      }
      let response;
      try {
        response = await original(input, init);
      } catch (error) {
        entry.error = fetchErrorText(error);
        entry.complete = true;
        emit(ctx, entry);
        throw error;
      }
      try {
        entry.status = typeof response.status === 'number' ? response.status : null;
        entry.responseHeaders = headersToObject(response.headers);
        emit(ctx, entry);
        const clone = response.clone();
        const p = readCapped(clone, entry, ctx);
        if (ctx) {
          ctx.captures.add(p);
          p.finally(() => ctx.captures.delete(p));
        }
      } catch (error) {
        if (entry.error === undefined) entry.error = `capturing the response failed: ${describeError(error)}`;
        entry.complete = true;
        emit(ctx, entry);
      }
      return response;
    };
    for (const key of Object.keys(original)) {
      if (!(key in captured)) {
        try {
          captured[key] = original[key];
        } catch {
          // read-only property: skip
        }
      }
    }
    return captured;
  };

  let adapter; // the line's adapter, once loaded

  // A crash inside the SDK (an exception thrown from a timer or a promise callback, an unhandled
  // rejection) would end a real app's process: report it to the main thread, which answers the
  // call `crashed`. An uncaught exception leaves the thread in no known state: it ends, and the
  // main thread replaces it. After an unhandled rejection the stack is whole: the client that
  // rejected is stopped and dropped at once, and the thread goes on with a fresh one (loading
  // the SDK again for every crash would cost more than everything else a run does).
  const reportCrash = (kind, survive) => (error) => {
    post({ type: 'crash', text: `${kind}: ${crashText(error)}`, survived: survive });
    if (!survive) process.exit(70); // ends this worker thread only; the main thread takes it from here
    try {
      Promise.resolve(adapter?.clearSession()).catch(() => {});
    } catch {
      // a client that cannot even be dropped is rebuilt by the next connect or call
    }
  };
  process.on('uncaughtException', reportCrash('uncaught exception', false));
  process.on('unhandledRejection', reportCrash('unhandled rejection', true));

  // Before any SDK module is loaded.
  if (typeof globalThis.fetch === 'function') {
    globalThis.fetch = wrapFetch(globalThis.fetch);
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // Waits (at most `ms`) for the response-body captures of a call; a body still arriving then is
  // reported with what was captured so far and an "error" saying so.
  const settleCaptures = async (ctx, ms) => {
    if (ctx.captures.size > 0) {
      await Promise.race([Promise.allSettled([...ctx.captures]), sleep(ms)]);
    }
    for (const entry of ctx.wire) {
      if (entry.capturing && entry.error === undefined) {
        entry.error = 'the response body had not ended when the call returned; responseBody is partial';
      }
      if (entry.capturing) entry.flush?.();
    }
  };

  // ----- adapter -------------------------------------------------------------------------------
  try {
    const mod = await import(pathToFileURL(join(lineDir, 'adapter.mjs')).href);
    adapter = await mod.load({ wrapFetch });
  } catch (error) {
    post({ type: 'loadError', error: crashText(error) });
    return;
  }

  const errorResult = (error) => {
    let errorName;
    try {
      errorName = adapter.errorName?.(error) ?? (error === null || error === undefined ? String(error) : error.constructor?.name ?? typeof error);
    } catch {
      errorName = typeof error;
    }
    const result = { ok: false, error: describeError(error), errorName };
    if (error && typeof error === 'object') {
      if (typeof error.status === 'number') result.status = error.status;
      if ('body' in error) result.body = error.body;
    }
    return result;
  };

  const lastStatus = (ctx) => {
    for (let i = ctx.wire.length - 1; i >= 0; i -= 1) {
      if (typeof ctx.wire[i].status === 'number') return ctx.wire[i].status;
    }
    return null;
  };

  const run = async (ctx, op, args) => {
    switch (op) {
      case 'connect':
        await adapter.connect(args.authUrl);
        return { ok: true, status: null, body: { authUrl: args.authUrl } };
      case 'session':
        return { ok: true, status: null, body: (await adapter.session()) ?? null };
      case 'clearSession':
        await adapter.clearSession();
        return { ok: true, status: null, body: null };
      case '__crash':
        if (!testOps) break;
        setTimeout(() => {
          throw new Error('sdk-bridge test crash (__crash): an uncaught exception thrown from a timer');
        }, 0);
        return new Promise(() => {}); // never answers: the crash ends the process
      case '__spin': {
        if (!testOps) break;
        // Starves this thread's event loop with an endless promise chain, the way 4.x's refresh
        // middleware can: only the main thread's timeout can answer.
        // With {"grow": true} each step is chained to the previous one, so memory grows too (what
        // the real 4.x loop does): exercises the memory cap during a call and the worker's heap limit.
        const spin = args.grow
          ? () => Promise.resolve().then(spin)
          : () => {
              Promise.resolve().then(spin); // not returned: no chain, so memory stays flat
            };
        spin();
        return new Promise(() => {});
      }
      default:
        if (HTTP_OPS.includes(op)) {
          const call = adapter.ops[op];
          const reason = call.unsupported?.(args);
          if (reason) return { ok: false, unsupported: reason, noWire: true };
          // Every op starts from a client that holds no session: no token is attached unless the
          // command asks for one, and nothing leaks from the previous call. Nothing is cleared
          // after the call, so `session` right after shows what the SDK stored.
          await adapter.clearSession();
          return call.run(args, { lastStatus: () => lastStatus(ctx) });
        }
        break;
    }
    return { ok: false, error: `unknown op ${JSON.stringify(op)}` };
  };

  const finishJson = (result) => {
    const { noWire, ...rest } = result;
    return { json: toJsonLine(rest), noWire: !!noWire };
  };

  const wireJson = (ctx) => ctx.wire.map(entryJson);

  parentPort.on('message', async (message) => {
    if (message.type !== 'call') return;
    const ctx = { seq: message.seq, wire: [], captures: new Set() };
    current = ctx;
    let result;
    try {
      result = await run(ctx, message.op, message.args ?? {});
    } catch (error) {
      result = errorResult(error);
    }
    await settleCaptures(ctx, 2000);
    if (current === ctx) current = null;
    const { json, noWire } = finishJson(result);
    post({ type: 'result', seq: ctx.seq, json, wire: noWire ? null : wireJson(ctx) });
  });

  post({ type: 'ready' });
}

if (isMainThread) {
  await main();
} else {
  await workerMain();
}
