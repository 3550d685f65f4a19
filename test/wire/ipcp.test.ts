import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type OptionValue } from '../../src/wire/core';
import '../../src/wire/data';
import { ipcp, ipcpOption, ipcpPacket, IPCP_CODE, IPCP_OPTION } from '../../src/wire/ipcp';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
type IpcpValue = Parameters<typeof ipcp.encode>[1];

// The IPCP part (after ff 03 80 21) of scapy 2.5.0 packets:
// PPP_IPCP(code=3,id=1,options=[PPP_IPCP_Option_IPAddress(data='10.1.0.5'),
//          PPP_IPCP_Option_DNS1(data='10.0.0.53'),PPP_IPCP_Option_DNS2(data='10.0.0.54')])
const NAK = fromHex('0301001603060a01000581060a00003583060a000036');
// PPP_IPCP(code=4,id=2,options=[PPP_IPCP_Option(type=2,data=b'\x00\x2d\x0f\x01')])
const REJECT_VJ = fromHex('0402000a0206002d0f01');
// PPP_IPCP(code=1,id=4,options=[PPP_IPCP_Option(type=200,data=b'\x01\x02')])
const UNKNOWN = fromHex('01040008c8040102');
// PPP_IPCP(code=5,id=3)
const TERMINATE = fromHex('05030004');

describe('ipcp', () => {
  it('decodes a Configure-Nak carrying the home address and DNS servers (RFC 1332 §3.3, RFC 1877)', () => {
    const out = decode(ipcp, NAK);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ code: 3, identifier: 1, length: 22 });
    expect(out.value.options).toEqual([
      { type: 3, length: 6, address: '10.1.0.5' },
      { type: 129, length: 6, address: '10.0.0.53' },
      { type: 131, length: 6, address: '10.0.0.54' },
    ]);
    expect(findField(out.layers, 'ppp.code')).toMatchObject({ start: 0, end: 1, display: 'Configure-Nak (3)' });
    expect(findField(out.layers, 'ppp.identifier')).toMatchObject({ start: 1, end: 2, display: '1 (0x01)' });
    expect(findField(out.layers, 'ipcp.opt.addr')).toMatchObject({ start: 4, end: 10, value: '03:06:0a:01:00:05' });
    expect(findField(out.layers, 'ipcp.opt.ip_address')).toMatchObject({ start: 6, end: 10, value: '10.1.0.5' });
    expect(findField(out.layers, 'ipcp.opt.pri_dns_address')).toMatchObject({ start: 12, end: 16 });
    expect(findField(out.layers, 'ipcp.opt.sec_dns_address')).toMatchObject({ start: 18, end: 22 });
    expect(out.layers[0]!.display).toBe('Configure-Nak id=1 IP-Address=10.1.0.5');
  });

  it('builds the same bytes as scapy, with the lengths computed', () => {
    const nak = ipcpPacket({
      code: IPCP_CODE.ConfigureNak,
      id: 1,
      options: [ipcpOption.ipAddress('10.1.0.5'), ipcpOption.primaryDns('10.0.0.53'), ipcpOption.secondaryDns('10.0.0.54')],
    });
    expect(hex(encode(ipcp, nak as IpcpValue))).toBe(hex(NAK));
    expect(hex(encode(ipcp, ipcpPacket({ code: IPCP_CODE.TerminateRequest, id: 3 }) as IpcpValue))).toBe(hex(TERMINATE));
  });

  it('keeps IP-Compression-Protocol parameters and unknown options as bytes, and re-encodes them', () => {
    const vj = decode(ipcp, REJECT_VJ);
    expect(vj.problems).toEqual([]);
    expect(vj.value.options![0]).toMatchObject({ type: IPCP_OPTION.IpCompressionProtocol, protocol: 0x002d, data: fromHex('0f01') });
    expect(findField(vj.layers, 'ipcp.opt.compress_proto')!.display).toBe('Van Jacobson compressed TCP/IP (0x002d)');
    const unknown = decode(ipcp, UNKNOWN);
    expect(unknown.problems).toEqual([]);
    expect(findField(unknown.layers, 'ipcp.opt.unknown')).toMatchObject({ start: 4, end: 8 });
    for (const b of [REJECT_VJ, UNKNOWN, TERMINATE]) expect(hex(encode(ipcp, decode(ipcp, b).value))).toBe(hex(b));
  });

  it('reports an option length below 2 and one past the packet, without throwing', () => {
    expect(decode(ipcp, fromHex('010100080301aaaa')).problems.map((p) => p.id)).toContain('ipcp.opt.len.invalid');
    expect(decode(ipcp, fromHex('010100080309aaaa')).problems.map((p) => p.id)).toContain('ipcp.opt.len.invalid');
  });

  it('reports an IP-Address option of the wrong size', () => {
    const out = decode(ipcp, fromHex('0101000c03080a0100050000'));
    expect(out.problems.map((p) => p.id)).toEqual(['ipcp.opt.addr.trailing']);
    expect(findFields(out.layers, 'ipcp.opt.ip_address')).toHaveLength(1);
  });

  it('reports a Length longer than the packet', () => {
    expect(decode(ipcp, fromHex('05030010')).problems.map((p) => p.id)).toContain('ipcp.len.invalid');
  });

  it('encode → decode → encode gives the same bytes for any options', () => {
    const option: fc.Arbitrary<OptionValue> = fc.oneof(
      fc.ipV4().map(ipcpOption.ipAddress),
      fc.ipV4().map(ipcpOption.primaryDns),
      fc.ipV4().map(ipcpOption.secondaryDns),
      fc.ipV4().map(ipcpOption.mobileIpv4),
      fc.record({ type: fc.constant(2), protocol: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 6 }) }),
      fc.record({ type: fc.integer({ min: 5, max: 128 }), data: fc.uint8Array({ maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.nat(255), fc.array(option, { maxLength: 5 }), (code, id, options) => {
        const bytes = encode(ipcp, ipcpPacket({ code, id, options }) as IpcpValue);
        const out = decode(ipcp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(ipcp, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random bytes; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        const out = decode(ipcp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
