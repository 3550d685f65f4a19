import { encode } from '../core';
import { LINK_TYPE } from '../dissect';
import { ethernet, ethernetFrame } from '../ethernet';
import { ipv4Packet } from '../ipv4';
import { ipv6Packet } from '../ipv6';
import {
  greKeyOption,
  ipv4CareOfAddressOption,
  ipv4DefaultRouterOption,
  ipv4DhcpSupportModeOption,
  ipv4HomeAddressReplyOption,
  ipv4HomeAddressRequestOption,
  natDetectionOption,
  proxyBindingAck,
  proxyBindingUpdate,
  type MobilityHeader,
} from '../mh';
import '../udp';
import type { Example } from './types';

/*
 * The Mobility Header (RFC 6275 §6.1) as Proxy Mobile IPv6 uses it (RFC 5213, its IPv4 support
 * RFC 5844, heartbeat RFC 5847, revocation RFC 5846, GRE keys RFC 5845), over IPv6 and, with a zero
 * MH checksum, over IPv4/UDP 5436 (RFC 5844 §3.2). The MAG is 2001:db8:1::1 / 192.0.2.1, the LMA
 * 2001:db8:2::1 / 192.0.2.2. tshark 4.0 never verifies the MH checksum; our own tests do.
 */

const MAG = '2001:db8:1::1';
const LMA = '2001:db8:2::1';
const MAG4 = '192.0.2.1';
const LMA4 = '192.0.2.2';
const MAG_MAC = '02:00:00:00:02:01';
const LMA_MAC = '02:00:00:00:02:02';
const NAI = 'mn1@example.com';
const TIMESTAMP = 0x0000659f3d008000n; // Jan 11, 2024 00:57:36.5 UTC

const overIpv6 = (mh: MobilityHeader, toLma = true): Uint8Array =>
  encode(
    ethernet,
    ethernetFrame({
      src: toLma ? MAG_MAC : LMA_MAC,
      dst: toLma ? LMA_MAC : MAG_MAC,
      payload: ipv6Packet({ src: toLma ? MAG : LMA, dst: toLma ? LMA : MAG, payload: mh }),
    }),
  );

const overUdp = (mh: MobilityHeader, toLma = true): Uint8Array =>
  encode(
    ethernet,
    ethernetFrame({
      src: toLma ? MAG_MAC : LMA_MAC,
      dst: toLma ? LMA_MAC : MAG_MAC,
      payload: ipv4Packet({ src: toLma ? MAG4 : LMA4, dst: toLma ? LMA4 : MAG4, id: 1, payload: { proto: 'udp', srcport: 5436, dstport: 5436, payload: mh } }),
    }),
  );

