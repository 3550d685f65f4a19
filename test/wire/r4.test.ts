import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, fromHex, hex, type LayerValue } from '../../src/wire/core';
import '../../src/wire/protocols';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { MIP_KEYS_HINT, registrationReply } from '../../src/wire/mipv4';
import { movement, MOVEMENT_PORT } from '../../src/wire/movement';
import { r4, R4_FIXED, R4_PORT, R4_TYPE } from '../../src/wire/r4';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
const enc = (v: Record<string, unknown>): Uint8Array => encode(r4, { proto: 'r4', ...v } as never);

// Built by hand from the lab layout in src/wire/r4.ts (no tool knows this encoding): Type 1 (Handover
// Request), flags 0, Header Length 24 + 3, transaction 7, data path 10.0.0.2, home address 10.1.0.2,
// home agent 10.0.0.100, authenticator 10.0.0.50, NAI "a@b".
const HO_REQUEST = fromHex('0100001b' + '00000007' + '0a000002' + '0a010002' + '0a000064' + '0a000032' + '614062');

describe('simplified R4 (lab encoding, RFC 5563 §10 Fig. 6)', () => {
  it('encodes a Handover Request with the header length counting the NAI', () => {
    const bytes = enc({ type: R4_TYPE.HandoverRequest, flags: {}, transaction: 7, dataPath: '10.0.0.2', homeAddress: '10.1.0.2', homeAgent: '10.0.0.100', authenticator: '10.0.0.50', nai: 'a@b' });
    expect(hex(bytes)).toBe(hex(HO_REQUEST));
  });

  it('decodes it with names, byte ranges and the lab statement', () => {
    const out = decode(r4, HO_REQUEST);
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'r4.type')).toMatchObject({ start: 0, end: 1, value: 1 });
    expect(findField(out.layers, 'r4.hlen')).toMatchObject({ start: 2, end: 4, value: R4_FIXED + 3 });
    expect(findField(out.layers, 'r4.nai')).toMatchObject({ start: 24, end: 27, value: 'a@b' });
    expect(out.layers[0]!.doc).toMatch(/Lab encoding/);
    expect(out.layers[0]!.display).toBe('R4 (lab) Handover Request a@b');
  });

  it('carries the embedded Registration Reply as a Mobile IP layer, authenticator kept as sent', () => {
    const reply = registrationReply({ code: 0, lifetime: 60, homeAddress: '10.1.0.2', homeAgent: '10.0.0.100', identification: 5n, nai: 'a@b', auth: [{ kind: 'mn-ha', spi: 300 }] });
    const v = { proto: 'r4', type: R4_TYPE.ReplyRelay, flags: {}, transaction: 1, dataPath: '10.0.0.2', homeAddress: '10.1.0.2', homeAgent: '10.0.0.100', authenticator: '10.0.0.50', nai: 'a@b', payload: reply as unknown as LayerValue };
    const bytes = encode(r4, v as never, { hints: { [MIP_KEYS_HINT]: { 300: new Uint8Array(16).fill(7) } } });
    const frame = encode(ethernet, ethernetFrame({ src: '00:11:22:33:44:aa', dst: '00:0a:0b:0c:0d:0e', payload: ipv4Packet({ src: '10.0.0.2', dst: '10.0.0.50', payload: { proto: 'udp', srcport: R4_PORT, dstport: R4_PORT, payload: decode(r4, bytes).value } }) }) as never);
    const out = dissect(frame);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'r4', 'mip']);
    expect(hex(frame.subarray(frame.length - bytes.length))).toBe(hex(bytes));
  });

  it('encode → decode → encode gives the same bytes for random messages', () => {
    const msg = fc.record({
      type: fc.constantFrom(1, 2, 3, 6, 7),
      flags: fc.record({ forwarding: fc.boolean(), handover: fc.boolean(), accepted: fc.boolean() }),
      transaction: fc.nat(),
      dataPath: fc.ipV4(),
      homeAddress: fc.ipV4(),
      homeAgent: fc.ipV4(),
      authenticator: fc.ipV4(),
      nai: fc.string({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(msg, (v) => {
        const bytes = enc(v);
        const out = decode(r4, bytes);
        expect(out.problems).toEqual([]);
        expect(out.value).toMatchObject(v);
        expect(hex(encode(r4, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or mutated bytes; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.nat(HO_REQUEST.length), fc.nat(255), fc.nat(HO_REQUEST.length), (at, byte, cut) => {
        const b = HO_REQUEST.slice(0, cut);
        if (at < b.length) b[at] = byte;
        const out = decode(r4, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (b) => {
        const out = decode(r4, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('flags a header length shorter than the fixed part', () => {
    const b = HO_REQUEST.slice();
    b[3] = 10;
    expect(decode(r4, b).problems.map((p) => p.id)).toContain('r4.hlen.invalid');
  });
});

describe('3GPP2 PMA movement notification (lab encoding, RFC 5563 §11.1 Fig. 11 step 4)', () => {
  // By hand from src/wire/movement.ts: Type 1, Status 0, sequence 2, 10.1.0.2, 10.0.0.1 → 10.0.0.2, NAI "a@b".
  const NOTE = fromHex('01000000' + '00000002' + '0a010002' + '0a000001' + '0a000002' + '03' + '614062');

  it('encodes and decodes the notification', () => {
    const v = { proto: 'pmamove', type: 1, status: 0, sequence: 2, homeAddress: '10.1.0.2', previousCareOf: '10.0.0.1', newCareOf: '10.0.0.2', nai: 'a@b' };
    expect(hex(encode(movement, v as never))).toBe(hex(NOTE));
    const out = decode(movement, NOTE);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject(v);
    expect(findField(out.layers, 'pmamove.new_coa')).toMatchObject({ start: 16, end: 20, value: '10.0.0.2' });
    expect(out.layers[0]!.doc).toMatch(/lab’s/);
  });

  it('is what UDP port MOVEMENT_PORT carries, and round-trips random messages', () => {
    expect(MOVEMENT_PORT).not.toBe(R4_PORT);
    const msg = fc.record({ type: fc.constantFrom(1, 2), status: fc.nat(255), sequence: fc.nat(), homeAddress: fc.ipV4(), previousCareOf: fc.ipV4(), newCareOf: fc.ipV4(), nai: fc.string({ maxLength: 60 }) });
    fc.assert(
      fc.property(msg, (v) => {
        const bytes = encode(movement, { proto: 'pmamove', ...v } as never);
        const out = decode(movement, bytes);
        expect(out.problems).toEqual([]);
        expect(out.value).toMatchObject(v);
        expect(hex(encode(movement, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const out = decode(movement, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
