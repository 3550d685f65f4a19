/**
 * Which page the URL asks for. The lab is `#/lab`; every other hash (including the landing page's
 * `#pmipv6` section anchors) is the landing page. The full URL design (scenario, parameters, step,
 * selected packet) comes later, in src/share; it will parse here too, so routing stays in one place.
 */
export type Route = { page: 'home' } | { page: 'lab' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  return /^\/lab(?:[/?].*)?$/.test(path) ? { page: 'lab' } : { page: 'home' };
}

export function href(route: Route): string {
  return route.page === 'lab' ? '#/lab' : './';
}
