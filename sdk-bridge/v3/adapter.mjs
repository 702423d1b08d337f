// The 3.x adapter (@nhost/nhost-js 3.3.1 with @nhost/hasura-auth-js 2.12.0, pinned in
// ./package-lock.json). Loaded by ../bridge.mjs in its SDK worker.
//
// HTTP: 3.x's auth client does not use globalThis.fetch. hasura-auth-js captures
// `require('fetch-ponyfill')().fetch` when it loads, which on Node is node-fetch 2 (fetch-ponyfill
// takes `require('node-fetch').default`). So before the SDK loads, this adapter replaces that
// `default` with the bridge's capturing wrapper (resolved along the same path the SDK resolves it).
//
// Client: new NhostClient({ authUrl, autoRefreshToken: false, autoSignIn: false,
// clientStorageType: 'custom', clientStorage: <a Map of its own> }) plus unused placeholder URLs for
// storage/graphql/functions (3.x refuses to build the client without them; they are never called).
//  * autoRefreshToken: false parks the XState refresh timer in its `disabled` state, so nothing
//    refreshes in the background;
//  * autoSignIn: false stops the import of a refresh token from the URL; the per-client storage
//    (the default 'web' storage on Node is ONE module-wide Map shared by every client, which would let
//    a fresh client sign itself in with the previous client's refresh token) is always empty when a
//    client starts, so its start-up import makes no request.
// 3.x has no public way to forget a session without calling the server (signOut() POSTs /signout),
// so clearing = stopping the client's state machine and building a fresh client for the same URL
// (nothing to do when the client was just built and nothing used it yet: after `connect`).

import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const ALLOWED = {
  signUp: ['email', 'password', 'options'],
  signIn: ['email', 'password'],
  refresh: ['refreshToken'],
  signOut: ['refreshToken', 'all'],
};
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const describe = (v) => (v === undefined ? 'no body' : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v);
const extraKeys = (body, allowed) => Object.keys(body).filter((k) => !allowed.includes(k));

