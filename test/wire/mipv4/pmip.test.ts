import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type FieldNode } from '../../../src/wire/core';
import {
  accessTechnology,
  deviceId,
  imsiSubscriberId,
  interfaceId,
  macDeviceId,
  mip,
  perNodeAuthMethod,
  PMIPV4_ACCESS_TECH,
  registrationRequestMessage,
} from '../../../src/wire/mipv4';
import { KEYS, PRRQ } from './vectors';

const field = (layers: FieldNode[], name: string) => findField(layers, name)!;
const RRQ_HEAD = '0102070800000000c000020ac6336401e8d4a51000000000';
const rrqWith = (extensions: object[]) =>
  encode(registrationRequestMessage, {
    lifetime: 1800,
    homeAddress: '0.0.0.0',
    homeAgent: '192.0.2.10',
    careOf: '198.51.100.1',
    identification: 0xe8d4a51000000000n,
    flags: { t: true },
    extensions: extensions as never,
  });

describe('PMIPv4 extensions (RFC 5563 §5)', () => {
  it('decodes the Per-Node Authentication Method in the long form, as tshark does', () => {
    const l = decode(mip, PRRQ, { hints: { mipKeys: KEYS } }).layers;
    expect(field(l, 'mip.ext.pmipv4nonskipext.subtype')).toMatchObject({ start: 42, end: 43, value: 1 });
    expect(findFields(l, 'mip.ext.len')[1]).toMatchObject({ start: 43, end: 45, value: 1 });
    expect(field(l, 'mip.ext.pmipv4nonskipext.pernodeauthmethod')).toMatchObject({
      start: 45,
      end: 46,
      value: 1,
      display: 'FA-HA Authentication (1)',
    });
  });

  it('decodes each skippable sub-type with its own fields and byte ranges', () => {
    const l = decode(mip, PRRQ, { hints: { mipKeys: KEYS } }).layers;
    expect(findFields(l, 'mip.ext.pmipv4skipext.subtype').map((n) => [n.value, n.start])).toEqual([
      [1, 48], [2, 55], [3, 65], [4, 84],
    ]);
    expect(field(l, 'mip.ext.pmipv4skipext.interfaceid')).toMatchObject({ start: 49, end: 53, value: '65:74:68:30', display: '"eth0" (65:74:68:30)' });
    expect(field(l, 'mip.ext.pmipv4skipext.deviceid_type')).toMatchObject({ start: 56, end: 57, value: 1 });
    expect(field(l, 'mip.ext.pmipv4skipext.deviceid_id')).toMatchObject({ start: 57, end: 63, value: '02:00:00:00:00:01' });
    expect(field(l, 'mip.ext.pmipv4skipext.subscriberid_type')).toMatchObject({ start: 66, end: 67, value: 1 });
    expect(field(l, 'mip.ext.pmipv4skipext.subscriberid_id')).toMatchObject({ start: 67, end: 82 });
    expect(field(l, 'mip.ext.pmipv4skipext.subscriberid_id').display).toMatch(/^"001010123456789"/);
    expect(field(l, 'mip.ext.pmipv4skipext.accesstechnology_type')).toMatchObject({ start: 85, end: 86, value: 2, display: '802.11a/b/g (2)' });
  });

  it('builds the extensions from the typed helpers', () => {
    const b = rrqWith([
      perNodeAuthMethod(1),
      interfaceId('eth0'),
      macDeviceId('02:00:00:00:00:01'),
      imsiSubscriberId('001010123456789'),
      accessTechnology(2),
    ]);
    expect(hex(b)).toBe(hex(PRRQ.subarray(0, 86)).replace('830f6d6e31406578616d706c652e636f6d', ''));
    expect(deviceId(3, '35')).toEqual({ type: 147, subtype: 2, idType: 3, identifier: Uint8Array.of(0x33, 0x35) });
  });

  it('uses RFC 5563 Tech-Type numbers, not those of PMIPv6', () => {
    expect(PMIPV4_ACCESS_TECH[5]).toBe('3GPP EUTRAN/LTE');
    expect(PMIPV4_ACCESS_TECH[8]).toBe('3GPP2 UMB');
  });

  it('keeps an unknown skippable sub-type raw without a problem', () => {
    const out = decode(mip, fromHex(RRQ_HEAD + '930409616263'));
    expect(out.problems).toEqual([]);
    expect(field(out.layers, 'mip.ext.pmipv4skipext')).toMatchObject({ start: 24, end: 30, raw: true });
    expect(field(out.layers, 'mip.ext.pmipv4skipext.data')).toMatchObject({ start: 27, end: 30, value: '61:62:63' });
    expect(hex(encode(mip, out.value as never))).toBe(RRQ_HEAD + '930409616263');
  });

  it('flags an unknown non-skippable sub-type, which a receiver must reject', () => {
    const out = decode(mip, fromHex(RRQ_HEAD + '2f0200020909'));
    expect(out.problems.map((p) => [p.id, p.severity, p.start, p.end])).toEqual([['mip.ext.subtype.unknown', 'warn', 24, 30]]);
    expect(field(out.layers, 'mip.ext.pmipv4nonskipext.data')).toMatchObject({ start: 28, end: 30 });
    expect(hex(encode(mip, out.value as never))).toBe(RRQ_HEAD + '2f0200020909');
  });

  it('decodes a Subscriber ID of an unknown ID-Type (tshark hides its identifier; we show it)', () => {
    const out = decode(mip, fromHex(RRQ_HEAD + '9305030261626' + '3'));
    expect(out.problems).toEqual([]);
    expect(field(out.layers, 'mip.ext.pmipv4skipext.subscriberid_type').value).toBe(2);
    expect(field(out.layers, 'mip.ext.pmipv4skipext.subscriberid_id').value).toBe('61:62:63');
  });
});
