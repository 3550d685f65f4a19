import { readFileSync } from 'node:fs';
import { createContext, Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildVersion, precacheList, serviceWorkerSource } from '../../build/offline';

const body = readFileSync(new URL('../../build/service-worker.js', import.meta.url), 'utf8');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the offline service worker', () => {
  it('precaches every built file but source maps, dot files and itself', () => {
    const built = ['index.html', 'favicon.svg', 'sw.js', 'assets/index-Bbw9or_L.js', 'assets/index-Bbw9or_L.js.map', 'assets/index-BlJ-eaPQ.css', 'assets/.DS_Store'];
    expect(precacheList(built)).toEqual(['assets/index-Bbw9or_L.js', 'assets/index-BlJ-eaPQ.css', 'favicon.svg', 'index.html']);
  });

  it('gets a new version, and so a new cache, when any byte or name of the build changes, and only then', () => {
    const build = [
      { path: 'index.html', bytes: bytes('<!doctype html>') },
      { path: 'assets/a.js', bytes: bytes('console.log(1)') },
    ];
    const version = buildVersion(build);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(buildVersion([...build].reverse())).toBe(version);
    expect(buildVersion([build[0]!, { path: 'assets/a.js', bytes: bytes('console.log(2)') }])).not.toBe(version);
    expect(buildVersion([build[0]!, { path: 'assets/b.js', bytes: build[1]!.bytes }])).not.toBe(version);
    // Moving a byte from one file's end to the next file's start is a change too.
    expect(buildVersion([{ path: 'a', bytes: bytes('xy') }, { path: 'b', bytes: bytes('z') }])).not.toBe(
      buildVersion([{ path: 'a', bytes: bytes('x') }, { path: 'b', bytes: bytes('yz') }]),
    );
  });

  it('is a script that names its version and files, with the app shell as ./', () => {
    const source = serviceWorkerSource('0123456789abcdef', ['assets/index-1.js', 'index.html'], body);
    expect(source).toContain('const VERSION = "0123456789abcdef";');
    expect(source).toMatch(/const PRECACHE = \[\s*"\.\/",\s*"\.\/assets\/index-1\.js",\s*"\.\/index\.html"\s*\];/);
    expect(() => new Script(source)).not.toThrow();
  });

  it('caches the build under its scope and version, drops only its own older caches, and answers from the cache first', async () => {
    const worker = fakeWorker('https://lab.example/course/', [
      'pmip-lab https://lab.example/course/ 00000000000000aa',
      'pmip-lab https://lab.example/other-copy/ 00000000000000aa',
      'someone-else',
    ]);
    new Script(serviceWorkerSource('0123456789abcdef', ['assets/index-1.js', 'index.html'], body)).runInContext(worker.context);
    const current = 'pmip-lab https://lab.example/course/ 0123456789abcdef';

    await worker.dispatch('install', {});
    expect([...worker.caches.get(current)!.keys()]).toEqual([
      'https://lab.example/course/',
      'https://lab.example/course/assets/index-1.js',
      'https://lab.example/course/index.html',
    ]);
    await worker.dispatch('activate', {});
    expect([...worker.caches.keys()].sort()).toEqual([current, 'pmip-lab https://lab.example/other-copy/ 00000000000000aa', 'someone-else']);

    // A navigation to any view gets the app shell; a built file comes from the cache; anything else from the network.
    expect(await worker.fetch('https://lab.example/course/?utm=x', 'navigate')).toBe('cached https://lab.example/course/');
    expect(await worker.fetch('https://lab.example/course/assets/index-1.js')).toBe('cached https://lab.example/course/assets/index-1.js');
    expect(await worker.fetch('https://lab.example/course/lessons/01.md')).toBe('network https://lab.example/course/lessons/01.md');
    expect(await worker.fetch('https://elsewhere.example/x.js')).toBeUndefined();
    expect(await worker.fetch('https://lab.example/course/index.html', 'cors', 'POST')).toBeUndefined();
  });
});

/** A service worker's global scope with caches in memory, and a network that says it was asked. */
function fakeWorker(scope: string, existing: string[]) {
  const caches = new Map<string, Map<string, string>>(existing.map((name) => [name, new Map()]));
  const handlers = new Map<string, (event: unknown) => void>();
  const open = (name: string) => {
    const entries = caches.get(name) ?? caches.set(name, new Map()).get(name)!;
    return {
      addAll: async (urls: string[]) => urls.forEach((u) => entries.set(new URL(u, scope).href, `cached ${new URL(u, scope).href}`)),
      match: async (key: string | { url: string }, options?: { ignoreSearch?: boolean }) => {
        const url = new URL(typeof key === 'string' ? key : key.url);
        if (options?.ignoreSearch) url.search = '';
        return entries.get(url.href);
      },
    };
  };
  const self = {
    registration: { scope },
    location: { origin: new URL(scope).origin },
    clients: { claim: async () => undefined },
    skipWaiting: async () => undefined,
    addEventListener: (type: string, handler: (event: unknown) => void) => handlers.set(type, handler),
  };
  const context = createContext({
    self,
    URL,
    fetch: async (request: { url: string }) => `network ${request.url}`,
    caches: {
      open: async (name: string) => open(name),
      keys: async () => [...caches.keys()],
      delete: async (name: string) => caches.delete(name),
    },
  });
  return {
    context,
    caches,
    async dispatch(type: string, event: object): Promise<void> {
      const waits: Promise<unknown>[] = [];
      handlers.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => waits.push(p) });
      await Promise.all(waits);
    },
    async fetch(url: string, mode = 'cors', method = 'GET'): Promise<unknown> {
      let answer: Promise<unknown> | undefined;
      handlers.get('fetch')!({ request: { url, mode, method }, respondWith: (p: Promise<unknown>) => (answer = p) });
      return answer;
    },
  };
}