export async function load({ wrapFetch }) {
  // Install the capture on node-fetch exactly where hasura-auth-js will find it.
  const nhostDir = dirname(require.resolve('@nhost/nhost-js/package.json'));
  const authJs = require.resolve('@nhost/hasura-auth-js', { paths: [nhostDir] });
  const ponyfill = require.resolve('fetch-ponyfill', { paths: [dirname(authJs)] });
  const nodeFetchPath = require.resolve('node-fetch', { paths: [dirname(ponyfill)] });
  const nodeFetch = require(nodeFetchPath);
  nodeFetch.default = wrapFetch(nodeFetch);

  const mod = await import('@nhost/nhost-js');
  const NhostClient = mod.NhostClient ?? mod.default?.NhostClient;

  let authUrl = null;
  let nhost = null;
  // Whether the client was built and nothing has used it since: it holds no session, so clearing
  // it need not build another (a client and its state machine cost more than the call itself).
  let fresh = false;

  const makeClient = () => {
    const store = new Map();
    const unused = 'http://127.0.0.1:9/sdk-bridge-unused';
    return new NhostClient({
      authUrl,
      storageUrl: unused,
      graphqlUrl: unused,
      functionsUrl: unused,
      autoRefreshToken: false,
      autoSignIn: false,
      devTools: false,
      clientStorageType: 'custom',
      clientStorage: {
        getItem: (key) => (store.has(key) ? store.get(key) : null),
        setItem: (key, value) => {
          store.set(key, value);
        },
        removeItem: (key) => {
          store.delete(key);
        },
      },
    });
  };
  const dispose = () => {
    if (nhost) {
      try {
        nhost.auth.client.interpreter?.stop();
      } catch (error) {
        process.stderr.write(`sdk-bridge: stopping the 3.x auth state machine failed: ${error?.message ?? error}\n`);
      }
    }
    nhost = null;
  };
  const client = () => {
    if (!nhost) throw new Error('sdk-bridge: not connected');
    fresh = false;
    return nhost;
  };

  // 3.x answers { session, error } (plus mfa for sign-in): an error is an AuthErrorPayload
  // ({ status, error, message }) or whatever the server sent as its error body.
  const sdkError = (error) => ({
    ok: false,
    error: typeof error === 'string' ? error : String(error?.message ?? error?.error ?? JSON.stringify(error)),
    errorName: error === null || error === undefined ? String(error) : error.constructor?.name ?? typeof error,
    ...(typeof error?.status === 'number' ? { status: error.status } : {}),
    body: error,
  });
  const sessionAnswer = (result, lastStatus) => {
    if (result.error) return sdkError(result.error);
    const body = { session: result.session };
    if (result.mfa !== null && result.mfa !== undefined) body.mfa = result.mfa;
    return { ok: true, status: lastStatus(), body };
  };

  const bodyObject = (op, args) => {
    if (!isPlainObject(args.body)) {
      return `3.x ${op} takes an object of known fields; cannot send ${describe(args.body)} as the body`;
    }
    const extra = extraKeys(args.body, ALLOWED[op]);
    if (extra.length > 0) {
      return `3.x ${op} only sends ${ALLOWED[op].join(', ')}; cannot send key(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}`;
    }
    return null;
  };
  const noToken = (op, args) =>
    typeof args.accessToken === 'string' ? `3.x ${op} cannot attach an arbitrary Authorization header` : null;
  // rewriteRedirectTo calls string methods on a truthy options.redirectTo: any other type throws
  // inside 3.x's state machine and its caller never gets an answer.
  const redirectToNotString = (args) => {
    const redirectTo = isPlainObject(args.body?.options) ? args.body.options.redirectTo : undefined;
    return redirectTo && typeof redirectTo !== 'string'
      ? `3.x signUp runs options.redirectTo through rewriteRedirectTo, which never answers for ${describe(redirectTo)}`
      : null;
  };

  return {
    connect(url) {
      dispose();
      authUrl = url;
      nhost = makeClient();
      fresh = true;
    },
    clearSession() {
      if (fresh && nhost) return;
      dispose();
      nhost = makeClient();
      fresh = true;
    },
    session() {
      return client().auth.getSession();
    },
    ops: {
      // auth.signUp({ email, password, options }): validates email and password (>= 3 chars) on the
      // client, then POSTs exactly those three keys (options run through rewriteRedirectTo).
      signUp: {
        unsupported: (args) =>
          bodyObject('signUp', args) ?? noToken('signUp', args) ?? redirectToNotString(args),
        run: async (args, { lastStatus }) => {
          const params = {};
          for (const key of ALLOWED.signUp) if (key in args.body) params[key] = args.body[key];
          return sessionAnswer(await client().auth.signUp(params), lastStatus);
        },
      },
      // auth.signIn({ email, password }): which flow runs depends on the keys present, so only a body
      // of exactly these two keys is the email-password sign-in.
      signIn: {
        unsupported: (args) => {
          const reason = bodyObject('signIn', args) ?? noToken('signIn', args);
          if (reason) return reason;
          const missing = ALLOWED.signIn.filter((k) => !(k in args.body));
          return missing.length > 0
            ? `3.x signIn picks its flow from the keys present; without ${missing.join(' and ')} it is not the email-password sign-in`
            : null;
        },
        run: async (args, { lastStatus }) =>
          sessionAnswer(await client().auth.signIn({ email: args.body.email, password: args.body.password }), lastStatus),
      },
      // auth.signIn() with no argument: POST /signin/anonymous without any request body.
      signInAnonymous: {
        unsupported: (args) =>
          args.body !== undefined
            ? '3.x anonymous sign-in is auth.signIn() without arguments and sends no request body'
            : noToken('signInAnonymous', args),
        run: async (args, { lastStatus }) => sessionAnswer(await client().auth.signIn(), lastStatus),
      },
      // auth.refreshSession(refreshToken): POST /token { refreshToken }; answers the session as the
      // state machine stored it (getSession), never the server's body.
      refresh: {
        unsupported: (args) => bodyObject('refresh', args) ?? noToken('refresh', args),
        run: async (args, { lastStatus }) => {
          const result = await client().auth.refreshSession(args.body.refreshToken);
          if (result.error) return sdkError(result.error);
          return { ok: true, status: lastStatus(), body: result.session };
        },
      },
      // auth.signOut({ all }): POSTs { refreshToken: <stored>, all: !!all } and sends the stored access
      // token as Bearer only when all is true. It refuses to run without a signed-in session, so the
      // requested token is first stored with the public auth.initWithSession (placeholder user; the
      // access token is the command's accessToken, or an unused placeholder when all is not true).
      signOut: {
        unsupported: (args) => {
          const reason = bodyObject('signOut', args);
          if (reason) return reason;
          const { all } = args.body;
          if (all !== undefined && typeof all !== 'boolean') return '3.x signOut sends all as a boolean (!!all); cannot send a non-boolean all';
          if (all === true && typeof args.accessToken !== 'string') {
            return '3.x signOut({ all: true }) always sends the stored access token as Bearer; cannot send it without one';
          }
          if (all !== true && typeof args.accessToken === 'string') {
            return '3.x signOut only sends Authorization when all is true';
          }
          return null;
        },
        run: async (args, { lastStatus }) => {
          const auth = client().auth;
          await auth.initWithSession({
            session: {
              accessToken: args.accessToken ?? 'sdk-bridge-placeholder-access-token',
              accessTokenExpiresIn: 900,
              refreshToken: 'refreshToken' in args.body ? args.body.refreshToken : undefined,
              user: {},
            },
          });
          const result = await auth.signOut(args.body.all === undefined ? undefined : { all: args.body.all });
          if (result.error) return sdkError(result.error);
          return { ok: true, status: lastStatus(), body: result };
        },
      },
      // Always unsupported, so they need no `run` (the bridge answers `unsupported` before it).
      // 3.x's auth.getUser() returns the user held in memory and sends no request.
      getUser: {
        unsupported: () => '3.x has no public call for GET /user (auth.getUser() returns the locally stored user without a request)',
      },
      jwks: {
        unsupported: () => '3.x has no public call for GET /.well-known/jwks.json',
      },
      health: {
        unsupported: () => '3.x has no public call for GET /healthz',
      },
      version: {
        unsupported: () => '3.x has no public call for GET /version',
      },
    },
  };
}
