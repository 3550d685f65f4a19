import { encode, type LayerValue } from '../core';
import { LINK_TYPE } from '../dissect';
import { ethernet, ethernetFrame } from '../ethernet';
import { grePacket } from '../gre';
import { icmpEcho } from '../icmp';
import { icmpv6Echo } from '../icmpv6';
import { ipcpOption, ipcpPacket, IPCP_CODE } from '../ipcp';
import { ipv4Packet } from '../ipv4';
import { ipv6Packet } from '../ipv6';
import { proxyBindingAck, proxyBindingUpdate } from '../mh';
import { NETLMM_PPID, NETLMM_SCTP_PORT, notification, trigger } from '../netlmm';
import { ppp, pppFrame } from '../ppp';
import { sctpData } from '../sctp';
import { DSMIP6_PORT, PMIP6_DATA_PORT, tlvPacket } from '../tlv-header';
import '../udp';
import type { Example } from './types';

/*
 * The tunnels and side channels of the lab: GRE with keys (RFC 2784, RFC 2890; RFC 5845), UDP
 * encapsulation on 5437 with and without the TLV header (RFC 5844 §4, RFC 5845 §7.2), seed 002's
 * IPv6+MH on UDP 4191, PPP/IPCP on the PMIPv4 access link (RFC 1661, RFC 1332), and the SCTP
 * association between a MAG and its PMIP client (draft-singh-netlmm-protocol-02, seed 003).
 * tshark 4.0 binds no dissector to UDP 5437 or 4191 (Decode As is needed), cannot read the TLV
 * header, and has no dissector for the Trigger and Notification (PROTOCOLS.md §12).
 */

const MAG_MAC = '02:00:00:00:02:01';
const LMA_MAC = '02:00:00:00:02:02';
const MAG4 = '192.0.2.1';
const LMA4 = '192.0.2.2';
const MAG6 = '2001:db8:1::1';
const LMA6 = '2001:db8:2::1';
const MN4 = '10.0.0.5';
const MN6 = '2001:db8:1:1::5';

const eth = (payload: LayerValue, toLma = true): Uint8Array =>
  encode(ethernet, ethernetFrame({ src: toLma ? MAG_MAC : LMA_MAC, dst: toLma ? LMA_MAC : MAG_MAC, payload }));
const udp4 = (sport: number, dport: number, payload: LayerValue): LayerValue =>
  ipv4Packet({ src: MAG4, dst: LMA4, id: 1, payload: { proto: 'udp', srcport: sport, dstport: dport, payload } });
const mnPing4 = () => ipv4Packet({ src: MN4, dst: '198.51.100.7', id: 3, payload: icmpEcho({ ident: 7, seq: 1 }) });

const PBU = () => proxyBindingUpdate({ seq: 7, lifetimeSeconds: 3600, nai: 'mn1@example.com', hnps: ['::/0'], handoff: 1, att: 4 });
const PBA = () => proxyBindingAck({ status: 0, seq: 7, lifetimeSeconds: 3600, nai: 'mn1@example.com', hnps: ['2001:db8:1:1::/64'], handoff: 1, att: 4 });

const ipcp = (code: number, id: number, address: string): Uint8Array =>
  encode(ppp, pppFrame(ipcpPacket({ code, id, options: [ipcpOption.ipAddress(address)] })) as never);

const sctp = (payload: LayerValue, tsn: number, toMag: boolean): Uint8Array =>
  encode(ethernet, ethernetFrame({
    src: toMag ? LMA_MAC : MAG_MAC,
    dst: toMag ? MAG_MAC : LMA_MAC,
    payload: ipv4Packet({
      src: toMag ? '192.0.2.20' : '192.0.2.1',
      dst: toMag ? '192.0.2.1' : '192.0.2.20',
      id: tsn,
      payload: sctpData({ srcport: NETLMM_SCTP_PORT, dstport: NETLMM_SCTP_PORT, verificationTag: 0x1234abcd, tsn, ppid: NETLMM_PPID, payload }),
    }),
  }));

const NETLMM_CAVEAT = 'SCTP port 49152 and PPID 0 are lab choices (the draft got no assigned port or PPID), so tshark 4.0 shows the message as data';
const SCTP_TSHARK = ['-o', 'sctp.checksum:CRC-32c'];

