import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src/ui/route';

describe('routes', () => {
  it('send #/lab to the lab, with the view after the ?, and everything else to the landing page', () => {
    expect(parseRoute('#/lab')).toEqual({ page: 'lab', query: '' });
    expect(parseRoute('#/lab/')).toEqual({ page: 'lab', query: '' });
    expect(parseRoute('#/lab?step=3')).toEqual({ page: 'lab', query: 'step=3' });
    expect(parseRoute('#/lab?v=1&s=pmipv6-attach&f=drop:3,delay:5:200')).toEqual({ page: 'lab', query: 'v=1&s=pmipv6-attach&f=drop:3,delay:5:200' });
    for (const hash of ['', '#', '#/', '#pmipv6', '#/laboratory', '#lab', '#/lab/x', '#/embedded', '#/embed/x']) expect(parseRoute(hash)).toEqual({ page: 'home' });
  });

  it('send #/embed to the embedded view, with the same view after the ?', () => {
    expect(parseRoute('#/embed')).toEqual({ page: 'embed', query: '' });
    expect(parseRoute('#/embed?v=1&s=pmipv6-handover&step=5&pkt=5')).toEqual({ page: 'embed', query: 'v=1&s=pmipv6-handover&step=5&pkt=5' });
  });

  it('take present=1 out of the view as presentation mode, wherever it stands in the query', () => {
    expect(parseRoute('#/lab?v=1&s=pmipv6-attach&step=4&present=1')).toEqual({ page: 'lab', query: 'v=1&s=pmipv6-attach&step=4', present: true });
    expect(parseRoute('#/lab?present=1&v=1&s=pmipv6-attach')).toEqual({ page: 'lab', query: 'v=1&s=pmipv6-attach', present: true });
    expect(parseRoute('#/lab?present=1')).toEqual({ page: 'lab', query: '', present: true });
    expect(parseRoute('#/lab?v=1&s=pmipv6-attach&present=0')).toEqual({ page: 'lab', query: 'v=1&s=pmipv6-attach' });
    // The embedded view has no presentation mode; the flag is not part of its view either.
    expect(parseRoute('#/embed?v=1&s=pmipv6-attach&present=1')).toEqual({ page: 'embed', query: 'v=1&s=pmipv6-attach' });
  });

  it('leave a flag they cannot read in the view, for the view to refuse with its message', () => {
    expect(parseRoute('#/lab?v=1&s=x&present=yes')).toEqual({ page: 'lab', query: 'v=1&s=x&present=yes' });
    expect(parseRoute('#/lab?v=1&s=x&present=1=1')).toEqual({ page: 'lab', query: 'v=1&s=x&present=1=1' });
    expect(parseRoute('#/lab?v=1&s=x&present=1&present=0')).toEqual({ page: 'lab', query: 'v=1&s=x&present=1&present=0' });
    expect(parseRoute('#/lab?v=1&s=x&present')).toEqual({ page: 'lab', query: 'v=1&s=x&present' });
  });

  it('round-trip through their links', () => {
    const routes = [
      { page: 'home' },
      { page: 'lab', query: '' },
      { page: 'lab', query: 'v=1&s=x' },
      { page: 'lab', query: '', present: true },
      { page: 'lab', query: 'v=1&s=x&step=2', present: true },
      { page: 'embed', query: '' },
      { page: 'embed', query: 'v=1&s=x&pkt=3' },
    ] as const;
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
    expect(href({ page: 'lab', query: 'v=1&s=x', present: true })).toBe('#/lab?v=1&s=x&present=1');
    expect(href({ page: 'embed', query: 'v=1&s=x' })).toBe('#/embed?v=1&s=x');
  });
  it('send #/lesson/<id> to the lesson, at a step, with the answers hidden or shown', () => {
    expect(parseRoute('#/lesson/pmipv6-attach')).toEqual({ page: 'lesson', id: 'pmipv6-attach', step: 0, answers: 'hide' });
    expect(parseRoute('#/lesson/pmipv6-attach?step=3&answers=show')).toEqual({ page: 'lesson', id: 'pmipv6-attach', step: 3, answers: 'show' });
    expect(parseRoute('#/lesson/x?step=-1&answers=maybe')).toEqual({ page: 'lesson', id: 'x', step: 0, answers: 'hide' });
    expect(parseRoute('#/lesson/%E0%A4%A')).toEqual({ page: 'lesson', id: '%E0%A4%A', step: 0, answers: 'hide' });
    expect(href({ page: 'lesson', id: 'pmipv6-attach', step: 3, answers: 'show' })).toBe('#/lesson/pmipv6-attach?step=3&answers=show');
    expect(href({ page: 'lesson', id: 'pmipv6-attach', step: 0, answers: 'hide' })).toBe('#/lesson/pmipv6-attach');
  });
});
