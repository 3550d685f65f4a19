import type { OptionValue, Writer } from '../core';

/*
 * Mobility option alignment (RFC 6275 §6.2.1). An option with alignment `xn+y` must have its Type
 * octet at an offset o from the start of the Mobility Header with o mod x = y, so its multi-octet
 * fields land on natural boundaries. Pad1 (one zero octet) and PadN (type 1, length N−2, zeros)
 * fill the gaps, and the last option is followed by padding up to a multiple of 8 octets, since
 * Header Len counts 8-octet units.
 *
 *   Pad1 (RFC 6275 §6.2.2)     PadN (RFC 6275 §6.2.3)
 *   +-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *   |   Type = 0    |          |   Type = 1    | Option Length | Option Data
 *   +-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 */

/** `xn+y`: the Type octet sits at o ≡ y (mod x) from the start of the Mobility Header. */
export interface Alignment {
  x: number;
  y: number;
}

export const PAD1 = 0;
export const PADN = 1;

export function isPadding(type: number): boolean {
  return type === PAD1 || type === PADN;
}

/** Octets to insert at `offset` so that the next octet satisfies `align`: (y − o) mod x. */
export function padBefore(offset: number, align: Alignment | undefined): number {
  if (!align || align.x <= 1) return 0;
  return (((align.y - offset) % align.x) + align.x) % align.x;
}

/** Octets to add at `offset` to reach the next multiple of 8. */
export function padToEight(offset: number): number {
  return (8 - (offset % 8)) % 8;
}

/** The padding options that fill `n` octets: nothing, a Pad1, or one PadN (N ≤ 257). */
export function padding(n: number): OptionValue[] {
  if (n <= 0) return [];
  if (n === 1) return [{ type: PAD1 }];
  if (n > 257) throw new RangeError(`padding of ${n} octets does not fit in one PadN`);
  return [{ type: PADN, padding: new Uint8Array(n - 2) }];
}

/** Write `n` octets of padding: Pad1 for one octet, else a PadN of zeros. */
export function writePadding(w: Writer, n: number): void {
  if (n <= 0) return;
  if (n === 1) {
    w.u8(PAD1);
    return;
  }
  w.u8(PADN).u8(n - 2).zeros(n - 2);
}
