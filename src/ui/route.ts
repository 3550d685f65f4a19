/**
 * Which page the URL asks for. The lab is `#/lab`, optionally followed by a view
 * (`#/lab?v=1&s=pmipv6-attach&step=4`, see src/share/url.ts); every other hash (including the
 * landing page's `#pmipv6` section anchors) is the landing page. Routing stays in this one place.
 */
export type Route = { page: 'home' } | { page: 'lab'; query: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const match = /^\/lab\/?(?:\?(.*))?$/s.exec(path);
  return match ? { page: 'lab', query: match[1] ?? '' } : { page: 'home' };
}

export function href(route: Route): string {
  if (route.page === 'home') return './';
  return route.query === '' ? '#/lab' : `#/lab?${route.query}`;
}
