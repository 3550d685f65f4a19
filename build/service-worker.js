/*
 * PMIP Lab's service worker: once the lab has been loaded, it works offline. The build prepends
 * VERSION (a hash of the built files) and PRECACHE (their paths), see build/offline.ts. Install
 * caches every file of the build under a name holding the version; activate deletes the caches of
 * older builds; every request for one of those files is answered from the cache first.
 */
/* global self, caches, fetch, URL, VERSION, PRECACHE */

const SCOPE = self.registration.scope;
/** The scope is part of the name, so two copies of the lab on one origin keep their own caches. */
const PREFIX = `pmip-lab ${SCOPE} `;
const CACHE = `${PREFIX}${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // The lab is one page whose views live in the hash: any navigation gets its index.html.
  const navigation = request.mode === 'navigate';
  const key = navigation ? SCOPE : request;
  event.respondWith(
    caches
      .open(CACHE)
      // ignoreVary: a server may answer `Vary: Origin`, and a module script's request carries an
      // Origin that the precaching request did not; the built files are the same for every origin.
      .then((cache) => cache.match(key, { ignoreSearch: navigation, ignoreVary: true }))
      .then((cached) => cached ?? fetch(request)),
  );
});
