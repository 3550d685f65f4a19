import { encode, type LayerValue } from '../core';
import { LINK_TYPE } from '../dissect';
import { dhcpMessage, dhcpRelayed } from '../dhcpv4';
import { ethernet, ethernetFrame } from '../ethernet';
import { ipv4Packet } from '../ipv4';
import { accessAccept, accessReject, accessRequest, attr } from '../radius';
import '../udp';
import type { Example } from './types';

/*
 * DHCPv4 on the access link and through the MAG's relay (RFC 2131, RFC 3046; RFC 5844 §3.4), and
 * the RADIUS exchange a MAG runs to fetch the mobile node's policy profile (RFC 2865, RFC 3579
 * Message-Authenticator, RFC 6572 PMIPv6 attributes). The RADIUS frames are signed with the shared
 * secret below; tshark checks the Response Authenticators when told the secret (their `tshark`
 * options), and reveals the User-Password with it.
 */

export const EXAMPLE_RADIUS_SECRET = 'lab-secret';
const RADIUS_TSHARK = ['-o', `radius.shared_secret:${EXAMPLE_RADIUS_SECRET}`, '-o', 'radius.validate_authenticator:TRUE'];

const MN_MAC = '02:00:00:00:00:01';
const MAG_MAC = '02:00:00:00:00:02';
const SERVER_MAC = '02:00:00:00:03:01';
const XID = 0xabcdef01;
const MAG4 = '10.0.0.1';
const DHCP_SERVER = '10.1.0.1';
const NAS = '192.0.2.10';
const AAA = '192.0.2.100';
/** The Request Authenticators of the two Access-Requests: fixed, so the capture is the same every run. */
const RA1 = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
const RA2 = Uint8Array.from({ length: 16 }, (_, i) => 0x30 + i);

function frame(macs: [string, string], src: string, dst: string, sport: number, dport: number, payload: LayerValue, hints: Record<string, unknown> = {}): Uint8Array {
  const [srcMac, dstMac] = macs;
  return encode(
    ethernet,
    ethernetFrame({ src: srcMac, dst: dstMac, payload: ipv4Packet({ src, dst, id: 1, payload: { proto: 'udp', srcport: sport, dstport: dport, payload } }) }),
    { hints },
  );
}

const ack = () =>
  dhcpMessage({
    type: 'ack',
    xid: XID,
    chaddr: MN_MAC,
    yiaddr: '10.0.0.5',
    serverId: MAG4,
    leaseTime: 86400,
    renewalTime: 43200,
    rebindingTime: 75600,
    subnetMask: '255.255.255.0',
    router: [MAG4],
    dns: ['192.0.2.53'],
  });

