import { describe, expect, it } from 'vitest';
import { dissect, LINK_TYPE } from '../../src/wire/dissect';
import { allExamples } from '../../src/wire/examples';
import { treeViolation } from '../support/tree';

/*
 * The catalog of example frames is what `pmip-lab sample` writes and what the tshark conformance
 * tests feed to the oracle, so every frame must be one our own dissector reads cleanly.
 */
const examples = allExamples();
const linkTypes: readonly number[] = Object.values(LINK_TYPE);

describe('the example catalog', () => {
  it('has unique names, each one line, and a comment for every example', () => {
    const names = examples.map((e) => e.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const e of examples) {
      expect(e.name, e.name).toMatch(/^\S(.*\S)?$/);
      expect(e.name, e.name).not.toMatch(/\n/);
      expect(e.comment.trim(), e.name).not.toBe('');
    }
  });

  describe.each(examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    it('builds the same bytes every time, on a link type the lab decodes', () => {
      const bytes = example.build();
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBeGreaterThan(0);
      expect(example.build()).toEqual(bytes);
      expect(linkTypes).toContain(example.linkType);
    });

    it('dissects with no problems at all, every node inside its parent', () => {
      const bytes = example.build();
      const { layers, problems } = dissect(bytes, example.linkType);
      expect(problems).toEqual([]);
      expect(treeViolation(layers, bytes.length, problems)).toBeUndefined();
      expect(layers.length).toBeGreaterThan(0);
    });

    it(example.dataLayer ? 'ends in a data layer, as it says' : 'has no data layer: a codec claims every byte', () => {
      const names = dissect(example.build(), example.linkType).layers.map((l) => l.name);
      if (example.dataLayer) expect(names).toContain('data');
      else expect(names).not.toContain('data');
    });
  });
});