export const tunnelExamples: Example[] = [
  {
    name: 'gre-key-ipv4-in-ipv4',
    comment: 'GRE with key 0x1234 carrying the mobile node\'s IPv4 packet between MAG and LMA over IPv4 (RFC 2784 §2; RFC 2890 §2.1; RFC 5845 §4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(ipv4Packet({ src: MAG4, dst: LMA4, id: 2, payload: grePacket({ key: 0x1234, payload: mnPing4() }) })),
  },
  {
    name: 'gre-key-ipv6-in-ipv6',
    comment: 'GRE with key 0xabcd carrying the mobile node\'s IPv6 packet between LMA and MAG over IPv6 (RFC 2784 §2; RFC 2890 §2.1; RFC 5845 §4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(ipv6Packet({ src: LMA6, dst: MAG6, payload: grePacket({ key: 0xabcd, payload: ipv6Packet({ src: '2001:db8:9::9', dst: MN6, payload: icmpv6Echo({ reply: true, ident: 7, seq: 1 }) }) }) }), false),
  },
  {
    name: 'udp-5437-ipv4-data',
    comment: 'IPv4-UDP tunnel data: the mobile node\'s IPv4 packet right after UDP 5437 (RFC 5844 §4). tshark 4.0 needs Decode As udp.port==5437,ip',
    linkType: LINK_TYPE.ETHERNET,
    tshark: ['-d', 'udp.port==5437,ip'],
    build: () => eth(udp4(PMIP6_DATA_PORT, PMIP6_DATA_PORT, mnPing4())),
  },
  {
    name: 'udp-5437-tlv-header-gre',
    comment: 'IPv4-UDP-TLV tunnel data: TLV header (type 0, next header GRE) then GRE key 0x1234 and the IPv4 packet, on UDP 5437 (RFC 5845 §7.2). tshark 4.0 has no dissector for the TLV header: it shows UDP data',
    linkType: LINK_TYPE.ETHERNET,
    tsharkBlind: ['pmip6.tlv'],
    build: () => eth(udp4(PMIP6_DATA_PORT, PMIP6_DATA_PORT, tlvPacket(grePacket({ key: 0x1234, payload: mnPing4() })))),
  },
  {
    name: 'udp-4191-ipv6-pbu',
    comment: 'Seed 002 Fig. 8: a PBU in an inner IPv6 header over IPv4/UDP 4191 (the DSMIPv6 NAT-traversal port, RFC 5555 §4.1); MH checksum over the inner IPv6 pseudo-header. tshark needs Decode As udp.port==4191,ipv6',
    linkType: LINK_TYPE.ETHERNET,
    tshark: ['-d', 'udp.port==4191,ipv6'],
    build: () => eth(udp4(49200, DSMIP6_PORT, ipv6Packet({ src: MAG6, dst: LMA6, payload: PBU() }))),
  },
  {
    name: 'ppp-ipcp-configure-request',
    comment: 'PPP IPCP Configure-Request for IP-Address 0.0.0.0 from the mobile node (RFC 1332 §3.3; RFC 1661 §5.1; RFC 5563 §4.2)',
    linkType: LINK_TYPE.PPP,
    build: () => ipcp(IPCP_CODE.ConfigureRequest, 1, '0.0.0.0'),
  },
  {
    name: 'ppp-ipcp-configure-nak',
    comment: 'PPP IPCP Configure-Nak from the PMA suggesting the home address 10.0.0.5 (RFC 1332 §3.3; RFC 1661 §5.3)',
    linkType: LINK_TYPE.PPP,
    build: () => ipcp(IPCP_CODE.ConfigureNak, 1, MN4),
  },
  {
    name: 'ppp-ipcp-configure-ack',
    comment: 'PPP IPCP Configure-Ack of the home address 10.0.0.5 (RFC 1332 §3.3; RFC 1661 §5.2)',
    linkType: LINK_TYPE.PPP,
    build: () => ipcp(IPCP_CODE.ConfigureAck, 2, MN4),
  },
  {
    name: 'sctp-netlmm-trigger',
    comment: `NETLMM Trigger from the MAG to the PMIP client in an SCTP DATA chunk: MN L2-ID and pHoA (draft-singh-netlmm-protocol-02 §4.9.1; RFC 9260 §3.3.1). ${NETLMM_CAVEAT}`,
    linkType: LINK_TYPE.ETHERNET,
    tshark: SCTP_TSHARK,
    tsharkBlind: ['netlmm'],
    build: () => sctp(trigger({ transaction: 7, mnId: '02:00:00:00:00:01', pHoA: MN6 }), 1, false),
  },
  {
    name: 'sctp-netlmm-notification-pba',
    comment: `NETLMM Notification from the PMIP client to the MAG in an SCTP DATA chunk: Status 0 and a Container holding the PBA (draft-singh-netlmm-protocol-02 §4.9.2; RFC 9260 §3.3.1). ${NETLMM_CAVEAT}`,
    linkType: LINK_TYPE.ETHERNET,
    tshark: SCTP_TSHARK,
    tsharkBlind: ['netlmm'],
    build: () => sctp(notification({ transaction: 7, status: 0, pba: PBA() }), 2, true),
  },
];
