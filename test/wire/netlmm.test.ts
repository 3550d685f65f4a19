import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type LayerValue } from '../../src/wire/core';
import '../../src/wire/data';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { mobilityHeader, proxyBindingAck } from '../../src/wire/mh';
import {
  conflictReply, conflictRequest, contextTransfer, netlmm, type NetlmmValue, NETLMM_OPTION, NETLMM_PPID, NETLMM_SCTP_PORT, NETLMM_STATUS, NETLMM_TYPE, notification, trigger,
} from '../../src/wire/netlmm';
import { sctpData } from '../../src/wire/sctp';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findOne } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
const enc = (v: NetlmmValue): Uint8Array => encode(netlmm, v);
const names = (layers: readonly { name: string }[]): string[] => layers.map((l) => l.name);

// Built by hand from seed 003 §4.9.1 and the lab's option numbers (PROTOCOLS.md §11.2; no tool knows
// this protocol): Type 1, Length 34, Ver 1 (0x2000), Transaction 7, L2-ID (6 octets), IP address (16).
const TRIGGER = fromHex('0122200000000007' + '0106020000000001' + '021020010db8000100000000000000000005');

const PBA = proxyBindingAck({ status: 0, seq: 9, lifetimeSeconds: 3600, nai: 'mn1@example.com', hnps: ['2001:db8:1::/64'], handoff: 1, att: 4 });

