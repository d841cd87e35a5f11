// Stratus service worker TEMPLATE. `cargo xtask build` writes dist/sw.js from this file,
// replacing the two placeholders below (xtask/src/pwa.rs); do not copy it to dist by hand.
//
// - install: precache every file of the build (relative URLs: works under any sub-path);
//   it does NOT skipWaiting: a new version waits until the page asks (the person clicked
//   "reload to update"), so an open tab never runs files of two different builds.
// - fetch: same-origin GETs are served cache-first; navigations inside the scope get the
//   cached page, or the app shell (index.html) when the page is not cached; offline works.
// - activate: deletes the caches of older builds of this same scope (other Stratus copies
//   on the same origin, under other paths, keep theirs), then controls open pages.
'use strict';

const FILES = __STRATUS_FILES__;
const BUILD = '__STRATUS_BUILD__';
// One cache per build and per scope: CacheStorage is shared by the whole origin.
const PREFIX = 'stratus:' + self.registration.scope + ':';
const CACHE = PREFIX + BUILD;
const SHELL = new URL('index.html', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // 'reload' bypasses the HTTP cache, so the precache holds exactly this build.
      cache.addAll(FILES.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The page posts this only when the person chose to update.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'stratus:skip-waiting') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  if (request.mode === 'navigate') {
    // The query (?embed=1…) and the fragment (#v1:…) are read by the page itself.
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => hit || cache.match(SHELL)))
        .then((hit) => hit || fetch(request)),
    );
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request).then((hit) => hit || fetch(request))));
});
