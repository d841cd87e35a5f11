// Stratus service worker TEMPLATE. `cargo xtask build` writes dist/sw.js from this file,
// replacing the two placeholders below (xtask/src/pwa.rs); do not copy it to dist by hand.
//
// - install: precache every file of the build (relative URLs: works under any sub-path);
//   it does NOT skipWaiting: a new version waits until the page asks (the person clicked
//   "reload to update"), so an open tab never runs files of two different builds.
// - one tab updating must not pull the others along (issue #12): once the new worker is
//   active it controls every open tab, so each tab is served from the cache of the build
//   it started with. The worker that serves a navigation records "this page runs build
//   B" (in a small cache of its own, which outlives worker restarts and versions); a
//   build's cache is deleted only when no open page runs it. Each older tab keeps its
//   "Reload to update" and switches when its person chooses.
// - fetch: same-origin GETs are served cache-first; navigations inside the scope get the
//   cached page, or the app shell (index.html) when the page is not cached; offline works.
'use strict';

const FILES = __STRATUS_FILES__;
const BUILD = '__STRATUS_BUILD__';
// One cache per build and per scope: CacheStorage is shared by the whole origin.
const PREFIX = 'stratus:' + self.registration.scope + ':';
const CACHE = PREFIX + BUILD;
const SHELL = new URL('index.html', self.registration.scope).href;
// Which build each open page runs: { clientId: build }, kept across worker restarts.
const PAGES = 'stratus-pages:' + self.registration.scope;
const PAGES_KEY = new URL('pages.json', self.registration.scope).href;

let pages = null;
async function pageBuilds() {
  if (pages === null) {
    const hit = await caches.open(PAGES).then((c) => c.match(PAGES_KEY));
    pages = hit ? await hit.json().catch(() => ({})) : {};
  }
  return pages;
}
async function keepPageBuilds() {
  const cache = await caches.open(PAGES);
  await cache.put(PAGES_KEY, new Response(JSON.stringify(pages), { headers: { 'Content-Type': 'application/json' } }));
}
async function remember(clientId, build) {
  if (!clientId) return;
  (await pageBuilds())[clientId] = build;
  await keepPageBuilds();
}

// Delete the caches of builds that no open page runs. A page this worker knows nothing of
// (opened under a worker older than this bookkeeping) may run any build: keep them all.
async function prune() {
  const known = await pageBuilds();
  const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const inScope = open.filter((c) => c.url.startsWith(self.registration.scope));
  for (const id of Object.keys(known)) if (!inScope.some((c) => c.id === id)) delete known[id];
  await keepPageBuilds();
  if (inScope.some((c) => !(c.id in known))) return;
  const used = new Set(Object.values(known).concat([BUILD]).map((b) => PREFIX + b));
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && !used.has(n)).map((n) => caches.delete(n)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // 'reload' bypasses the HTTP cache, so the precache holds exactly this build.
      cache.addAll(FILES.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  // claim: on the first install, control the page that registered the worker (offline
  // from the first visit). On an update, older tabs go on with their own build's files.
  event.waitUntil(prune().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  // The page posts this only when the person chose to update.
  if (type === 'stratus:skip-waiting') self.skipWaiting();
  // A page started (or its worker changed): a good time to drop caches nobody runs.
  if (type === 'stratus:hello') event.waitUntil(prune());
});

async function cacheOfPage(clientId) {
  const build = clientId ? (await pageBuilds())[clientId] : undefined;
  if (build && build !== BUILD && (await caches.has(PREFIX + build))) return caches.open(PREFIX + build);
  return caches.open(CACHE);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  if (request.mode === 'navigate') {
    // The query (?embed=1…) and the fragment (#v1:…) are read by the page itself. The new
    // page runs this worker's build.
    event.waitUntil(remember(event.resultingClientId, BUILD));
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => hit || cache.match(SHELL)))
        .then((hit) => hit || fetch(request)),
    );
    return;
  }
  // A page's files come from its own build's cache, even after a newer worker took over.
  event.respondWith(
    cacheOfPage(event.clientId)
      .then((cache) => cache.match(request))
      .then((hit) => hit || caches.open(CACHE).then((cache) => cache.match(request)))
      // The simulator's worker is a client of its own, unknown to the build map: its
      // files are named after their contents (xtask/src/simworker.rs), so any build's
      // cache that holds the name holds the right bytes.
      .then((hit) => hit || caches.match(request))
      .then((hit) => hit || fetch(request)),
  );
});