describe('netlmm Trigger and Notification (seed 003 §4.9)', () => {
  it('encodes a Trigger from the builder: Ver 1 in the top bits of octet 2, options with data-only lengths', () => {
    expect(hex(enc(trigger({ transaction: 7, mnId: '02:00:00:00:00:01', pHoA: '2001:db8:1::5' })))).toBe(hex(TRIGGER));
  });

  it('decodes a Trigger with names and byte ranges', () => {
    const out = decode(netlmm, TRIGGER);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ type: 1, length: 34, word: { version: 1, reservedBits: 0 }, transaction: 7 });
    expect(findField(out.layers, 'netlmm.type')).toMatchObject({ start: 0, end: 1, display: 'Trigger (1)' });
    expect(findField(out.layers, 'netlmm.version')).toMatchObject({ start: 2, end: 4, value: 1, mask: 0xe000 });
    expect(findField(out.layers, 'netlmm.transaction')).toMatchObject({ start: 4, end: 8, value: 7 });
    expect(findField(out.layers, 'netlmm.opt.mn_id')).toMatchObject({ start: 10, end: 16, display: '02:00:00:00:00:01' });
    expect(findField(out.layers, 'netlmm.opt.ip_address')).toMatchObject({ start: 18, end: 34, value: '2001:db8:1::5' });
    expect(findFields(out.layers, 'netlmm.opt.len').map((n) => n.value)).toEqual([6, 16]);
    expect(out.layers[0]!.display).toBe('Trigger txn=7 MN=02:00:00:00:00:01 pHoA=2001:db8:1::5');
  });

  it('takes an IPv4 pHoA by its length, and an NAI as the MN identifier', () => {
    const out = decode(netlmm, enc(trigger({ transaction: 1, mnId: 'mn1@example.com', pHoA: '10.1.0.5' })));
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'netlmm.opt.ip_address')!.value).toBe('10.1.0.5');
    expect(findField(out.layers, 'netlmm.opt.mn_id')!.display).toBe('"mn1@example.com"');
  });

  it('carries the PBA in a Container and shows it decoded as a Mobility Header, inside the option', () => {
    const bytes = enc(notification({ transaction: 7, pba: PBA }));
    const out = decode(netlmm, bytes);
    expect(out.problems).toEqual([]);
    expect(names(out.layers)).toEqual(['netlmm']);
    const container = findField(out.layers, 'netlmm.opt.container')!;
    expect(container.start).toBe(10);
    expect(container.end).toBe(bytes.length);
    expect(container.children![0]).toMatchObject({ name: 'mipv6', start: 10, end: bytes.length });
    expect(findField(out.layers, 'mip6.ba.status')?.value).toBe(0);
    expect((out.value.options![0]!.pba as LayerValue).proto).toBe('mipv6');
    expect(hex(encode(netlmm, out.value))).toBe(hex(bytes));
    // The PBA as bytes gives the same message.
    expect(hex(enc(notification({ transaction: 7, pba: encode(mobilityHeader, PBA) })))).toBe(hex(bytes));
    expect(out.layers[0]!.display).toBe('Notification txn=7 carrying PBA');
  });

  it('reports a pHoA mismatch to the MAG with the lab Status option and no PBA', () => {
    const bytes = enc(notification({ transaction: 8, status: NETLMM_STATUS.PhoaMismatch }));
    expect(hex(bytes)).toBe('020b2000000000080401' + '02');
    const out = decode(netlmm, bytes);
    expect(findField(out.layers, 'netlmm.opt.status')!.display).toBe('MN identifier and pHoA do not match (2)');
  });

  it('keeps a malformed PBA as bytes, so it encodes back unchanged', () => {
    const bytes = enc(notification({ transaction: 1, pba: fromHex('3b01050000') }));
    const out = decode(netlmm, bytes);
    expect(out.problems.length).toBeGreaterThan(0);
    expect(out.value.options![0]!.pba).toBeInstanceOf(Uint8Array);
    expect(hex(encode(netlmm, out.value))).toBe(hex(bytes));
  });

  it('refuses to build a Notification longer than its 8-bit Length allows', () => {
    expect(() => notification({ transaction: 1, pba: new Uint8Array(250) })).toThrow(RangeError);
  });

  it('reports a wrong version, an unknown type, a bad pHoA length and an option past the end', () => {
    const ids = (h: string): string[] => decode(netlmm, fromHex(h)).problems.map((p) => p.id);
    expect(ids('01084000' + '00000001')).toEqual(['netlmm.version.invalid']);
    expect(ids('09082000' + '00000001')).toEqual(['netlmm.type.unknown']);
    expect(ids('010d2000' + '00000001' + '02030a0100')).toEqual(['netlmm.opt.ip_address.len.invalid']);
    expect(ids('010c2000' + '00000001' + '0109aabb')).toContain('netlmm.opt.len.invalid');
    expect(ids('01ff2000' + '00000001')).toContain('netlmm.len.invalid');
  });

  it('rides in an SCTP DATA chunk to port 49152 with PPID 0 (both lab choices), decoded as the next layer', () => {
    const bytes = encode(
      ethernet,
      ethernetFrame({
        src: '00:11:22:33:44:aa',
        dst: '00:0a:0b:0c:0d:0e',
        payload: ipv4Packet({
          src: '192.0.2.10',
          dst: '192.0.2.20',
          payload: sctpData({ srcport: NETLMM_SCTP_PORT, dstport: NETLMM_SCTP_PORT, verificationTag: 0x1234, tsn: 1, ppid: NETLMM_PPID, payload: trigger({ transaction: 7, mnId: '02:00:00:00:00:01' }) }),
        }) as never,
      }) as never,
    );
    const out = dissect(bytes);
    expect(out.problems).toEqual([]);
    expect(names(out.layers)).toEqual(['eth', 'ip', 'sctp', 'netlmm']);
    expect(out.summary).toBe('Trigger txn=7 MN=02:00:00:00:00:01');
  });

  it('encode → decode → encode gives the same bytes for random Triggers and Notifications', () => {
    const mac = fc.uint8Array({ minLength: 6, maxLength: 6 });
    const addr = fc.oneof(fc.ipV4(), fc.constantFrom('2001:db8::1', '2001:db8:1::5', '::'));
    const msg = fc.oneof(
      fc.record({ transaction: fc.nat(), mnId: fc.oneof(mac, fc.uint8Array({ maxLength: 20 })), pHoA: fc.option(addr, { nil: undefined }) }).map((o) => trigger(o)),
      fc.record({ transaction: fc.nat(), status: fc.nat(255), withPba: fc.boolean() }).map((o) =>
        notification({ transaction: o.transaction, status: o.status, ...(o.withPba ? { pba: PBA } : {}) }),
      ),
    );
    fc.assert(
      fc.property(msg, (v) => {
        const bytes = enc(v);
        const out = decode(netlmm, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(netlmm, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or mutated messages; every node stays inside its parent and the frame', () => {
    const base = enc(notification({ transaction: 7, status: 0, pba: PBA }));
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(255), fc.nat(base.length), (at, byte, cut) => {
        const b = base.slice(0, cut);
        if (at < b.length) b[at] = byte;
        const out = decode(netlmm, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const out = decode(netlmm, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describe('the lab’s own NETLMM messages (seed 003 Appendices B and D, lab formats)', () => {
  it('flags a stateless pHoA in the Trigger with bit 0x1000 of the Reserved field', () => {
    const bytes = enc(trigger({ transaction: 7, mnId: '02:00:00:00:00:01', pHoA: '2001:db8:1::5', stateless: true }));
    expect(hex(bytes.subarray(0, 4))).toBe('01223000');
    const out = decode(netlmm, bytes);
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'netlmm.stateless')).toMatchObject({ value: true, mask: 0x1000 });
    expect(findField(out.layers, 'netlmm.reserved')).toMatchObject({ value: 0, mask: 0x0fff });
    expect(out.layers[0]!.display).toBe('Trigger txn=7 MN=02:00:00:00:00:01 pHoA=2001:db8:1::5 stateless');
  });

  it('asks another PMIP client about a pHoA and reads "conflict detected" or "no conflict" back', () => {
    const ask = decode(netlmm, enc(conflictRequest({ transaction: 9, mnId: 'mn1@netlmm.example', pHoA: '2001:db8:100::1' })));
    expect(ask.problems).toEqual([]);
    expect(ask.layers[0]!.display).toBe('Conflict Detection Request txn=9 MN="mn1@netlmm.example" pHoA=2001:db8:100::1');
    // Type 4, Length 11, Ver 1, transaction 9, Status option (4) of one octet.
    expect(hex(enc(conflictReply({ transaction: 9, conflict: true })))).toBe('040b2000000000090401' + '03');
    expect(findField(decode(netlmm, enc(conflictReply({ transaction: 9, conflict: false }))).layers, 'netlmm.opt.status')!.display).toBe('Success (0)');
  });

  it('carries an MN’s context from one MAG to another: identifier, pHoA and its PMIP client', () => {
    const bytes = enc(contextTransfer({ transaction: 3, mnId: 'mn1@netlmm.example', pHoA: '2001:db8:100::100', client: '2001:db8:c::1' }));
    const out = decode(netlmm, bytes);
    expect(out.problems).toEqual([]);
    expect(out.value.type).toBe(NETLMM_TYPE.Context);
    expect(findField(out.layers, 'netlmm.opt.client')).toMatchObject({ start: bytes.length - 16, end: bytes.length, value: '2001:db8:c::1' });
    expect(out.layers[0]!.display).toBe('Context Transfer txn=3 MN="mn1@netlmm.example" pHoA=2001:db8:100::100');
  });
});

describeWithTool(tshark, 'netlmm over SCTP as tshark 4.0 sees it', () => {
  test('tshark shows the SCTP fields as we do and the message as data.data over the same bytes', async () => {
    const frame = encode(
      ethernet,
      ethernetFrame({
        src: '00:11:22:33:44:aa',
        dst: '00:0a:0b:0c:0d:0e',
        payload: ipv4Packet({
          src: '192.0.2.20',
          dst: '192.0.2.10',
          payload: sctpData({ srcport: NETLMM_SCTP_PORT, dstport: NETLMM_SCTP_PORT, verificationTag: 0x1234, tsn: 2, payload: notification({ transaction: 7, pba: PBA }) }),
        }) as never,
      }) as never,
    );
    const [packet] = await pdmlOf([{ data: frame }], { prefs: ['sctp.checksum:CRC-32c'] });
    assertNoMalformed([packet!]);
    const ours = dissect(frame);
    assertSameFields(ours.layers, packet!, {
      only: (n) => n.startsWith('sctp.') && !n.startsWith('sctp.chunk.'),
      ignore: ['sctp.chunks'],
    });
    const layer = ours.layers.find((l) => l.name === 'netlmm')!;
    const data = findOne(packet!, 'data.data');
    expect([data.pos, data.size]).toEqual([layer.start, layer.end - layer.start]);
    expect(findField([layer], 'netlmm.opt.type')!.value).toBe(NETLMM_OPTION.Container);
  });
});
