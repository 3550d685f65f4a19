import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStamp, stampBytes } from '../../src/protocols/data-stream';

describe('the data stream stamp', () => {
  it('reads back what it wrote: sequence and send time', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), (seq, sentUs) => {
        expect(readStamp(stampBytes({ seq, sentUs }))).toEqual({ seq, sentUs });
      }),
    );
  });

  it('reads nothing from a payload too short to hold a stamp', () => {
    expect(readStamp(new Uint8Array(11))).toBeUndefined();
    expect(readStamp(undefined)).toBeUndefined();
  });
});
