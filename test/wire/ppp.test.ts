import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, fromHex, hex } from '../../src/wire/core';
import '../../src/wire/data';
import { dissect, LINK_TYPE } from '../../src/wire/dissect';
import { ipcpOption, ipcpPacket, IPCP_CODE } from '../../src/wire/ipcp';
import { ipv4Packet } from '../../src/wire/ipv4';
import '../../src/wire/ipv6';
import { ppp, pppFrame, type PppValue } from '../../src/wire/ppp';
import { assertSameFields } from '../oracle/compare';
import { LINKTYPE, pdmlOf } from '../oracle/pcap';
import { assertNoMalformed } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
const names = (layers: readonly { name: string }[]): string[] => layers.map((l) => l.name);

// scapy: bytes(HDLC()/PPP(proto=0x8021)/PPP_IPCP(code=1,id=1,options=[PPP_IPCP_Option_IPAddress(data='0.0.0.0'),
//              PPP_IPCP_Option_DNS1(data='0.0.0.0'),PPP_IPCP_Option_DNS2(data='0.0.0.0')]))
const REQUEST = fromHex('ff03802101010016030600000000810600000000830600000000');
// scapy: bytes(HDLC()/PPP(proto=0x0021)/IP(src='10.1.0.5',dst='10.0.0.1')/ICMP()): scapy writes the
// protocol in one octet (Protocol-Field-Compression, RFC 1661 §6.5).
const IP_PFC = fromHex('ff03214500001c00010000400166da0a0100050a0000010800f7ff00000000');
// scapy: bytes(HDLC()/PPP(proto=0x0057)/IPv6(src='2001:db8::1',dst='2001:db8::2')/ICMPv6EchoRequest())
const IPV6_PFC = fromHex('ff03576000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244800000000');
// scapy: bytes(HDLC()/PPP(proto=0xc021)/PPP_LCP_Configure(code=1,id=1,options=[PPP_LCP_Magic_Number_Option(magic_number=0x12345678)]))
const LCP = fromHex('ff03c0210101000a050612345678');

