import type { FieldNode, Problem } from '../../src/wire/core';

/**
 * The structural promise of every decoder: each node lies inside its parent and inside the
 * frame, and each problem points into the frame. Returns the first violation, or undefined.
 */
export function treeViolation(layers: readonly FieldNode[], frameLength: number, problems: readonly Problem[] = []): string | undefined {
  const check = (n: FieldNode, lo: number, hi: number, path: string): string | undefined => {
    const here = `${path}/${n.name}`;
    if (!(Number.isInteger(n.start) && Number.isInteger(n.end))) return `${here}: non-integer range`;
    if (n.start > n.end) return `${here}: start ${n.start} > end ${n.end}`;
    if (n.start < lo || n.end > hi) return `${here}: [${n.start},${n.end}) outside its parent [${lo},${hi})`;
    for (const c of n.children ?? []) {
      const v = check(c, n.start, n.end, here);
      if (v) return v;
    }
    return undefined;
  };
  for (const l of layers) {
    const v = check(l, 0, frameLength, '');
    if (v) return v;
  }
  for (const p of problems) {
    if (p.start < 0 || p.end > frameLength || p.start > p.end) return `problem ${p.id} at [${p.start},${p.end}) outside the frame`;
  }
  return undefined;
}
