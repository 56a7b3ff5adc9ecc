/// <reference lib="webworker" />
/**
 * Caches the app shell so Parley opens offline and installs as a PWA. The build replaces the placeholder with the
 * hashed file list and a version; a new version installs beside the old one and deletes it on activate.
 * API calls (/api/…) and the WebSocket are never cached: the server is the truth.
 */
declare const self: ServiceWorkerGlobalScope;
export {};

const { version, shell } = JSON.parse('__PARLEY_SHELL__') as { version: string; shell: string[] };
const CACHE = `parley-shell-${version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('parley-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Network first for the page, so a deployed update shows on the next load; the cached shell when offline.
    event.respondWith(
      fetch(request).catch(() => caches.match('./', { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
    );
    return;
  }
  // Hashed assets never change under one name: cache first.
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});
