import { encode, utf8FromText, type LayerValue } from '../core';
import { ethernet, ethernetFrame } from '../ethernet';
import { icmpEcho } from '../icmp';
import { ipv4Packet } from '../ipv4';
import {
  accessTechnology,
  imsiSubscriberId,
  interfaceId,
  macDeviceId,
  MIP_KEYS_HINT,
  proxyRegistrationRequest,
  registrationReply,
  registrationRequest,
  registrationRevocation,
  revocationAck,
  type MipKeys,
} from '../mipv4';
import { LINKTYPE } from '../pcapng';
import type { Example } from './types';

/*
 * Mobile IPv4 and Proxy Mobile IPv4 frames (RFC 5944, RFC 5563, RFC 3543, RFC 3519), each in
 * Ethernet/IPv4/UDP. Addresses are from the documentation ranges: the PMA (or foreign agent) is
 * 198.51.100.1, the home agent 192.0.2.10, a co-located mobile node 203.0.113.9.
 */

/** The example security associations: per-node PMA–HA (FA-HA), MN–HA and MN–AAA. */
export const EXAMPLE_MIP_KEYS: MipKeys = {
  0x100: Uint8Array.of(0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff),
  0x200: utf8FromText('mn-ha shared key'),
  0x300: utf8FromText('aaa'),
};

const PMA = '198.51.100.1';
const HA = '192.0.2.10';
const MN = '203.0.113.9';
const MAC_PMA = '02:00:00:00:01:01';
const MAC_HA = '02:00:00:00:01:02';
const ID = 0xe8d4a51000000000n; // Oct 14, 2023 05:26:40 UTC

function frame(from: string, to: string, sport: number, dport: number, mip: LayerValue): Uint8Array {
  const udp = { proto: 'udp', srcport: sport, dstport: dport, payload: mip };
  const toHa = to === HA;
  const eth = ethernetFrame({ src: toHa ? MAC_PMA : MAC_HA, dst: toHa ? MAC_HA : MAC_PMA, payload: ipv4Packet({ src: from, dst: to, id: 1, payload: udp }) });
  return encode(ethernet, eth, { hints: { [MIP_KEYS_HINT]: EXAMPLE_MIP_KEYS } });
}

const prrq = () =>
  proxyRegistrationRequest({
    lifetime: 1800,
    homeAgent: HA,
    careOf: PMA,
    identification: ID,
    nai: 'mn1@example.com',
    pmipExtensions: [interfaceId('eth0'), macDeviceId('02:00:00:00:00:01'), imsiSubscriberId('001010123456789'), accessTechnology(2)],
    revocationSupport: { i: true, timestamp: 1234567 },
    auth: { kind: 'fa-ha', spi: 0x100 },
  });

const reply = (code: number, lifetime: number) =>
  registrationReply({
    code,
    lifetime,
    homeAddress: code === 0 ? '10.0.0.5' : '0.0.0.0',
    homeAgent: HA,
    identification: ID,
    nai: 'mn1@example.com',
    pmipExtensions: [{ type: 47, subtype: 1, method: 1 }],
    auth: { kind: 'fa-ha', spi: 0x100 },
  });

export const mipv4Examples: Example[] = [
  {
    name: 'mipv4-prrq-per-node-fa-ha',
    comment: 'PMIPv4 Proxy Registration Request: NAI, Per-Node Auth Method, Interface/Device/Subscriber ID, Access Technology, Revocation Support, FA-HA auth (RFC 5563 §4.1.1, §5)',
    linkType: LINKTYPE.ETHERNET,
    build: () => frame(PMA, HA, 434, 434, prrq()),
  },
  {
    name: 'mipv4-prrp-accepted',
    comment: 'PMIPv4 Proxy Registration Reply, code 0, home address 10.0.0.5 assigned (RFC 5563 §4.1.1 step 4)',
    linkType: LINKTYPE.ETHERNET,
    build: () => frame(HA, PMA, 434, 434, reply(0, 1800)),
  },
  {
    name: 'mipv4-prrp-pmip-disallowed',
    comment: 'PMIPv4 Proxy Registration Reply denied: code 150 PMIP_DISALLOWED (RFC 5563 §8.1)',
    linkType: LINKTYPE.ETHERNET,
    build: () => frame(HA, PMA, 434, 434, reply(150, 0)),
  },
  {
    name: 'mipv4-registration-revocation',
    comment: 'Registration Revocation from the home agent to the old PMA, A and I set, FA-HA auth (RFC 3543 §3.3, RFC 5563 §4.1.4)',
    linkType: LINKTYPE.ETHERNET,
    build: () =>
      frame(HA, PMA, 434, 434, registrationRevocation({
        fromHomeAgent: true,
        inform: true,
        homeAddress: '10.0.0.5',
        homeDomainAddress: HA,
        foreignDomainAddress: PMA,
        revocationId: 777,
        nai: 'mn1@example.com',
        auth: { kind: 'fa-ha', spi: 0x100 },
      })),
  },
  {
    name: 'mipv4-revocation-ack',
    comment: 'Registration Revocation Acknowledgement from the old PMA, I set (RFC 3543 §3.4)',
    linkType: LINKTYPE.ETHERNET,
    build: () =>
      frame(PMA, HA, 434, 434, revocationAck({ informed: true, homeAddress: '10.0.0.5', revocationId: 777, nai: 'mn1@example.com', auth: { kind: 'fa-ha', spi: 0x100 } })),
  },
  {
    name: 'mipv4-rrq-udp-tunnel-mn-aaa',
    comment: 'Registration Request from a co-located mobile node behind a NAT: UDP Tunnel Request, MN-HA then MN-AAA auth (RFC 3519 §3.1, RFC 3012 §6)',
    linkType: LINKTYPE.ETHERNET,
    build: () =>
      frame(MN, HA, 49152, 434, registrationRequest({
        lifetime: 600,
        homeAddress: '10.0.0.7',
        homeAgent: HA,
        careOf: MN,
        identification: ID + 1n,
        flags: { d: true, t: true },
        nai: 'mn2@example.com',
        extensions: [{ type: 144, flags: { f: true }, encapsulation: 4 }],
        auth: [
          { kind: 'mn-ha', spi: 0x200 },
          { kind: 'mn-aaa', spi: 0x300 },
        ],
      })),
  },
  {
    name: 'mipv4-tunnel-data-keepalive',
    comment: 'MIP Tunnel Data (UDP tunnelling): an ICMP echo request keepalive inside, Next Header 4 (RFC 3519 §3.3, §4.9)',
    linkType: LINKTYPE.ETHERNET,
    build: () =>
      frame(MN, HA, 49152, 434, {
        proto: 'mip',
        type: 4,
        payload: ipv4Packet({ src: '10.0.0.7', dst: HA, id: 2, payload: icmpEcho({ ident: 1, seq: 1 }) }),
      }),
  },
];
