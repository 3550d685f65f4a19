import { encode, type LayerValue } from '../core';
import { LINK_TYPE } from '../dissect';
import { arpPacket, gratuitousArp } from '../arp';
import { ethernet, ethernetFrame } from '../ethernet';
import { icmpEcho, icmpError } from '../icmp';
import {
  icmpv6Echo,
  neighborAdvertisement,
  neighborSolicitation,
  routerAdvertisement,
  routerSolicitation,
} from '../icmpv6';
import { ipv4Packet } from '../ipv4';
import { ipv6Packet } from '../ipv6';
import '../ipv6-ext';
import { mtu, prefixInfo, sourceLinkLayer, targetLinkLayer } from '../ndp';
import '../udp';
import type { Example } from './types';

/*
 * The IP layer a MAG and a mobile node exchange on the access link and in the tunnels: ARP, ICMP,
 * IPv6 Neighbor Discovery, and the IP-in-IP encapsulations of RFC 2003 and RFC 2473. The mobile
 * node is 02:00:00:00:00:01, the MAG (its default router) 02:00:00:00:00:02; addresses are from
 * the documentation ranges.
 */

const MN_MAC = '02:00:00:00:00:01';
const MAG_MAC = '02:00:00:00:00:02';
const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const MN4 = '10.0.0.5';
const MAG4 = '10.0.0.1';
const MN_LL = 'fe80::1';
const MAG_LL = 'fe80::2';
const HNP = '2001:db8:1:1::';
const MN6 = '2001:db8:1:1::5';
const MAG6 = '2001:db8:1::1';
const LMA6 = '2001:db8:2::1';

const eth = (src: string, dst: string, payload: LayerValue): Uint8Array => encode(ethernet, ethernetFrame({ src, dst, payload }));
/** Neighbor Discovery needs Hop Limit 255 (RFC 4861 §6.1). */
const nd = (src: string, dst: string, payload: LayerValue) => ipv6Packet({ src, dst, hopLimit: 255, payload });

