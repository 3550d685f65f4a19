import type { SequenceLayout } from './layout';

/**
 * The lifelines' name boxes above the diagram: side by side when the names fit between the
 * lifelines, otherwise on two staggered rows, so an address is never broken or hidden.
 */
export interface Heads {
  staggered: boolean;
  /** Height of the header band, px. */
  height: number;
  /** Widest a name box may be, px. */
  maxWidth: number;
  /** The centre y of the n-th lifeline's box, from the band's top, px. */
  rowY: (n: number) => number;
}

/** Average width of a character of a lifeline's name, and a box's padding and border, px. */
const CHAR = 8.6;
const PADDING = 26;

export function headsFor(layout: Pick<SequenceLayout, 'lifelines' | 'lifelineGap'>): Heads {
  const staggered = layout.lifelines.some((l) => headWidth(l.label) > layout.lifelineGap - 8);
  return {
    staggered,
    height: staggered ? 92 : 60,
    maxWidth: Math.max(60, (staggered ? 2 : 1) * layout.lifelineGap - 10),
    rowY: (n) => (staggered ? (n % 2 === 0 ? 26 : 66) : 30),
  };
}

/** The width a name's box needs, px. */
export function headWidth(label: string): number {
  return label.length * CHAR + PADDING;
}