export const mhExamples: Example[] = [
  {
    name: 'pbu-every-pmipv6-option',
    comment:
      'Proxy Binding Update with every PMIPv6 option: MN Identifier (NAI), Home Network Prefix ::/0, Handoff Indicator, Access Technology Type, Timestamp, MN Link-layer Identifier, Link-local Address, GRE Key (RFC 5213 §6.9.1.5, §8; RFC 5845 §3.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(proxyBindingUpdate({
        seq: 7,
        lifetimeSeconds: 3600,
        nai: NAI,
        hnps: ['::/0'],
        handoff: 1,
        att: 4,
        timestamp: TIMESTAMP,
        mnLinkLayerId: '02:00:00:00:00:01',
        linkLocal: '::',
        options: [greKeyOption(0xabcd)],
      })),
  },
  {
    name: 'pba-accepted',
    comment: 'Proxy Binding Acknowledgement, status 0 accepted, the PBU\'s options echoed with the assigned Home Network Prefix and the LMA\'s GRE key (RFC 5213 §5.3.6, §8.2; RFC 5845 §3.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(
        proxyBindingAck({
          status: 0,
          seq: 7,
          lifetimeSeconds: 3600,
          nai: NAI,
          hnps: ['2001:db8:1:1::/64'],
          handoff: 1,
          att: 4,
          timestamp: TIMESTAMP,
          mnLinkLayerId: '02:00:00:00:00:01',
          linkLocal: 'fe80::2',
          options: [greKeyOption(0x1234)],
        }),
        false,
      ),
  },
  {
    name: 'pbu-deregistration',
    comment: 'De-registration Proxy Binding Update: lifetime 0, handoff indicator 4 (RFC 5213 §6.9.1.2, §8.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(proxyBindingUpdate({ seq: 8, lifetimeSeconds: 0, nai: NAI, hnps: ['2001:db8:1:1::/64'], handoff: 4, att: 4, timestamp: TIMESTAMP + 0x10000n })),
  },
  {
    name: 'mh-binding-refresh-request',
    comment: 'Binding Refresh Request (RFC 6275 §6.1.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => overIpv6({ proto: 'mipv6', mhType: 0, body: {} }, false),
  },
  {
    name: 'mh-binding-error',
    comment: 'Binding Error, status 2 unrecognized MH type (RFC 6275 §6.1.9)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => overIpv6({ proto: 'mipv6', mhType: 7, body: { status: 2, homeAddress: '2001:db8:1:1::5' } }, false),
  },
  {
    name: 'mh-bri-revocation',
    comment: 'Binding Revocation Indication from the LMA, P and G set, trigger 2 (per-peer policy), with the MN Identifier (RFC 5846 §6.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6({ proto: 'mipv6', mhType: 16, body: { brType: 1, trigger: 2, seq: 5, flags: { p: true, g: true } }, options: [{ type: 8, subtype: 1, identifier: NAI }] }, false),
  },
  {
    name: 'mh-bra-revocation-ack',
    comment: 'Binding Revocation Acknowledgement from the MAG, P and V set, status 1 partial success (RFC 5846 §6.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => overIpv6({ proto: 'mipv6', mhType: 16, body: { brType: 2, status: 1, seq: 5, flags: { p: true, v: true } } }),
  },
  {
    name: 'mh-heartbeat',
    comment: 'Heartbeat request with a Restart Counter option (RFC 5847 §5.1, §5.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => overIpv6({ proto: 'mipv6', mhType: 13, body: { flags: { u: false, r: false }, seq: 77 }, options: [{ type: 28, counter: 3 }] }),
  },
  {
    name: 'pbu-ipv4-home-address-request',
    comment: 'Proxy Binding Update over IPv6 asking for an IPv4 home address: IPv4 Home Address Request 0.0.0.0/0 (RFC 5844 §3.1.1, §3.3.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(proxyBindingUpdate({ seq: 10, lifetimeSeconds: 3600, nai: NAI, hnps: ['::/0'], handoff: 1, att: 4, timestamp: TIMESTAMP, options: [ipv4HomeAddressRequestOption()] })),
  },
  {
    name: 'pba-ipv4-home-address-reply',
    comment: 'Proxy Binding Acknowledgement over IPv6 with IPv4 Home Address Reply 10.0.0.5/24, IPv4 Default-Router Address and DHCP Support Mode (server) (RFC 5844 §3.3.2-§3.3.4)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(
        proxyBindingAck({
          status: 0,
          seq: 10,
          lifetimeSeconds: 3600,
          nai: NAI,
          hnps: ['2001:db8:1:1::/64'],
          handoff: 1,
          att: 4,
          timestamp: TIMESTAMP,
          options: [ipv4HomeAddressReplyOption(0, '10.0.0.5', 24), ipv4DefaultRouterOption('10.0.0.1'), ipv4DhcpSupportModeOption(true)],
        }),
        false,
      ),
  },
  {
    name: 'pbu-over-ipv4-udp-5436',
    comment: 'Proxy Binding Update over IPv4/UDP 5436 (IPv4 transport network) with IPv4 Care-of Address, IPv4 Home Address Request and GRE Key; MH checksum 0 (RFC 5844 §3.2, §4; RFC 5555 §3.1.3)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overUdp(proxyBindingUpdate({
        seq: 11,
        lifetimeSeconds: 3600,
        nai: NAI,
        hnps: ['::/0'],
        handoff: 1,
        att: 4,
        timestamp: TIMESTAMP,
        options: [ipv4HomeAddressRequestOption(), ipv4CareOfAddressOption(MAG4), greKeyOption(0xabcd)],
      })),
  },
  {
    name: 'pba-over-ipv4-udp-5436',
    comment: 'Proxy Binding Acknowledgement over IPv4/UDP 5436 with NAT Detection (F set: UDP encapsulation, no keepalives), IPv4 Home Address Reply and GRE Key; MH checksum 0 (RFC 5844 §3.2, §4; RFC 5555 §4.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overUdp(
        proxyBindingAck({
          status: 0,
          seq: 11,
          lifetimeSeconds: 3600,
          nai: NAI,
          hnps: ['2001:db8:1:1::/64'],
          handoff: 1,
          att: 4,
          timestamp: TIMESTAMP,
          options: [natDetectionOption(true, 0xffffffff), ipv4HomeAddressReplyOption(0, '10.0.0.5', 24), ipv4DefaultRouterOption('10.0.0.1'), greKeyOption(0x1234)],
        }),
        false,
      ),
  },
  {
    name: 'ba-dsmipv6-ipv4-options',
    comment: 'Binding Acknowledgement with the DSMIPv6 options: NAT Detection, IPv4 Home Address, IPv4 Address Acknowledgement, GRE Key without a key (RFC 5555 §3.2.1-§3.2.3, §4.1; RFC 5845 §3.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      overIpv6(
        {
          proto: 'mipv6',
          mhType: 6,
          body: { status: 0, flags: { k: true }, seq: 12, lifetime: 900 },
          options: [
            natDetectionOption(false, 110),
            { type: 29, flags: { prefixLength: 32, p: false }, address: '10.0.0.6' },
            { type: 30, status: 0, flags: { prefixLength: 32 }, address: '10.0.0.6' },
            greKeyOption(),
          ],
        },
        false,
      ),
  },
];
