import { describe, expect, it } from 'vitest';
import { decode, encode, findField, hex, type FieldNode } from '../../../src/wire/core';
import { mip, registrationRevocation, revocationAck } from '../../../src/wire/mipv4';
import { KEYS, REVOCATION, REVOCATION_ACK } from './vectors';

const field = (layers: FieldNode[], name: string) => findField(layers, name)!;

describe('Registration Revocation (RFC 3543 §3.3)', () => {
  it('decodes the revocation with A and I on the 16-bit word tshark calls mip.flags2', () => {
    const out = decode(mip, REVOCATION, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    expect(out.layers[0]!.display).toBe('Reg Revocation: HoA=10.0.0.5 HDA=192.0.2.10 FDA=198.51.100.1');
    const l = out.layers;
    expect(field(l, 'mip.type')).toMatchObject({ value: 7, display: 'Registration Revocation (7)' });
    expect(field(l, 'mip.rev.reserved')).toMatchObject({ start: 1, end: 2, value: 0 });
    expect(field(l, 'mip.flags2')).toMatchObject({ start: 2, end: 4, value: 0xc000 });
    expect(field(l, 'mip.rev.a')).toMatchObject({ start: 2, end: 4, value: true, mask: 0x8000, bits: 16 });
    expect(field(l, 'mip.rev.i')).toMatchObject({ value: true, mask: 0x4000 });
    expect(field(l, 'mip.rev.reserved2')).toMatchObject({ value: 0, mask: 0x3fff });
    expect(field(l, 'mip.homeaddr')).toMatchObject({ start: 4, end: 8, value: '10.0.0.5' });
    expect(field(l, 'mip.rev.hda')).toMatchObject({ start: 8, end: 12, value: '192.0.2.10' });
    expect(field(l, 'mip.rev.fda')).toMatchObject({ start: 12, end: 16, value: '198.51.100.1' });
    expect(field(l, 'mip.revid')).toMatchObject({ start: 16, end: 20, value: 777 });
    expect(field(l, 'mip.auth.auth.status').value).toBe('Good');
  });

  it('is rebuilt byte for byte by the typed builder', () => {
    const v = registrationRevocation({
      fromHomeAgent: true,
      inform: true,
      homeAddress: '10.0.0.5',
      homeDomainAddress: '192.0.2.10',
      foreignDomainAddress: '198.51.100.1',
      revocationId: 777,
      nai: 'mn1@example.com',
      auth: { kind: 'fa-ha', spi: 0x100 },
    });
    expect(hex(encode(mip, v, { hints: { mipKeys: KEYS } }))).toBe(hex(REVOCATION));
  });
});

describe('Registration Revocation Acknowledgement (RFC 3543 §3.4)', () => {
  it('decodes the acknowledgement and rebuilds it', () => {
    const out = decode(mip, REVOCATION_ACK, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    expect(out.layers[0]!.display).toBe('Reg Revocation Ack: HoA=10.0.0.5');
    const l = out.layers;
    expect(field(l, 'mip.ack.reserved')).toMatchObject({ start: 1, end: 2, value: 0 });
    expect(field(l, 'mip.ack.i')).toMatchObject({ start: 2, end: 4, value: true, mask: 0x8000 });
    expect(field(l, 'mip.ack.reserved2')).toMatchObject({ value: 0, mask: 0x7fff });
    expect(field(l, 'mip.revid')).toMatchObject({ start: 8, end: 12, value: 777 });
    expect(field(l, 'mip.auth.auth.status').value).toBe('Good');
    const v = revocationAck({ informed: true, homeAddress: '10.0.0.5', revocationId: 777, nai: 'mn1@example.com', auth: { kind: 'fa-ha', spi: 0x100 } });
    expect(hex(encode(mip, v, { hints: { mipKeys: KEYS } }))).toBe(hex(REVOCATION_ACK));
  });
});
