/**
 * Packets built by scapy 2.5 (an encoder that is not ours) decode with our dissector to what scapy
 * was asked for: no problems (so our checksum and length checks agree with scapy's computations,
 * the MH and SCTP CRC-32c checksums included) and the key fields equal to the values given.
 * One python process builds them all (`scapyBatch`).
 */
import { beforeAll, expect, test } from 'vitest';
import { findField, type FieldValue } from '../../src/wire/core';
import { dissect, LINK_TYPE } from '../../src/wire/dissect';
import { encode } from '../../src/wire/core';
import { netlmm, trigger } from '../../src/wire/netlmm';
import { scapyBatch } from '../oracle/scapy';
import { describeWithTool, scapy } from '../oracle/tools';

const E = "Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02')";
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** The Trigger's bytes as the SCTP user data scapy carries (scapy has no NETLMM layer). */
const TRIGGER = hex(encode(netlmm, trigger({ transaction: 7, mnId: '02:00:00:00:00:01' })));

interface Case {
  /** The python expression. */
  expr: string;
  linkType?: number;
  /** Our layer names, outermost first. */
  layers: string[];
  /** Field name → the value our tree must hold (the first node of that name). */
  fields: Record<string, FieldValue>;
}

const cases: Record<string, Case> = {
  arp: {
    expr: `${E}/ARP(op=1, hwsrc='02:00:00:00:00:01', psrc='10.0.0.5', pdst='10.0.0.1')`,
    layers: ['eth', 'arp'],
    fields: { 'arp.opcode': 1, 'arp.src.proto_ipv4': '10.0.0.5', 'arp.dst.proto_ipv4': '10.0.0.1' },
  },
  icmpEcho: {
    expr: `${E}/IP(src='10.0.0.5', dst='10.0.0.1', id=1)/ICMP(id=0x1234, seq=1)/b'ping'`,
    layers: ['eth', 'ip', 'icmp'],
    fields: { 'ip.src': '10.0.0.5', 'icmp.type': 8, 'icmp.ident': 0x1234, 'icmp.seq': 1 },
  },
  icmpTimeExceeded: {
    expr: `${E}/IP(src='10.0.0.1', dst='10.0.0.5')/ICMP(type=11, code=0)/IPerror(src='10.0.0.5', dst='198.51.100.7', ttl=1)/UDPerror(sport=49152, dport=33434)`,
    layers: ['eth', 'ip', 'icmp'],
    fields: { 'icmp.type': 11, 'icmp.code': 0 },
  },
  ipInIp: {
    expr: `${E}/IP(src='192.0.2.10', dst='198.51.100.1')/IP(src='198.51.100.7', dst='10.0.0.5')/ICMP()`,
    layers: ['eth', 'ip', 'ip', 'icmp'],
    fields: { 'ip.proto': 4 },
  },
  echo6: {
    expr: `${E}/IPv6(src='2001:db8:1:1::5', dst='2001:db8:9::9')/ICMPv6EchoRequest(id=0x1234, seq=1, data=b'ping')`,
    layers: ['eth', 'ipv6', 'icmpv6'],
    fields: { 'ipv6.src': '2001:db8:1:1::5', 'icmpv6.type': 128, 'icmpv6.echo.identifier': 0x1234 },
  },
  rs: {
    expr: `${E}/IPv6(src='fe80::1', dst='ff02::2', hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01')`,
    layers: ['eth', 'ipv6', 'icmpv6'],
    fields: { 'icmpv6.type': 133, 'icmpv6.opt.linkaddr': '02:00:00:00:00:01' },
  },
  ra: {
    expr: `${E}/IPv6(src='fe80::2', dst='ff02::1', hlim=255)/ICMPv6ND_RA(routerlifetime=1800)/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:02')/ICMPv6NDOptMTU(mtu=1460)/ICMPv6NDOptPrefixInfo(prefix='2001:db8:1:1::', prefixlen=64, validlifetime=86400, preferredlifetime=14400)`,
    layers: ['eth', 'ipv6', 'icmpv6'],
    fields: { 'icmpv6.type': 134, 'icmpv6.nd.ra.router_lifetime': 1800, 'icmpv6.opt.mtu': 1460, 'icmpv6.opt.prefix': '2001:db8:1:1::', 'icmpv6.opt.prefix.length': 64 },
  },
  ns: {
    expr: `${E}/IPv6(src='fe80::1', dst='ff02::1:ff00:2', hlim=255)/ICMPv6ND_NS(tgt='fe80::2')/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01')`,
    layers: ['eth', 'ipv6', 'icmpv6'],
    fields: { 'icmpv6.type': 135, 'icmpv6.nd.ns.target_address': 'fe80::2' },
  },
  na: {
    expr: `${E}/IPv6(src='fe80::2', dst='fe80::1', hlim=255)/ICMPv6ND_NA(tgt='fe80::2', R=1, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr='02:00:00:00:00:02')`,
    layers: ['eth', 'ipv6', 'icmpv6'],
    fields: { 'icmpv6.type': 136, 'icmpv6.nd.na.flag.r': true, 'icmpv6.nd.na.flag.s': true, 'icmpv6.nd.na.flag.o': true },
  },
  ipv6InIpv6: {
    expr: `${E}/IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/IPv6(src='2001:db8:9::9', dst='2001:db8:1:1::5')/ICMPv6EchoReply()`,
    layers: ['eth', 'ipv6', 'ipv6', 'icmpv6'],
    fields: { 'ipv6.nxt': 41 },
  },
  ipv4InIpv6: {
    expr: `${E}/IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/IP(src='10.0.0.5', dst='198.51.100.7')/ICMP()`,
    layers: ['eth', 'ipv6', 'ip', 'icmp'],
    fields: { 'ipv6.nxt': 4 },
  },
  dstoptsHao: {
    expr: `${E}/IPv6(src='2001:db8:c0a::1', dst='2001:db8:b::9')/IPv6ExtHdrDestOpt(options=[HAO(hoa='2001:db8:1:1::5')])/ICMPv6EchoRequest()`,
    layers: ['eth', 'ipv6', 'ipv6.dstopts', 'icmpv6'],
    fields: { 'ipv6.opt.mipv6.home_address': '2001:db8:1:1::5' },
  },
  bu: {
    expr: `${E}/IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/MIP6MH_BU(seq=7, flags='AP', mhtime=900, options=[MIP6OptMNID(id=b'mn1@example.com')])`,
    layers: ['eth', 'ipv6', 'mipv6'],
    fields: { 'mip6.mhtype': 5, 'mip6.bu.seqnr': 7, 'mip6.bu.lifetime': 900, 'mip6.bu.a_flag': true, 'mip6.bu.p_flag': true, 'mip6.mnid.identifier': 'mn1@example.com' },
  },
  ba: {
    expr: `${E}/IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/MIP6MH_BA(status=0, seq=7, mhtime=900)`,
    layers: ['eth', 'ipv6', 'mipv6'],
    fields: { 'mip6.mhtype': 6, 'mip6.ba.status': 0, 'mip6.ba.seqnr': 7, 'mip6.ba.lifetime': 900 },
  },
  brr: {
    expr: `${E}/IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/MIP6MH_BRR()`,
    layers: ['eth', 'ipv6', 'mipv6'],
    fields: { 'mip6.mhtype': 0 },
  },
  be: {
    expr: `${E}/IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/MIP6MH_BE(status=2, ha='2001:db8:1:1::5')`,
    layers: ['eth', 'ipv6', 'mipv6'],
    fields: { 'mip6.mhtype': 7, 'mip6.be.status': 2, 'mip6.be.haddr': '2001:db8:1:1::5' },
  },
  rrq: {
    expr: `${E}/IP(src='198.51.100.1', dst='192.0.2.10')/UDP(sport=434, dport=434)/MobileIP()/MobileIPRRQ(flags=0x02, lifetime=1800, homeaddr='10.0.0.5', haaddr='192.0.2.10', coaddr='198.51.100.1', id=0xe8d4a51000000000)/Raw(bytes([131, 15]) + b'mn1@example.com')`,
    layers: ['eth', 'ip', 'udp', 'mip'],
    fields: { 'mip.type': 1, 'mip.life': 1800, 'mip.homeaddr': '10.0.0.5', 'mip.haaddr': '192.0.2.10', 'mip.coa': '198.51.100.1', 'mip.nai': 'mn1@example.com' },
  },
  rrp: {
    expr: `${E}/IP(src='192.0.2.10', dst='198.51.100.1')/UDP(sport=434, dport=434)/MobileIP()/MobileIPRRP(code=0, lifetime=1800, homeaddr='10.0.0.5', haaddr='192.0.2.10', id=0xe8d4a51000000000)/Raw(bytes([131, 15]) + b'mn1@example.com')`,
    layers: ['eth', 'ip', 'udp', 'mip'],
    fields: { 'mip.type': 3, 'mip.code': 0, 'mip.life': 1800, 'mip.homeaddr': '10.0.0.5' },
  },
  dhcpDiscover: {
    expr: `${E}/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP(chaddr=bytes.fromhex('020000000001'), xid=0xabcdef01, flags=0x8000)/DHCP(options=[('message-type', 'discover'), ('hostname', b'mn1'), ('param_req_list', [1, 3, 6]), 'end'])`,
    layers: ['eth', 'ip', 'udp', 'dhcp'],
    fields: { 'dhcp.type': 1, 'dhcp.id': 0xabcdef01, 'dhcp.hw.mac_addr': '02:00:00:00:00:01', 'dhcp.flags.bc': true, 'dhcp.option.dhcp': 1, 'dhcp.option.hostname': 'mn1' },
  },
  dhcpAckRelayed: {
    expr: `${E}/IP(src='10.1.0.1', dst='10.0.0.1')/UDP(sport=67, dport=67)/BOOTP(op=2, hops=1, chaddr=bytes.fromhex('020000000001'), xid=0xabcdef01, yiaddr='10.0.0.5', giaddr='10.0.0.1')/DHCP(options=[('message-type', 'ack'), ('server_id', '10.1.0.1'), ('lease_time', 86400), ('relay_agent_information', b'\\x01\\x04mag1'), 'end'])`,
    layers: ['eth', 'ip', 'udp', 'dhcp'],
    fields: { 'dhcp.type': 2, 'dhcp.hops': 1, 'dhcp.ip.your': '10.0.0.5', 'dhcp.ip.relay': '10.0.0.1', 'dhcp.option.dhcp': 5, 'dhcp.option.ip_address_lease_time': 86400 },
  },
  radiusRequest: {
    expr: `${E}/IP(src='192.0.2.10', dst='192.0.2.100')/UDP(sport=50000, dport=1812)/Radius(code=1, id=42, authenticator=bytes(range(16, 32)), attributes=[RadiusAttribute(type=1, value=b'mn1@example.org'), RadiusAttribute(type=4, value=bytes([192, 0, 2, 10]))])`,
    layers: ['eth', 'ip', 'udp', 'radius'],
    fields: { 'radius.code': 1, 'radius.id': 42, 'radius.User_Name': 'mn1@example.org', 'radius.NAS_IP_Address': '192.0.2.10' },
  },
  radiusAccept: {
    expr: `${E}/IP(src='192.0.2.100', dst='192.0.2.10')/UDP(sport=1812, dport=50000)/Radius(code=2, id=42, attributes=[RadiusAttribute(type=8, value=bytes([10, 0, 0, 5])), RadiusAttribute(type=27, value=(3600).to_bytes(4, 'big'))])`,
    layers: ['eth', 'ip', 'udp', 'radius'],
    fields: { 'radius.code': 2, 'radius.Framed-IP-Address': '10.0.0.5', 'radius.Session_Timeout': 3600 },
  },
  radiusReject: {
    expr: `${E}/IP(src='192.0.2.100', dst='192.0.2.10')/UDP(sport=1812, dport=50001)/Radius(code=3, id=43, attributes=[RadiusAttribute(type=18, value=b'Denied')])`,
    layers: ['eth', 'ip', 'udp', 'radius'],
    fields: { 'radius.code': 3, 'radius.Reply_Message': 'Denied' },
  },
  greV4: {
    expr: `${E}/IP(src='192.0.2.1', dst='192.0.2.2')/GRE(key_present=1, key=0x1234)/IP(src='10.0.0.5', dst='198.51.100.7')/ICMP()`,
    layers: ['eth', 'ip', 'gre', 'ip', 'icmp'],
    fields: { 'gre.key': 0x1234, 'gre.proto': 0x0800 },
  },
  greV6: {
    expr: `${E}/IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/GRE(key_present=1, key=0xabcd)/IPv6(src='2001:db8:9::9', dst='2001:db8:1:1::5')/ICMPv6EchoRequest()`,
    layers: ['eth', 'ipv6', 'gre', 'ipv6', 'icmpv6'],
    fields: { 'gre.key': 0xabcd, 'gre.proto': 0x86dd },
  },
  udp5437: {
    expr: `${E}/IP(src='192.0.2.1', dst='192.0.2.2')/UDP(sport=5437, dport=5437)/IP(src='10.0.0.5', dst='198.51.100.7')/ICMP()`,
    layers: ['eth', 'ip', 'udp', 'ip', 'icmp'],
    fields: { 'udp.dstport': 5437 },
  },
  udp4191: {
    expr: `${E}/IP(src='192.0.2.1', dst='192.0.2.2')/UDP(sport=49200, dport=4191)/IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/MIP6MH_BU(seq=1, flags='AP', mhtime=900)`,
    layers: ['eth', 'ip', 'udp', 'ipv6', 'mipv6'],
    fields: { 'mip6.bu.seqnr': 1 },
  },
  sctpData: {
    expr: `${E}/IP(src='192.0.2.1', dst='192.0.2.20')/SCTP(sport=49152, dport=49152, tag=0x1234abcd)/SCTPChunkData(beginning=1, ending=1, tsn=1, stream_id=0, stream_seq=0, proto_id=0, data=bytes.fromhex('${TRIGGER}'))`,
    layers: ['eth', 'ip', 'sctp', 'netlmm'],
    fields: { 'sctp.verification_tag': 0x1234abcd, 'sctp.data_tsn_raw': 1, 'sctp.data_b_bit': true, 'sctp.data_e_bit': true },
  },
  ipcpRequest: {
    expr: `HDLC(address=0xff, control=0x03)/PPP(proto=0x8021)/PPP_IPCP(code=1, id=1, options=[PPP_IPCP_Option_IPAddress(data='0.0.0.0')])`,
    linkType: LINK_TYPE.PPP,
    layers: ['ppp', 'ipcp'],
    fields: { 'ppp.protocol': 0x8021, 'ppp.code': 1, 'ppp.identifier': 1, 'ipcp.opt.ip_address': '0.0.0.0' },
  },
  ipcpNak: {
    expr: `HDLC(address=0xff, control=0x03)/PPP(proto=0x8021)/PPP_IPCP(code=3, id=1, options=[PPP_IPCP_Option_IPAddress(data='10.0.0.5')])`,
    linkType: LINK_TYPE.PPP,
    layers: ['ppp', 'ipcp'],
    fields: { 'ppp.code': 3, 'ipcp.opt.ip_address': '10.0.0.5' },
  },
};

describeWithTool(scapy, 'packets built by scapy decode with our dissector to the same values', () => {
  let built: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    built = await scapyBatch(Object.fromEntries(Object.entries(cases).map(([k, c]) => [k, c.expr])), { imports: ['scapy.layers.ppp'] });
  }, 60_000);

  test.each(Object.entries(cases))('%s', (name, c) => {
    const bytes = built[name]!;
    const out = dissect(bytes, c.linkType ?? LINK_TYPE.ETHERNET);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(c.layers);
    const got = Object.fromEntries(Object.keys(c.fields).map((f) => [f, findField(out.layers, f)?.value]));
    expect(got).toEqual(c.fields);
  });
});
