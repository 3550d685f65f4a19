import { describe, expect, it } from 'vitest';
import { embedSnippet } from '../../../src/ui/embed/snippet';

describe('the embed code', () => {
  it('is an iframe of the embedded view, sized for a course page, with a title for screen readers', () => {
    expect(embedSnippet('https://lab.example/#/embed?v=1&s=pmipv6-handover', 'PMIP Lab: Handover between MAGs')).toBe(
      '<iframe src="https://lab.example/#/embed?v=1&amp;s=pmipv6-handover" title="PMIP Lab: Handover between MAGs" width="800" height="500" ' +
        'style="border: 1px solid #d9dee5; border-radius: 8px; max-width: 100%" loading="lazy"></iframe>',
    );
  });

  it('cannot be broken out of by a quote or markup in the title or the address', () => {
    const code = embedSnippet('https://lab.example/"><script>x</script>', 'a "capture" <b>&</b>', 640.4, 400);
    expect(code).toContain('src="https://lab.example/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(code).toContain('title="a &quot;capture&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
    expect(code).toContain('width="640" height="400"');
    // One element: the only tags are the iframe's own.
    expect(code.match(/</g)).toHaveLength(2);
  });
});
