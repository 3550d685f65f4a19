import { encode, fromHex } from '../core';
import { LINK_TYPE } from '../dissect';
import { ethernet, ethernetFrame } from '../ethernet';
import { ipv4Packet } from '../ipv4';
import { ipv6Packet } from '../ipv6';
import '../udp';
import type { Example } from './types';

/*
 * Transport: UDP on its own, over IPv4 and IPv6 on Ethernet. The ports are in the dynamic range
 * (RFC 6335 §6), where neither we nor tshark bind a dissector.
 */

const mn = '02:00:00:00:00:01';
const router = '02:00:00:00:00:02';

export const transportExamples: Example[] = [
  {
    name: 'udp-over-ipv4-empty',
    comment: 'UDP datagram with no payload over IPv4 (RFC 768; RFC 791 §3.1), checksum over the IPv4 pseudo-header',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      encode(ethernet, ethernetFrame({
        src: mn,
        dst: router,
        payload: ipv4Packet({ src: '192.0.2.1', dst: '198.51.100.2', payload: { proto: 'udp', srcport: 49152, dstport: 49153 } }),
      })),
  },
  {
    name: 'udp-over-ipv6-with-data',
    comment: 'UDP datagram over IPv6 carrying 4 octets of data (RFC 768; RFC 8200 §8.1 pseudo-header, checksum mandatory)',
    linkType: LINK_TYPE.ETHERNET,
    dataLayer: true,
    build: () =>
      encode(ethernet, ethernetFrame({
        src: mn,
        dst: router,
        payload: ipv6Packet({
          src: '2001:db8::1',
          dst: '2001:db8:1::2',
          payload: { proto: 'udp', srcport: 49152, dstport: 49153, payload: { proto: 'data', data: fromHex('70696e67') } },
        }),
      })),
  },
];