describe('ppp (link type 9)', () => {
  it('decodes the HDLC-like header as tshark does, then IPCP as the next layer', () => {
    const out = decode(ppp, REQUEST);
    expect(out.problems).toEqual([]);
    expect(names(out.layers)).toEqual(['ppp', 'ipcp']);
    expect(findField(out.layers, 'ppp.address')).toMatchObject({ start: 0, end: 1, value: 0xff, display: '0xff' });
    expect(findField(out.layers, 'ppp.control')).toMatchObject({ start: 1, end: 2, value: 0x03 });
    expect(findField(out.layers, 'ppp.protocol')).toMatchObject({ start: 2, end: 4, value: 0x8021, display: 'Internet Protocol Control Protocol (0x8021)' });
    expect(out.layers[0]).toMatchObject({ start: 0, end: 4 });
  });

  it('reads a one-octet Protocol (PFC) and hands IPv4 and IPv6 to their codecs', () => {
    const v4 = decode(ppp, IP_PFC);
    expect(v4.problems).toEqual([]);
    expect(findField(v4.layers, 'ppp.protocol')).toMatchObject({ start: 2, end: 3, value: 0x0021 });
    expect(names(v4.layers).slice(0, 2)).toEqual(['ppp', 'ip']);
    expect(findField(v4.layers, 'ip.src')!.value).toBe('10.1.0.5');
    expect(hex(encode(ppp, v4.value))).toBe(hex(IP_PFC));
    const v6 = decode(ppp, IPV6_PFC);
    expect(names(v6.layers).slice(0, 2)).toEqual(['ppp', 'ipv6']);
  });

  it('reads a frame without Address and Control (ACFC) and encodes it back the same', () => {
    const bare = REQUEST.subarray(2);
    const out = decode(ppp, bare);
    expect(out.problems).toEqual([]);
    expect(out.value.acfc).toBe(true);
    expect(findField(out.layers, 'ppp.address')).toBeUndefined();
    expect(findField(out.layers, 'ppp.protocol')).toMatchObject({ start: 0, end: 2 });
    expect(hex(encode(ppp, out.value))).toBe(hex(bare));
  });

  it('encodes ff 03 and the protocol from the payload: IP over PPP from a builder', () => {
    const bytes = encode(ppp, pppFrame(ipv4Packet({ src: '10.1.0.5', dst: '10.0.0.1' })) as PppValue);
    expect(hex(bytes.subarray(0, 5))).toBe('ff03002145');
  });

  it('shows an LCP packet (no codec here) as data after the PPP header', () => {
    const out = decode(ppp, LCP);
    expect(findField(out.layers, 'ppp.protocol')!.display).toBe('Link Control Protocol (0xc021)');
    expect(out.layers[1]!.start).toBe(4);
  });

  it('warns about a protocol number that cannot be valid (even low octet)', () => {
    expect(decode(ppp, fromHex('ff0380204500')).problems.map((p) => p.id)).toContain('ppp.protocol.invalid');
  });

  it('never throws on random frames; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(REQUEST, IP_PFC, LCP), fc.uint8Array({ maxLength: 40 }), fc.nat(40), (base, tail, cut) => {
        const bytes = Uint8Array.of(...base.subarray(0, cut), ...tail);
        const out = decode(ppp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('encode → decode → encode gives the same bytes for any compressions and IPCP packet', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 1, max: 7 }), fc.nat(255), fc.ipV4(), (acfc, code, id, address) => {
        const inner = code <= 4 ? ipcpPacket({ code, id, options: [ipcpOption.ipAddress(address)] }) : ipcpPacket({ code, id });
        const bytes = encode(ppp, { ...(acfc ? { acfc } : {}), payload: inner });
        const out = decode(ppp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(ppp, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'ppp and ipcp agree with tshark 4.0 (link type 9)', () => {
  test('the PMIPv4 address exchange (RFC 5563 §4), IP over PPP and an unknown option decode field for field', async () => {
    const home = '10.1.0.5';
    const frames = [
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureRequest, id: 1, options: [ipcpOption.ipAddress('0.0.0.0'), ipcpOption.primaryDns('0.0.0.0')] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureNak, id: 1, options: [ipcpOption.ipAddress(home), ipcpOption.primaryDns('10.0.0.53')] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureRequest, id: 2, options: [ipcpOption.ipAddress(home), ipcpOption.secondaryDns('10.0.0.54')] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureAck, id: 2, options: [ipcpOption.ipAddress(home), ipcpOption.mobileIpv4(home)] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureReject, id: 3, options: [{ type: 2, protocol: 0x002d, data: fromHex('0f01') }] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.ConfigureReject, id: 3, options: [{ type: 200, data: fromHex('0102') }] })),
      pppFrame(ipcpPacket({ code: IPCP_CODE.TerminateRequest, id: 4 })),
      pppFrame(ipv4Packet({ src: home, dst: '10.0.0.1' })),
    ].map((v) => encode(ppp, v as PppValue));
    frames.push(IP_PFC, IPV6_PFC);
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: LINKTYPE.PPP })));
    assertNoMalformed(packets);
    frames.forEach((frame, i) => {
      const ours = dissect(frame, LINK_TYPE.PPP);
      expect(ours.problems).toEqual([]);
      assertSameFields(ours.layers, packets[i]!, {
        only: (n) => n.startsWith('ppp') || n.startsWith('ipcp') || n === 'ip.src' || n === 'ipv6.src',
        // Our names for what tshark shows unnamed: the option list, unknown options (frame 6, whose
        // Type and Length tshark leaves unnamed too), compression parameters.
        ignore: [
          'ipcp.options',
          'ipcp.opt.unknown',
          'ipcp.opt.unknown.data',
          'ipcp.opt.compress.data',
          ...(i === 5 ? ['ipcp.opt.type', 'ipcp.opt.length'] : []),
        ],
      });
    });
  });
});
