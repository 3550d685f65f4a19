import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatten, inline, markdown } from '../../src/lessons/markdown';

describe('markdown', () => {
  it('splits paragraphs on blank lines and joins their lines', () => {
    expect(markdown('one\ntwo\n\nthree')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'one two' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'three' }] },
    ]);
  });

  it('reads "- " lists, with continuation lines', () => {
    expect(markdown('Before:\n- a\n- b\n  more')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Before:' }] },
      { kind: 'list', items: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b more' }]] },
    ]);
  });

  it('reads emphasis, strong, code and http(s) links', () => {
    expect(inline('a *b* **c** `d*e*` [RFC](https://example.org/x)')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'em', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'd*e*' },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://example.org/x', children: [{ kind: 'text', text: 'RFC' }] },
    ]);
  });

  it('keeps HTML as text', () => {
    expect(inline('<script>alert(1)</script> <img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<script>alert(1)</script> <img src=x onerror=alert(1)>' },
    ]);
  });

  it('drops the target of a link that is not http(s), keeping its words', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', '//evil.example', 'vbscript:x', 'http:/x']) {
      expect(inline(`[click](${href})`)).toEqual([{ kind: 'text', text: 'click' }]);
    }
  });

  it('leaves a marker without its twin as text', () => {
    expect(inline('2 * 3 and `open')).toEqual([{ kind: 'text', text: '2 * 3 and `open' }]);
  });

  it('flattens to plain text for a terminal', () => {
    expect(flatten(markdown('A **PBU** to [the LMA](https://x.example).\n\n- one\n- `two`'))).toBe('A PBU to the LMA (https://x.example).\n\n- one\n- two');
  });

  it('never makes a link to anything but http(s), whatever the text', () => {
    const hrefs = (nodes: ReturnType<typeof inline>): string[] =>
      nodes.flatMap((n) => (n.kind === 'link' ? [n.href, ...hrefs(n.children)] : n.kind === 'em' || n.kind === 'strong' ? hrefs(n.children) : []));
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const b of markdown(text)) for (const nodes of b.kind === 'paragraph' ? [b.children] : b.items) for (const h of hrefs(nodes)) expect(h).toMatch(/^https?:\/\//i);
      }),
      { numRuns: 2000 },
    );
  });
});