export const dhcpRadiusExamples: Example[] = [
  {
    name: 'dhcp-discover',
    comment: 'DHCPDISCOVER from the mobile node, broadcast flag set, with client identifier, host name and parameter request list (RFC 2131 §4.4.1; RFC 2132)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      frame([MN_MAC, 'ff:ff:ff:ff:ff:ff'], '0.0.0.0', '255.255.255.255', 68, 67,
        dhcpMessage({ type: 'discover', xid: XID, chaddr: MN_MAC, broadcast: true, clientId: MN_MAC, hostName: 'mn1', parameterRequestList: [1, 3, 6, 51, 54] })),
  },
  {
    name: 'dhcp-offer',
    comment: 'DHCPOFFER of the home address 10.0.0.5 from the MAG as DHCP server (RFC 2131 §4.3.1; RFC 5844 §3.4.1)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      frame([MAG_MAC, 'ff:ff:ff:ff:ff:ff'], MAG4, '255.255.255.255', 67, 68,
        dhcpMessage({ type: 'offer', xid: XID, chaddr: MN_MAC, broadcast: true, yiaddr: '10.0.0.5', serverId: MAG4, leaseTime: 86400, subnetMask: '255.255.255.0', router: [MAG4] })),
  },
  {
    name: 'dhcp-request',
    comment: 'DHCPREQUEST for the offered address, naming the server (RFC 2131 §4.3.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      frame([MN_MAC, 'ff:ff:ff:ff:ff:ff'], '0.0.0.0', '255.255.255.255', 68, 67,
        dhcpMessage({ type: 'request', xid: XID, chaddr: MN_MAC, broadcast: true, requestedIp: '10.0.0.5', serverId: MAG4 })),
  },
  {
    name: 'dhcp-ack',
    comment: 'DHCPACK with lease, renewal and rebinding times, subnet mask, router and DNS (RFC 2131 §4.3.1; RFC 2132)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => frame([MAG_MAC, MN_MAC], MAG4, '10.0.0.5', 67, 68, ack()),
  },
  {
    name: 'dhcp-request-relayed',
    comment: 'DHCPREQUEST relayed by the MAG to the DHCP server: giaddr set, hops 1, Relay Agent Information (option 82) with circuit and remote IDs (RFC 2131 §4.1; RFC 3046; RFC 5844 §3.4.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () =>
      frame([MAG_MAC, SERVER_MAC], MAG4, DHCP_SERVER, 67, 67,
        dhcpRelayed(dhcpMessage({ type: 'request', xid: XID, chaddr: MN_MAC, requestedIp: '10.0.0.5', serverId: DHCP_SERVER }), { giaddr: MAG4, circuitId: 'mag1', remoteId: 'mn1@example.org' })),
  },
  {
    name: 'dhcp-ack-relayed',
    comment: 'DHCPACK from the DHCP server back to the relay (giaddr), with 3 octets of trailing padding (RFC 2131 §4.1; RFC 5844 §3.4.2)',
    linkType: LINK_TYPE.ETHERNET,
    build: () => frame([SERVER_MAC, MAG_MAC], DHCP_SERVER, MAG4, 67, 67, { ...ack(), giaddr: MAG4, serverId: DHCP_SERVER, padding: new Uint8Array(3) } as LayerValue),
  },
  {
    name: 'radius-access-request',
    comment: 'RADIUS Access-Request from the MAG: User-Name, User-Password (hidden with the shared secret), NAS addresses, Service-Type, Calling-Station-Id, Service-Selection, Message-Authenticator (RFC 2865 §4.1, §5.2; RFC 3579 §3.2; RFC 5778 §6.2)',
    linkType: LINK_TYPE.ETHERNET,
    tshark: RADIUS_TSHARK,
    build: () =>
      frame([MAG_MAC, SERVER_MAC], NAS, AAA, 50000, 1812,
        accessRequest({
          id: 42,
          authenticator: RA1,
          attributes: [
            attr.userName('mn1@example.org'),
            attr.userPassword('hello'),
            attr.nasIpAddress(NAS),
            attr.nasIpv6Address('2001:db8::10'),
            attr.serviceType(2),
            attr.callingStationId('02-00-00-00-00-01'),
            attr.nasIdentifier('mag1'),
            attr.serviceSelection('internet'),
            attr.messageAuthenticator(),
          ],
        }),
        { radiusSecret: EXAMPLE_RADIUS_SECRET }),
  },
  {
    name: 'radius-access-accept-pmip6',
    comment: 'RADIUS Access-Accept with the policy profile: the RFC 6572 PMIP6 attributes (LMA addresses, HN prefix, interface ID, IPv4 HoA, DHCP servers, IPv4 gateway), Framed-IPv6-Prefix, Message-Authenticator (RFC 2865 §4.2; RFC 6572 §3)',
    linkType: LINK_TYPE.ETHERNET,
    tshark: RADIUS_TSHARK,
    build: () =>
      frame([SERVER_MAC, MAG_MAC], AAA, NAS, 1812, 50000,
        accessAccept({
          id: 42,
          attributes: [
            attr.framedIpAddress('10.0.0.5'),
            attr.sessionTimeout(3600),
            attr.mobileNodeIdentifier('mn1@example.org'),
            attr.pmip6HomeLmaIpv6Address('2001:db8:2::1'),
            attr.pmip6HomeLmaIpv4Address('192.0.2.2'),
            attr.pmip6HomeHnPrefix('2001:db8:1::', 64),
            attr.pmip6HomeInterfaceId(Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 1)),
            attr.pmip6HomeIpv4Hoa('10.0.0.5', 24),
            attr.pmip6HomeDhcp4ServerAddress('10.1.0.1'),
            attr.pmip6HomeDhcp6ServerAddress('2001:db8::2'),
            attr.pmip6HomeIpv4Gateway('10.0.0.1'),
            attr.framedIpv6Prefix('2001:db8:1::', 64),
            attr.replyMessage('Welcome'),
            attr.messageAuthenticator(),
          ],
        }),
        { radiusSecret: EXAMPLE_RADIUS_SECRET, requestAuthenticator: RA1 }),
  },
  {
    name: 'radius-access-request-unknown-user',
    comment: 'RADIUS Access-Request for an unknown user, answered by the Access-Reject that follows (RFC 2865 §4.1)',
    linkType: LINK_TYPE.ETHERNET,
    tshark: RADIUS_TSHARK,
    build: () =>
      frame([MAG_MAC, SERVER_MAC], NAS, AAA, 50001, 1812,
        accessRequest({ id: 43, authenticator: RA2, attributes: [attr.userName('bob@example.org'), attr.messageAuthenticator()] }),
        { radiusSecret: EXAMPLE_RADIUS_SECRET }),
  },
  {
    name: 'radius-access-reject',
    comment: 'RADIUS Access-Reject with Reply-Message and Message-Authenticator (RFC 2865 §4.3; RFC 3579 §3.2)',
    linkType: LINK_TYPE.ETHERNET,
    tshark: RADIUS_TSHARK,
    build: () =>
      frame([SERVER_MAC, MAG_MAC], AAA, NAS, 1812, 50001,
        accessReject({ id: 43, attributes: [attr.replyMessage('Denied'), attr.messageAuthenticator()] }),
        { radiusSecret: EXAMPLE_RADIUS_SECRET, requestAuthenticator: RA2 }),
  },
];
