import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex } from '../../src/wire/core';
import '../../src/wire/data';
import { dissect } from '../../src/wire/dissect';
import {
  assignedAddress, DHCPV6_OPTION, DHCPV6_TYPE, dhcpv6, dhcpv6Message, duidLl, iaNa, relayedMessage, relayMessage, type Dhcpv6Message,
} from '../../src/wire/dhcpv6';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv6Packet } from '../../src/wire/ipv6';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

/*
 * scapy 2.5.0 (/usr/bin/python3, from scapy.layers.dhcp6 import *):
 *   sol = DHCP6_Solicit(trid=0x123456)/DHCP6OptClientId(duid=DUID_LL(lladdr='02:00:00:00:00:11'))
 *         /DHCP6OptRapidCommit()/DHCP6OptElapsedTime(elapsedtime=0)/DHCP6OptIA_NA(iaid=1,T1=0,T2=0)
 *   bytes(DHCP6_RelayForward(hopcount=0, linkaddr='::', peeraddr='fe80::11')
 *         /DHCP6OptIfaceId(ifaceid=b'mn1')/DHCP6OptRelayMsg(message=sol))
 */
const RELAY_FORW = fromHex(
  '0c0000000000000000000000000000000000fe800000000000000000000000000011001200036d6e310009002c011234560001000a00030001020000000011000e00000008000200000003000c000000010000000000000000',
);

const MAC = '02:00:00:00:00:11';
const solicit = (): Dhcpv6Message =>
  dhcpv6Message(DHCPV6_TYPE.Solicit, 0x123456, [
    { type: DHCPV6_OPTION.ClientId, duid: duidLl(MAC) },
    { type: DHCPV6_OPTION.RapidCommit },
    { type: DHCPV6_OPTION.ElapsedTime, elapsed: 0 },
    iaNa({ iaid: 1 }),
  ]);
const reply = (): Dhcpv6Message =>
  dhcpv6Message(DHCPV6_TYPE.Reply, 0x123456, [
    iaNa({ iaid: 1, address: { address: '2001:db8:100::100', preferred: 3600, valid: 7200 } }),
    { type: DHCPV6_OPTION.ClientId, duid: duidLl(MAC) },
    { type: DHCPV6_OPTION.ServerId, duid: duidLl('02:00:00:01:00:99') },
    { type: DHCPV6_OPTION.RapidCommit },
  ]);
const relayRepl = (): Dhcpv6Message =>
  relayMessage({ msgtype: DHCPV6_TYPE.RelayRepl, linkaddr: '::', peeraddr: 'fe80::ff:fe00:11', interfaceId: new TextEncoder().encode('mn1'), inner: reply() });

const inFrame = (m: Dhcpv6Message, sport = 547, dport = 547): Uint8Array =>
  encode(
    ethernet,
    ethernetFrame({
      src: '02:00:00:00:00:01',
      dst: '02:00:00:00:00:02',
      payload: ipv6Packet({ src: '2001:db8:d::1', dst: '2001:db8:1::1', payload: { proto: 'udp', srcport: sport, dstport: dport, payload: m } }),
    }) as never,
  );

describe('DHCPv6 (RFC 8415 §8, §9, §21)', () => {
  it('decodes the scapy Relay-forw with the Solicit inside, and encodes the same bytes from the builders', () => {
    const out = decode(dhcpv6, RELAY_FORW);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ msgtype: 12, hopcount: 0, linkaddr: '::', peeraddr: 'fe80::11' });
    const inner = relayedMessage(out.value as Dhcpv6Message)!;
    expect(inner).toMatchObject({ msgtype: 1, xid: 0x123456 });
    expect(findField(out.layers, 'dhcpv6.duidll.link_layer_addr')).toMatchObject({ start: 57, end: 63, value: MAC });
    expect(findField(out.layers, 'dhcpv6.iaid')).toMatchObject({ start: 77, end: 81, value: '00000001' });
    expect(findFields(out.layers, 'dhcpv6.msgtype').map((n) => n.value)).toEqual([12, 1]);
    const ours = relayMessage({ msgtype: 12, linkaddr: '::', peeraddr: 'fe80::11', interfaceId: new TextEncoder().encode('mn1'), inner: solicit() });
    expect(hex(encode(dhcpv6, ours))).toBe(hex(RELAY_FORW));
    expect(out.layers[0]!.display).toBe('DHCPv6 Relay-forw L: :: Solicit XID: 0x123456');
  });

  it('reads the assigned address out of a Reply', () => {
    const out = decode(dhcpv6, encode(dhcpv6, relayRepl()));
    expect(out.problems).toEqual([]);
    expect(assignedAddress(relayedMessage(out.value as Dhcpv6Message)!)).toEqual({ address: '2001:db8:100::100', preferred: 3600, valid: 7200 });
  });

  it('keeps an option cut short as raw bytes with one problem, and encodes them back', () => {
    const bytes = fromHex('01123456' + '000100' + '0a0003');
    const out = decode(dhcpv6, bytes);
    expect(out.problems.map((p) => p.id)).toEqual(['dhcpv6.option.length.invalid']);
    expect(findField(out.layers, 'dhcpv6.option.raw')).toMatchObject({ start: 4, end: 10, raw: true });
    expect(hex(encode(dhcpv6, out.value))).toBe(hex(bytes));
  });

  it('encode → decode → encode gives the same bytes; any bytes decode without throwing, every node inside its parent', () => {
    const arbitrary = fc.record({ xid: fc.integer({ min: 0, max: 0xffffff }), iaid: fc.nat(), mac: fc.constantFrom(MAC, '02:00:00:00:00:12'), relay: fc.boolean() });
    fc.assert(
      fc.property(arbitrary, ({ xid, iaid, mac, relay }) => {
        const m = dhcpv6Message(DHCPV6_TYPE.Solicit, xid, [{ type: DHCPV6_OPTION.ClientId, duid: duidLl(mac) }, iaNa({ iaid })]);
        const v = relay ? relayMessage({ msgtype: 12, linkaddr: '::', peeraddr: 'fe80::1', inner: m }) : m;
        const bytes = encode(dhcpv6, v);
        expect(hex(encode(dhcpv6, decode(dhcpv6, bytes).value))).toBe(hex(bytes));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const frame = inFrame({ proto: 'dhcpv6', msgtype: 1 } as Dhcpv6Message);
        const cut = new Uint8Array([...frame.subarray(0, 62), ...b]);
        const d = dissect(cut);
        expect(treeViolation(d.layers, cut.length)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'DHCPv6 agrees with tshark 4.0', () => {
  it('a Relay-forw with a Solicit and a Relay-reply with a Reply decode field for field', async () => {
    const frames = [inFrame(decode(dhcpv6, RELAY_FORW).value as Dhcpv6Message), inFrame(relayRepl())];
    const packets = await pdmlOf(frames.map((data) => ({ data })));
    assertNoMalformed(packets);
    frames.forEach((f, i) => assertSameFields(dissect(f).layers, packets[i]!, { only: (n) => n.startsWith('dhcpv6') }));
  });
});
