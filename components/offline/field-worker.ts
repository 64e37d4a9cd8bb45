/**
 * The page's side of the field app's service worker (public/field-sw.js), which keeps what /field needs to open
 * and show its last known tasks without network. Service workers need a secure origin (HTTPS, or localhost);
 * elsewhere the app still works offline while the page stays open, as before.
 */
const WORKER_URL = '/field-sw.js';
const SCOPE = '/field';
/** The worker's cache name (kept in step with field-sw.js). */
const CACHE = 'onemap-field';

/**
 * Registers the worker and hands it the code this page loaded before the worker was in charge. `onControl` runs
 * when the worker first takes charge of the page, so the caller can refetch its data through it.
 */
export function registerFieldWorker(onControl: () => void): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const hadController = navigator.serviceWorker.controller !== null;
  if (!hadController) navigator.serviceWorker.addEventListener('controllerchange', onControl, { once: true });
  navigator.serviceWorker
    .register(WORKER_URL, { scope: SCOPE })
    .then(async () => {
      const ready = await navigator.serviceWorker.ready;
      const loaded = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).pathname.startsWith('/_next/static/'));
      ready.active?.postMessage({ type: 'keep', urls: [SCOPE, ...loaded] });
    })
    .catch((error: unknown) => console.warn('[field] offline shell not installed:', error));
}

/** Signing out: the copies of this user's tasks leave the phone. */
export async function forgetOfflineCopies(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(CACHE).catch(() => false);
}
