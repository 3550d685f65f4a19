import { VIEW_FLAGS } from '../share/url';

/**
 * Which page the URL asks for. The lab is `#/lab`, optionally followed by a view
 * (`#/lab?v=1&s=pmipv6-attach&step=4`, see src/share/url.ts) and by `present=1` for presentation
 * mode; `#/embed?…` is the same view with only the diagram and the controls, for an iframe. Every
 * other hash (including the landing page's `#pmipv6` section anchors) is the landing page. Routing
 * stays in this one place.
 *
 * `present` says how to show the view, not what it is, so it is taken out of `query`: the view
 * (and the Session comparing it with its own) never sees it.
 */
export type Route =
  | { page: 'home' }
  | { page: 'lab'; query: string; present?: boolean }
  | { page: 'embed'; query: string }
  | LessonRoute;

/**
 * A lesson at a step (`#/lesson/pmipv6-attach?step=3&answers=show`): 0 is the introduction, 1… the
 * steps, one more the exercise. `answers=show` is the teacher's view, with the answers marked.
 */
export interface LessonRoute {
  page: 'lesson';
  id: string;
  step: number;
  answers: 'hide' | 'show';
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const lesson = /^\/lesson\/([^?/]*)\/?(?:\?(.*))?$/s.exec(path);
  if (lesson) return lessonRoute(lesson[1]!, lesson[2] ?? '');
  const match = /^\/(lab|embed)\/?(?:\?(.*))?$/s.exec(path);
  if (!match) return { page: 'home' };
  const { query, on } = takeFlags(match[2] ?? '');
  if (match[1] === 'embed') return { page: 'embed', query };
  return on.has('present') ? { page: 'lab', query, present: true } : { page: 'lab', query };
}

export function href(route: Route): string {
  if (route.page === 'home') return './';
  if (route.page === 'lesson') {
    const query = [route.step > 0 ? `step=${route.step}` : '', route.answers === 'show' ? 'answers=show' : ''].filter(Boolean).join('&');
    return `#/lesson/${encodeURIComponent(route.id)}${query ? `?${query}` : ''}`;
  }
  const query = route.page === 'lab' && route.present ? [route.query, 'present=1'].filter(Boolean).join('&') : route.query;
  return query === '' ? `#/${route.page}` : `#/${route.page}?${query}`;
}

/**
 * The view flags set to 0 or 1, taken out of the query. Anything else (another value, a flag given
 * twice) is left in, for the view to refuse with its message (src/share/url.ts).
 */
function takeFlags(query: string): { query: string; on: Set<string> } {
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { part, key: part, value: undefined } : { part, key: part.slice(0, eq), value: part.slice(eq + 1) };
  });
  const isFlag = (key: string): boolean => (VIEW_FLAGS as readonly string[]).includes(key);
  const taken = parts.filter(
    (p) => isFlag(p.key) && (p.value === '0' || p.value === '1') && parts.filter((q) => q.key === p.key).length === 1,
  );
  const on = new Set(taken.filter((p) => p.value === '1').map((p) => p.key));
  return { query: parts.filter((p) => !taken.includes(p)).map((p) => p.part).join('&'), on };
}

/** A step that is not a small whole number opens the introduction; the page clamps one past the end. */
function lessonRoute(rawId: string, query: string): LessonRoute {
  const params = new URLSearchParams(query);
  const step = params.get('step') ?? '';
  let id = rawId;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    // A malformed escape stays as typed; no lesson has that id, and the page says so.
  }
  return { page: 'lesson', id, step: /^\d{1,4}$/.test(step) ? Number(step) : 0, answers: params.get('answers') === 'show' ? 'show' : 'hide' };
}
