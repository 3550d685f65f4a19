/**
 * DHCPv4 and RADIUS against tshark 4.0: frames built by our encoders (Ethernet / IPv4 / UDP / DHCP or
 * RADIUS), decoded by us and by tshark, compared field for field.
 */
import { expect, test } from 'vitest';
import { decode, encode, type FieldNode } from '../../src/wire/core';
import '../../src/wire/data';
import { dhcpMessage, dhcpRelayed, type DhcpMessage } from '../../src/wire/dhcpv4';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { accessAccept, accessReject, accessRequest, attr, type RadiusPacket } from '../../src/wire/radius';
import '../../src/wire/udp';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findOne, walkPdml, type PdmlPacket } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Our DHCP nodes tshark lacks or shows otherwise:
 * - `dhcp.option.type` of End: tshark 4.0 shows its value as 0 although the octet is 255 (it shows
 *   255 in `dhcp.option.end`), so the End node is compared by position only (below).
 */
const DHCP_IGNORE: string[] = [];

/*
 * Our RADIUS nodes tshark has no field for: the "Attribute Value Pairs" and "VSA" label nodes, the
 * authenticator statuses (tshark has booleans `radius.authenticator.valid`/`.invalid` and never
 * checks the Message-Authenticator), the hidden User-Password octets (tshark shows only the revealed
 * text, under `radius.User_Password`, which our generated node matches), and the parts we show of
 * prefix and HoA attributes that tshark keeps as one byte string.
 */
const RADIUS_IGNORE = [
  'radius.avps',
  'radius.vsa',
  'radius.authenticator.status',
  'radius.Message_Authenticator.status',
  'radius.User_Password_encrypted',
  ...['Framed_IPv6_Prefix', 'PMIP6_Home_HN_Prefix'].flatMap((a) => ['reserved', 'prefix_length', 'prefix'].map((p) => `radius.${a}.${p}`)),
  ...['reserved', 'prefix_length', 'address'].map((p) => `radius.PMIP6_Home_IPv4_HoA.${p}`),
];

const ETH = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const MAC = '02:00:00:00:00:01';
const SECRET = 'lab-secret';
const RA = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);

const overUdp = (src: string, dst: string, sport: number, dport: number, payload: DhcpMessage | RadiusPacket, hints = {}): Uint8Array =>
  encode(
    ethernet,
    ethernetFrame({ ...ETH, payload: ipv4Packet({ src, dst, payload: { proto: 'udp', srcport: sport, dstport: dport, payload: payload as never } }) }),
    { hints },
  );

/** Every named field tshark shows for this protocol is in our tree at the same place. */
function assertWeHaveTheirs(ours: readonly FieldNode[], packet: PdmlPacket, prefix: string, skip: readonly string[] = []): void {
  const mine = new Set<string>();
  const visit = (n: FieldNode): void => {
    mine.add(`${n.name}@${n.start}`);
    n.children?.forEach(visit);
  };
  ours.forEach(visit);
  const missing = [...walkPdml(packet.protos)]
    .filter((t) => t.name.startsWith(prefix) && !t.hide && t.size > 0 && !skip.includes(t.name))
    .filter((t) => !mine.has(`${t.name}@${t.pos}`))
    .map((t) => `${t.name}@${t.pos}`);
  expect(missing).toEqual([]);
}

