import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src/ui/route';

describe('routes', () => {
  it('send #/lab to the lab and everything else to the landing page', () => {
    expect(parseRoute('#/lab')).toEqual({ page: 'lab' });
    expect(parseRoute('#/lab/')).toEqual({ page: 'lab' });
    expect(parseRoute('#/lab?step=3')).toEqual({ page: 'lab' });
    for (const hash of ['', '#', '#/', '#pmipv6', '#/laboratory', '#lab']) expect(parseRoute(hash)).toEqual({ page: 'home' });
  });

  it('round-trip through their links', () => {
    expect(parseRoute(href({ page: 'lab' }))).toEqual({ page: 'lab' });
  });
});
