import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type FieldNode } from '../../../src/wire/core';
import { LONG_FORM, MIP_EXTENSIONS, mip, registrationRequestMessage } from '../../../src/wire/mipv4';
import { KEYS, MN_RRP, MN_RRQ, ODD_RRQ } from './vectors';

const field = (layers: FieldNode[], name: string) => findField(layers, name)!;
const RRQ_HEAD = '0102070800000000c000020ac6336401e8d4a51000000000';

describe('extension list (RFC 5944 §1.8–§1.11)', () => {
  it('binds the published extension types', () => {
    expect(MIP_EXTENSIONS.entries().map(([k]) => k)).toEqual([32, 33, 34, 36, 38, 44, 47, 48, 131, 137, 144, 147]);
    expect([...LONG_FORM].sort((a, b) => a - b)).toEqual([36, 38, 47, 48]);
  });

  it('decodes the GRE Key extension in the long form that RFC 6245 gives it', () => {
    // tshark 4.0 misparses this one (PROTOCOLS.md §12.12): it reads the Sub-Type 0 as a Length and
    // shows "Unknown Extension 48" (length 0) plus a phantom "Unknown (0)" with length 4.
    const out = decode(mip, ODD_RRQ);
    expect(field(out.layers, 'mip.ext.grekey')).toMatchObject({ start: 24, end: 32, display: 'GRE Key: 4660' });
    expect(field(out.layers, 'mip.ext.grekey.subtype')).toMatchObject({ start: 25, end: 26, value: 0 });
    expect(findFields(out.layers, 'mip.ext.len')[0]).toMatchObject({ start: 26, end: 28, value: 4 });
    expect(field(out.layers, 'mip.ext.grekey.key')).toMatchObject({ start: 28, end: 32, value: 0x1234 });
  });

  it('names the CVSE type after the vendor as tshark does', () => {
    const out = decode(mip, ODD_RRQ);
    expect(field(out.layers, 'mip.ext.cvse.reserved')).toMatchObject({ start: 33, end: 34, value: 0 });
    expect(findFields(out.layers, 'mip.ext.len')[1]).toMatchObject({ start: 34, end: 36, value: 8 });
    expect(field(out.layers, 'mip.ext.cvse.vendor_id')).toMatchObject({ start: 36, end: 40, value: 12345 });
    expect(field(out.layers, 'mip.ext.cvse.vendor_type')).toMatchObject({ start: 40, end: 42, value: 7 });
    expect(field(out.layers, 'mip.ext.cvse.vendor_value')).toMatchObject({ start: 42, end: 44, value: 'aa:bb' });
    // tshark: vendor 5535 → mip.ext.cvse.3gpp2_type, vendor 12951 → mip.ext.cvse.verizon_type.
    const gpp2 = decode(mip, fromHex(RRQ_HEAD + '26000006000015 9f 0001'.replace(/ /g, '')));
    expect(field(gpp2.layers, 'mip.ext.cvse.3gpp2_type')).toMatchObject({ start: 32, end: 34, value: 1 });
    const vzw = decode(mip, fromHex(RRQ_HEAD + '2600000600003297 0003'.replace(/ /g, '')));
    expect(field(vzw.layers, 'mip.ext.cvse.verizon_type')).toMatchObject({ value: 3 });
  });

  it('keeps unknown extensions raw and flags only the non-skippable one', () => {
    const out = decode(mip, ODD_RRQ);
    const unknown = findFields(out.layers, 'mip.ext');
    expect(unknown.map((n) => [n.start, n.end, n.raw])).toEqual([[44, 48, true], [48, 52, true]]);
    expect(findFields(out.layers, 'mip.extension').map((n) => n.value)).toEqual(['61:62', '63:64']);
    expect(out.problems).toEqual([
      expect.objectContaining({ id: 'mip.ext.unknown', severity: 'warn', start: 48, end: 52 }),
    ]);
    expect(out.problems[0]!.message).toMatch(/non-skippable/);
    expect(hex(encode(mip, out.value as never))).toBe(hex(ODD_RRQ));
  });

  it('decodes the UDP Tunnel Request and Reply of RFC 3519', () => {
    const rq = decode(mip, MN_RRQ, { hints: { mipKeys: KEYS } }).layers;
    expect(field(rq, 'mip.ext.utrq.subtype')).toMatchObject({ start: 43, end: 44, value: 0 });
    expect(field(rq, 'mip.ext.utrq.reserved1')).toMatchObject({ start: 44, end: 45 });
    expect(field(rq, 'mip.ext.utrq.f')).toMatchObject({ start: 45, end: 46, value: true, mask: 0x80 });
    expect(field(rq, 'mip.ext.utrq.r')).toMatchObject({ value: false, mask: 0x40 });
    expect(field(rq, 'mip.ext.utrq.encaptype')).toMatchObject({ start: 46, end: 47, value: 4 });
    expect(field(rq, 'mip.ext.utrq.reserved3')).toMatchObject({ start: 47, end: 49, value: 0 });
    const rp = decode(mip, MN_RRP, { hints: { mipKeys: KEYS } }).layers;
    expect(field(rp, 'mip.ext.utrp.code')).toMatchObject({ start: 23, end: 24, value: 0 });
    expect(field(rp, 'mip.ext.utrp.f')).toMatchObject({ start: 24, end: 26, value: true, mask: 0x8000 });
    expect(field(rp, 'mip.ext.utrp.keepalive')).toMatchObject({ start: 26, end: 28, value: 110, display: '110 s' });
  });

  it('computes the Length of short and long forms on encode', () => {
    const b = encode(registrationRequestMessage, {
      lifetime: 1,
      homeAddress: '0.0.0.0',
      homeAgent: '0.0.0.0',
      careOf: '0.0.0.0',
      identification: 0n,
      extensions: [
        { type: 131, nai: 'ab' },
        { type: 48, key: 9 },
        { type: 137, timestamp: 2 },
      ],
    });
    expect(hex(b.subarray(24))).toBe('83026162' + '3000000400000009' + '8906000000000002');
  });

  it('reports an extension whose Length runs past the message, and still shows what is there', () => {
    const out = decode(mip, fromHex(RRQ_HEAD + '830a6162'));
    expect(out.problems.map((p) => p.id)).toEqual(['mip.ext.len.invalid']);
    expect(out.problems[0]).toMatchObject({ start: 24, end: 28 });
    expect(field(out.layers, 'mip.nai')).toMatchObject({ start: 26, end: 28, value: 'ab' });
  });

  it('reports an extension header cut short', () => {
    const long = decode(mip, fromHex(RRQ_HEAD + '2f0100'));
    expect(long.problems.map((p) => p.id)).toContain('mip.ext.len.invalid');
    const short = decode(mip, fromHex(RRQ_HEAD + '83'));
    expect(short.problems.map((p) => p.id)).toContain('mip.ext.len.invalid');
  });

  it('reports bytes left over inside a known extension', () => {
    // Revocation Support with Length 7: one octet after the Timestamp.
    const out = decode(mip, fromHex(RRQ_HEAD + '89078000000000' + '01' + 'ff'));
    expect(out.problems.map((p) => [p.id, p.start, p.end])).toEqual([['mip.ext.rev.trailing', 32, 33]]);
  });
});