describeWithTool(tshark, 'DHCPv4 and RADIUS agree with tshark 4.0', () => {
  test('a Discover, a relayed Request with option 82 and an ACK decode field for field', async () => {
    const discover = dhcpMessage({ type: 'discover', xid: 0xabcdef01, chaddr: MAC, broadcast: true, clientId: MAC, hostName: 'mn1', parameterRequestList: [1, 3, 6, 51, 54] });
    const request = dhcpRelayed(dhcpMessage({ type: 'request', xid: 0xabcdef01, chaddr: MAC, requestedIp: '10.0.0.5', serverId: '10.1.0.1' }), {
      giaddr: '10.0.0.1',
      circuitId: 'mag1',
      remoteId: 'mn1@example.org',
    });
    const ack = dhcpMessage({
      type: 'ack',
      xid: 0xabcdef01,
      chaddr: MAC,
      yiaddr: '10.0.0.5',
      giaddr: '10.0.0.1',
      serverId: '10.1.0.1',
      leaseTime: 86400,
      renewalTime: 43200,
      rebindingTime: 75600,
      subnetMask: '255.255.255.0',
      router: ['10.0.0.1'],
      dns: ['192.0.2.53', '192.0.2.54'],
      options: [{ type: 200, value: Uint8Array.of(1, 2, 3) }],
    });
    const frames = [
      overUdp('0.0.0.0', '255.255.255.255', 68, 67, discover),
      overUdp('10.0.0.1', '10.1.0.1', 67, 67, request),
      overUdp('10.1.0.1', '10.0.0.1', 67, 67, { ...ack, padding: new Uint8Array(3) }),
    ];
    const packets = await pdmlOf(frames.map((data) => ({ data })));
    assertNoMalformed(packets);
    frames.forEach((frame, i) => {
      const ours = decode(ethernet, frame);
      expect(ours.problems).toEqual([]);
      expect(ours.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'dhcp']);
      const dhcpNodes = ours.layers.slice(3);
      const notEnd = (nodes: readonly FieldNode[]): FieldNode[] =>
        nodes.map((n) => (n.name === 'dhcp.option.type' && n.value === 255 ? { ...n, value: null } : { ...n, children: n.children && notEnd(n.children) }));
      assertSameFields(notEnd(dhcpNodes[0]!.children!), packets[i]!, { ignore: DHCP_IGNORE });
      assertWeHaveTheirs(dhcpNodes, packets[i]!, 'dhcp.');
    });
    expect(findOne(packets[0]!, 'dhcp.flags.bc').show).toBe('1');
    expect(findOne(packets[1]!, 'dhcp.option.agent_information_option.agent_remote_id').show).toBe('6d:6e:31:40:65:78:61:6d:70:6c:65:2e:6f:72:67');
  });

  test('Access-Request, Access-Accept and Access-Reject decode field for field, and tshark finds our authenticators correct', async () => {
    const request = accessRequest({
      id: 42,
      authenticator: RA,
      attributes: [
        attr.userName('mn1@example.org'),
        attr.userPassword('hello'),
        attr.nasIpAddress('192.0.2.10'),
        attr.nasIpv6Address('2001:db8::10'),
        attr.serviceType(2),
        attr.callingStationId('02-00-00-00-00-01'),
        attr.nasIdentifier('mag1'),
        attr.serviceSelection('internet'),
        attr.messageAuthenticator(),
      ],
    });
    const accept = accessAccept({
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
        attr.vendorSpecific(9, [{ type: 1, value: 'foo=bar' }]),
        attr.replyMessage('Welcome'),
        attr.messageAuthenticator(),
      ],
    });
    const reject = accessReject({ id: 43, attributes: [attr.replyMessage('Denied'), attr.messageAuthenticator()] });
    const RA2 = new Uint8Array(16).fill(7);
    const rejectRequest = accessRequest({ id: 43, authenticator: RA2, attributes: [attr.userName('bob')] });
    const frames = [
      overUdp('192.0.2.10', '192.0.2.100', 50000, 1812, request, { radiusSecret: SECRET }),
      overUdp('192.0.2.100', '192.0.2.10', 1812, 50000, accept, { radiusSecret: SECRET, requestAuthenticator: RA }),
      overUdp('192.0.2.10', '192.0.2.100', 50001, 1812, rejectRequest),
      overUdp('192.0.2.100', '192.0.2.10', 1812, 50001, reject, { radiusSecret: SECRET, requestAuthenticator: RA2 }),
    ];
    const packets = await pdmlOf(
      frames.map((data) => ({ data })),
      { prefs: { 'radius.shared_secret': SECRET, 'radius.validate_authenticator': true } },
    );
    assertNoMalformed(packets);
    const hints = [{ radiusSecret: SECRET }, { radiusSecret: SECRET, requestAuthenticator: RA }, {}, { radiusSecret: SECRET, requestAuthenticator: RA2 }];
    frames.forEach((frame, i) => {
      const ours = decode(ethernet, frame, { hints: hints[i]! });
      expect(ours.problems).toEqual([]);
      expect(ours.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'radius']);
      assertSameFields(ours.layers[3]!.children!, packets[i]!, { ignore: RADIUS_IGNORE });
      assertWeHaveTheirs(ours.layers.slice(3), packets[i]!, 'radius.', ['radius.authenticator.valid', 'radius.authenticator.invalid']);
    });
    expect(findOne(packets[1]!, 'radius.authenticator.valid').show).toBe('1');
    expect(findOne(packets[3]!, 'radius.authenticator.valid').show).toBe('1');
    expect(findOne(packets[0]!, 'radius.User_Password').show).toBe('hello');
  });
});
