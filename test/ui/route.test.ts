import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src/ui/route';

describe('routes', () => {
  it('send #/lab to the lab, with the view after the ?, and everything else to the landing page', () => {
    expect(parseRoute('#/lab')).toEqual({ page: 'lab', query: '' });
    expect(parseRoute('#/lab/')).toEqual({ page: 'lab', query: '' });
    expect(parseRoute('#/lab?step=3')).toEqual({ page: 'lab', query: 'step=3' });
    expect(parseRoute('#/lab?v=1&s=pmipv6-attach&f=drop:3,delay:5:200')).toEqual({ page: 'lab', query: 'v=1&s=pmipv6-attach&f=drop:3,delay:5:200' });
    for (const hash of ['', '#', '#/', '#pmipv6', '#/laboratory', '#lab', '#/lab/x']) expect(parseRoute(hash)).toEqual({ page: 'home' });
  });

  it('round-trip through their links', () => {
    expect(parseRoute(href({ page: 'lab', query: '' }))).toEqual({ page: 'lab', query: '' });
    expect(parseRoute(href({ page: 'lab', query: 'v=1&s=x' }))).toEqual({ page: 'lab', query: 'v=1&s=x' });
    expect(parseRoute(href({ page: 'home' }))).toEqual({ page: 'home' });
  });
});
