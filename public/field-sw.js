/*
 * The field app's service worker (scope /field): lets a handler open /field and see the last known tasks where
 * there is no network — a basement, a tunnel — after the phone has dropped the tab. What it keeps:
 *
 *   the page (/field)                      network first, the last copy when offline
 *   /_next/static/… (the app's code)       network first (served from the browser's HTTP cache when it has the
 *                                          file, which production marks immutable; development's files change)
 *   /api/uploads/<sha256> (photos)         cache first: the bytes behind a hash never change
 *   /map/… (base map style, data, fonts)   network first
 *   tRPC queries (GET /api/trpc/…)         network first, each procedure and input kept on its own, so a batch
 *                                          made of other neighbours than last time is still answered offline
 *
 * Mutations (POST) are never touched: actions taken offline wait in the page's own queue (use-field-queue.tsx).
 * Only answers that came back 200 are kept; a refusal (signed out, forbidden) passes through and is never replaced
 * by an old copy. Signing out deletes the cache (components/auth/use-session.ts).
 */
const CACHE = 'onemap-field';
const SHELL = '/field';
const TRPC = '/api/trpc/';
/** Where one procedure's last answer is kept: not a URL the server serves. */
const KEPT_TRPC = '/__field-kept/trpc/';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const data = event.data || {};
  // The page names what it loaded before this worker was in charge, so that code is kept too.
  if (data.type === 'keep' && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
  if (data.type === 'forget') event.waitUntil(caches.delete(CACHE));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname === SHELL || url.pathname.startsWith(`${SHELL}/`)) event.respondWith(networkFirst(request, SHELL));
    return;
  }
  if (url.pathname.startsWith('/api/uploads/')) event.respondWith(cacheFirst(request));
  else if (url.pathname.startsWith('/_next/static/')) event.respondWith(networkFirst(request));
  else if (url.pathname.startsWith(TRPC) && url.searchParams.get('batch') === '1') event.respondWith(trpcBatch(request, url));
  else if (url.pathname.startsWith('/map/')) event.respondWith(networkFirst(request));
});

async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls
      .filter((u) => typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin)
      .map(async (u) => {
        if (await cache.match(u)) return;
        const response = await fetch(u, { credentials: 'same-origin' }).catch(() => null);
        if (response && response.status === 200) await cache.put(u, response);
      }),
  );
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic') await cache.put(key || request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key || request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}

/** The procedures of a batch GET and their inputs, as httpBatchLink writes them: /api/trpc/a,b?batch=1&input={"0":…}. */
function batchCalls(url) {
  const paths = decodeURIComponent(url.pathname.slice(TRPC.length)).split(',');
  let inputs = {};
  try {
    inputs = JSON.parse(url.searchParams.get('input') || '{}') || {};
  } catch {
    inputs = {};
  }
  return paths.map((path, i) => `${KEPT_TRPC}${path}?input=${encodeURIComponent(JSON.stringify(inputs[i] === undefined ? null : inputs[i]))}`);
}

async function trpcBatch(request, url) {
  const keys = batchCalls(url);
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return answerFromKept(cache, keys, error);
  }
  // 200: every call answered; 207: some failed. Keep each call that succeeded, by itself.
  if (response.status === 200 || response.status === 207) {
    const results = await response.clone().json().catch(() => null);
    if (Array.isArray(results) && results.length === keys.length) {
      await Promise.all(
        results.map((result, i) =>
          result && result.result ? cache.put(keys[i], new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } })) : null,
        ),
      );
    }
  }
  return response;
}

/** Without network: the kept answer of each call, and for a call never answered before, tRPC's own error shape. */
async function answerFromKept(cache, keys, error) {
  const results = await Promise.all(
    keys.map(async (key) => {
      const kept = await cache.match(key);
      return kept ? kept.json() : null;
    }),
  );
  if (results.every((r) => r === null)) throw error;
  const missing = {
    error: { json: { message: 'No network, and no copy kept on this phone', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 503 } } },
  };
  const body = results.map((r) => r || missing);
  return new Response(JSON.stringify(body), {
    status: results.some((r) => r === null) ? 207 : 200,
    headers: { 'content-type': 'application/json', 'x-onemap-offline': '1' },
  });
}
