import { describe, expect, it } from 'vitest';
import { decode, encode, findField } from '../../../src/wire/core';
import {
  ACCESS_TECHNOLOGY,
  BA_STATUS,
  HANDOFF_INDICATOR,
  findOption,
  findOptions,
  greKeyOption,
  isBindingAck,
  isBindingUpdate,
  lifetimeUnits,
  microsFromTimestamp,
  mobilityHeader,
  proxyBindingAck,
  proxyBindingUpdate,
  timestampFromMicros,
  timestampToIso,
  timestampToTshark,
} from '../../../src/wire/mh';

describe('proxyBindingUpdate', () => {
  const pbu = proxyBindingUpdate({
    seq: 42,
    lifetimeSeconds: 3600,
    nai: 'mn1@example.com',
    hnps: ['2001:db8:1:1::/64', { prefix: '2001:db8:1:2::', prefixLength: 64 }],
    handoff: HANDOFF_INDICATOR.BETWEEN_MAGS,
    att: ACCESS_TECHNOLOGY.IEEE_802_11,
    timestamp: timestampFromMicros(1_704_067_200_000_000n),
    linkLocal: '::',
    mnLinkLayerId: '02:00:00:00:00:01',
    options: [greKeyOption(7)],
  });

  it('sets exactly A and P (0x8200) and the lifetime in 4 s units', () => {
    const bytes = encode(mobilityHeader, pbu);
    expect((bytes[8]! << 8) | bytes[9]!).toBe(0x8200);
    expect(pbu.body.lifetime).toBe(900);
    expect(isBindingUpdate(pbu)).toBe(true);
    expect(isBindingAck(pbu)).toBe(false);
  });

  it('carries MN-ID, every HNP, HI, ATT and the optional options in order', () => {
    expect(pbu.options!.map((o) => o.type)).toEqual([8, 22, 22, 23, 24, 27, 25, 26, 33]);
    const { value, problems } = decode(mobilityHeader, encode(mobilityHeader, pbu));
    expect(problems).toEqual([]);
    expect(findOption(value, 8)?.identifier).toBe('mn1@example.com');
    expect(findOptions(value, 22).map((o) => `${o.prefix}/${o.prefixLength}`)).toEqual(['2001:db8:1:1::/64', '2001:db8:1:2::/64']);
    expect(findOption(value, 23)?.hi).toBe(3);
    expect(findOption(value, 24)?.att).toBe(4);
    expect(findOption(value, 33)?.key).toBe(7);
    expect(findOption(value, 39)).toBeUndefined();
  });

  it('can add flags such as T for the TLV header', () => {
    const t = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 0, nai: 'mn@x', hnps: ['::/0'], handoff: 1, att: 3, flags: { t: true } });
    const { node } = decode(mobilityHeader, encode(mobilityHeader, t));
    expect(findField([node], 'mip6.bu.flags')!.value).toBe(0x8280);
  });

  it('refuses a lifetime that does not fit', () => {
    expect(lifetimeUnits(7)).toBe(1);
    expect(() => lifetimeUnits(0x10000 * 4)).toThrow(RangeError);
    expect(() => lifetimeUnits(-4)).toThrow(RangeError);
  });
});

describe('proxyBindingAck', () => {
  it('sets P and echoes the options it is given', () => {
    const pba = proxyBindingAck({
      status: BA_STATUS.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED,
      seq: 42,
      lifetimeSeconds: 0,
      nai: 'mn1@example.com',
      hnps: ['2001:db8:1:1::/64'],
      handoff: 3,
      att: 4,
    });
    const { node, value } = decode(mobilityHeader, encode(mobilityHeader, pba));
    expect(findField([node], 'mip6.ba.flags')!.value).toBe(0x20);
    expect(findField([node], 'mip6.ba.status')!.display).toBe('TIMESTAMP_LOWER_THAN_PREV_ACCEPTED (157)');
    expect(isBindingAck(value as never)).toBe(true);
    expect(findOption(value, 22)?.prefix).toBe('2001:db8:1:1::');
  });
});

describe('timestamps (RFC 5213 §8.8: 48.16 fixed point seconds since 1970)', () => {
  it('converts microseconds to 48.16 and back, truncating toward the past', () => {
    expect(timestampFromMicros(1_704_934_656_500_000n)).toBe(0x0000659f3d008000n);
    expect(microsFromTimestamp(0x0000659f3d008000n)).toBe(1_704_934_656_500_000n);
    expect(timestampFromMicros(15)).toBe(0n); // 15 µs < one 1/65536 s step
    expect(timestampFromMicros(16)).toBe(1n);
    expect(microsFromTimestamp(1n)).toBe(15n);
    expect(() => timestampFromMicros(-1)).toThrow(RangeError);
  });

  it('shows a timestamp as tshark does and in ISO 8601', () => {
    expect(timestampToTshark(0x0000659f3d008000n)).toBe('Jan 11, 2024 00:57:36.500000000 UTC');
    expect(timestampToTshark(0x000065e660800001n)).toBe('Mar  5, 2024 00:00:00.000015258 UTC');
    expect(timestampToTshark(1n)).toBe('Jan  1, 1970 00:00:00.000015258 UTC');
    expect(timestampToIso(0x0000659f3d008000n)).toBe('2024-01-11T00:57:36.500000000Z');
  });

  it('shows any 64-bit value without throwing, far beyond what Date can hold', () => {
    expect(() => timestampToTshark(0xffffffffffffffffn)).not.toThrow();
    expect(timestampToIso(0xffffffffffffffffn)).toMatch(/^\d{7}-\d\d-\d\dT\d\d:\d\d:\d\d\.999984741Z$/);
  });
});
