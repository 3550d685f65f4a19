import { describe, expect, it } from 'vitest';
import { fit, gapText, seconds, wrap } from '../../../src/ui/sequence/text';

describe('the diagram’s words', () => {
  it('write times in seconds to the millisecond, and long gaps in minutes', () => {
    expect(seconds(1_234_567)).toBe('1.235 s');
    expect(gapText(5_000_000)).toBe('+5.000 s');
    expect(gapText(90e6)).toBe('+1.5 min');
  });

  it('fits and wraps text by characters', () => {
    expect(fit('abcdef', 10)).toBe('abcdef');
    expect(fit('abcdefghijkl', 6)).toBe('abcde…');
    expect(wrap('the quick brown fox jumps', 10, 3)).toEqual(['the quick', 'brown fox', 'jumps']);
    const cut = wrap('one two three four five six seven', 9, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith('…')).toBe(true);
    for (const line of cut) expect(line.length).toBeLessThanOrEqual(9);
  });
});
