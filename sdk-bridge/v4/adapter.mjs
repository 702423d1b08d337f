// The 4.x adapter (@nhost/nhost-js 4.7.0, pinned in ./package-lock.json). Loaded by ../bridge.mjs in
// its SDK worker, after globalThis.fetch has been wrapped for the wire capture: 4.x does all its HTTP
// through globalThis.fetch (its createEnhancedFetch picks it up when a client is created).
//
// Client: createClient({ authUrl, storage: new MemoryStorage() }) — the client-side setup apps use:
// session in memory only, middlewares that refresh the stored session before a request when its
// access token is within 60 s of expiry, store sessions found in sign-in/sign-up/token answers, and
// attach the stored access token. 4.x has no timers at all: nothing refreshes in the background, and
// nothing signs in from a URL or storage. The bridge clears the session before every call, so the
// refresh and attach middlewares have nothing to act on unless the command passes an accessToken.
//
// Every op calls the SDK's own public function with the exact request body it was given; the SDK
// serialises it with JSON.stringify and hands the parsed answer back as `response.body`.

export async function load() {
  const sdk = await import('@nhost/nhost-js');
  const { MemoryStorage } = await import('@nhost/nhost-js/session');
  const { FetchError } = await import('@nhost/nhost-js/fetch');

  let nhost = null;
  const client = () => {
    if (!nhost) throw new Error('sdk-bridge: not connected');
    return nhost;
  };
  const bearer = (args) => (typeof args.accessToken === 'string' ? { Authorization: `Bearer ${args.accessToken}` } : undefined);
  const answer = (response) => ({ ok: true, status: response.status, body: response.body });
  // An absent body means no request body (JSON.stringify(undefined) sends none); null sends `null`.
  const bodyOf = (args) => args.body;

  return {
    // The bundle minifies class names (FetchError's constructor is called `r`): name it properly.
    errorName: (error) => (error instanceof FetchError ? 'FetchError' : undefined),
    connect(authUrl) {
      nhost = null; // 4.x holds no timers or listeners: dropping the reference stops everything
      nhost = sdk.createClient({ authUrl, storage: new MemoryStorage() });
    },
    clearSession() {
      client().clearSession();
    },
    session() {
      return client().getUserSession();
    },
    ops: {
      signUp: {
        run: async (args) => answer(await client().auth.signUpEmailPassword(bodyOf(args), { headers: bearer(args) })),
      },
      signIn: {
        run: async (args) => answer(await client().auth.signInEmailPassword(bodyOf(args), { headers: bearer(args) })),
      },
      signInAnonymous: {
        run: async (args) => answer(await client().auth.signInAnonymous(bodyOf(args), { headers: bearer(args) })),
      },
      refresh: {
        run: async (args) => answer(await client().auth.refreshToken(bodyOf(args), { headers: bearer(args) })),
      },
      signOut: {
        run: async (args) => answer(await client().auth.signOut(bodyOf(args), { headers: bearer(args) })),
      },
      getUser: {
        run: async (args) => answer(await client().auth.getUser({ headers: bearer(args) })),
      },
      // The public endpoints: GET /.well-known/jwks.json, GET /healthz, GET /version.
      jwks: {
        run: async (args) => answer(await client().auth.getJWKs({ headers: bearer(args) })),
      },
      health: {
        run: async (args) => answer(await client().auth.healthCheckGet({ headers: bearer(args) })),
      },
      version: {
        run: async (args) => answer(await client().auth.getVersion({ headers: bearer(args) })),
      },
    },
  };
}