export const ipExamples: Example[] = [
  {
    name: 'arp-request',
    comment: 'ARP request: who has 10.0.0.1, tell 10.0.0.5 (RFC 826)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MN_MAC, BROADCAST, arpPacket({ opcode: 1, sha: MN_MAC, spa: MN4, tpa: MAG4 })),
  },
  {
    name: 'arp-reply',
    comment: 'ARP reply: 10.0.0.1 is at 02:00:00:00:00:02 (RFC 826)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MAG_MAC, MN_MAC, arpPacket({ opcode: 2, sha: MAG_MAC, spa: MAG4, tha: MN_MAC, tpa: MN4 })),
  },
  {
    name: 'arp-gratuitous',
    comment: 'Gratuitous ARP (a reply about its own address, to everyone) as a MAG sends for a mobile node\'s IPv4 default router (RFC 5944 §4.6, RFC 5844 §3.1.4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MAG_MAC, BROADCAST, gratuitousArp({ sha: MAG_MAC, ip: MAG4 })),
  },
  {
    name: 'icmp-echo-request',
    comment: 'ICMP echo request over IPv4 (RFC 792)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MN_MAC, MAG_MAC, ipv4Packet({ src: MN4, dst: MAG4, id: 0x100, payload: icmpEcho({ ident: 0x1234, seq: 1, data: Uint8Array.of(0x70, 0x69, 0x6e, 0x67) }) })),
  },
  {
    name: 'icmp-time-exceeded',
    comment: 'ICMP time exceeded in transit quoting the IPv4/UDP packet whose TTL ran out (RFC 792; RFC 1812 §4.3.2.3)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MAG_MAC, MN_MAC, ipv4Packet({
        src: MAG4,
        dst: MN4,
        id: 0x101,
        payload: icmpError({
          type: 11,
          code: 0,
          original: ipv4Packet({ src: MN4, dst: '198.51.100.7', ttl: 1, id: 0x55, payload: { proto: 'udp', srcport: 49152, dstport: 49153 } }),
        }),
      })),
  },
  {
    name: 'icmpv6-echo-request',
    comment: 'ICMPv6 echo request from the mobile node\'s home address (RFC 4443 §4.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MN_MAC, MAG_MAC, ipv6Packet({ src: MN6, dst: '2001:db8:9::9', payload: icmpv6Echo({ ident: 0x1234, seq: 1, data: Uint8Array.of(1, 2, 3, 4) }) })),
  },
  {
    name: 'icmpv6-router-solicitation',
    comment: 'Router Solicitation with source link-layer address from an attaching mobile node (RFC 4861 §4.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MN_MAC, '33:33:00:00:00:02', nd(MN_LL, 'ff02::2', routerSolicitation({ options: [sourceLinkLayer(MN_MAC)] }))),
  },
  {
    name: 'icmpv6-router-advertisement',
    comment: 'Router Advertisement from the MAG: source link-layer address, MTU and Prefix Information for the home network prefix (RFC 4861 §4.2, §4.6.2; RFC 5213 §6.7)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MAG_MAC, '33:33:00:00:00:01', nd(MAG_LL, 'ff02::1', routerAdvertisement({
        routerLifetime: 1800,
        reachableTime: 30000,
        retransTimer: 1000,
        options: [sourceLinkLayer(MAG_MAC), mtu(1460), prefixInfo({ prefix: HNP, valid: 86400, preferred: 14400 })],
      }))),
  },
  {
    name: 'icmpv6-neighbor-solicitation',
    comment: 'Neighbor Solicitation for the MAG\'s link-local address, with source link-layer address (RFC 4861 §4.3)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MN_MAC, '33:33:ff:00:00:02', nd(MN_LL, 'ff02::1:ff00:2', neighborSolicitation({ target: MAG_LL, options: [sourceLinkLayer(MN_MAC)] }))),
  },
  {
    name: 'icmpv6-neighbor-advertisement',
    comment: 'Neighbor Advertisement, router, solicited and override set, with target link-layer address (RFC 4861 §4.4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MAG_MAC, MN_MAC, nd(MAG_LL, MN_LL, neighborAdvertisement({ target: MAG_LL, router: true, solicited: true, override: true, options: [targetLinkLayer(MAG_MAC)] }))),
  },
  {
    name: 'ipv6-in-ipv6-tunnel',
    comment: 'IPv6-in-IPv6 tunnel packet from the LMA to the MAG carrying the mobile node\'s traffic (RFC 2473 §3; RFC 5213 §6.10.3)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MAG_MAC, MN_MAC, ipv6Packet({ src: LMA6, dst: MAG6, payload: ipv6Packet({ src: '2001:db8:9::9', dst: MN6, payload: icmpv6Echo({ reply: true, ident: 0x1234, seq: 1 }) }) })),
  },
  {
    name: 'ipv4-in-ipv6-tunnel',
    comment: 'IPv4-in-IPv6 tunnel packet: the mobile node\'s IPv4 traffic over the IPv6 transport network (RFC 2473 §3; RFC 5844 §4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => eth(MAG_MAC, MN_MAC, ipv6Packet({ src: MAG6, dst: LMA6, payload: ipv4Packet({ src: MN4, dst: '198.51.100.7', id: 7, payload: icmpEcho({ ident: 7, seq: 1 }) }) })),
  },
  {
    name: 'ipv4-in-ipv4-tunnel',
    comment: 'IPv4-in-IPv4 tunnel packet from the home agent to the care-of address (RFC 2003 §3; RFC 5944 §4.2.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MAG_MAC, MN_MAC, ipv4Packet({ src: '192.0.2.10', dst: '198.51.100.1', id: 8, payload: ipv4Packet({ src: '198.51.100.7', dst: MN4, id: 9, payload: icmpEcho({ reply: true, ident: 7, seq: 1 }) }) })),
  },
  {
    name: 'ipv6-destination-options-hao',
    comment: 'IPv6 Destination Options header with the Home Address option (8n+6 aligned, PadN before it) on an ICMPv6 echo (RFC 8200 §4.6; RFC 6275 §6.3)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      eth(MN_MAC, MAG_MAC, ipv6Packet({
        src: '2001:db8:c0a::1',
        dst: '2001:db8:b::9',
        payload: { proto: 'ipv6.dstopts', options: [{ type: 0xc9, homeAddress: MN6 }], payload: icmpv6Echo({ ident: 5, seq: 6 }) },
      })),
  },
];
