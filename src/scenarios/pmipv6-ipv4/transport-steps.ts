import { dataPort, MODE_NAMES, type TunnelMode } from '../../protocols/pmipv6';
import type { LayerValue } from '../../wire/core';
import type { StepRule } from '../definition';
import { and, is, layers, rule, type Match } from '../pmipv6/steps';
import { magPrivateIpv4, natPublicIpv4 } from './ipv4-core';
import type { TransportVariant } from './transport';

/*
 * The steps of pmipv6-ipv4-transport and the sections they illustrate, per variant: seed 002 §4
 * (draft-ietf-netlmm-pmip6-ipv4-support-02) for the story, RFC 5844 §4 and RFC 5555 for the numbers.
 */

const SEED = 'draft-ietf-netlmm-pmip6-ipv4-support-02';

/** The Handoff Indicator of a PBU or PBA: 5 marks a re-registration, whose PBA echoes it. */
function handoffOf(frame: LayerValue | undefined): number | undefined {
  const mh = layers(frame).find((l) => l.proto === 'mipv6');
  return ((mh?.options ?? []) as { type: number; hi?: number }[]).find((o) => o.type === 23)?.hi;
}
const reregistration: Match = (_p, f) => handoffOf(f) === 5;
const registration: Match = (_p, f) => handoffOf(f) !== 5;

/** The encapsulation the LMA and MAG1 should agree on for this variant (RFC 5844 §4.1.3.1, RFC 5845 §7.2). */
export function expectedMode(v: TransportVariant): TunnelMode {
  return v.tlvHeader ? 'ipv4-udp-tlv' : v.nat || v.forceUdp ? 'ipv4-udp' : 'ipv4';
}

function modeText(v: TransportVariant): string {
  const mode = expectedMode(v);
  if (mode === 'ipv4') return 'IPv4 encapsulation: the IPv6 packet right after an IPv4 header';
  return `${MODE_NAMES[mode]} encapsulation: IPv4, UDP port ${dataPort(v.encoding)}${mode === 'ipv4-udp-tlv' ? ', a TLV header' : ''}, then the IPv6 packet`;
}

/** What someone opening this variant's capture in Wireshark must know (written into the pcapng). */
export function wiresharkNotes(v: TransportVariant): string[] {
  if (v.encoding === 'draft-02') {
    return [
      v.tlvHeader
        ? 'Wireshark: seed 002’s layout carries the PBU, the PBA and the tunnelled data on UDP 4191 behind a TLV header, which Wireshark 4.0 has no dissector for: these packets show as UDP data, with or without Decode As.'
        : 'Wireshark: seed 002’s layout carries the PBU, the PBA and the tunnelled data on UDP 4191, which Wireshark 4.0 does not bind. Use Decode As udp.port 4191 → IPv6 (tshark -d udp.port==4191,ipv6) to see the inner IPv6 header and the Mobility Header.',
    ];
  }
  if (v.tlvHeader) {
    return [
      'Wireshark: the PBU and PBA on UDP 5436 dissect as they are. The tunnelled data on UDP 5437 starts with a TLV header, which Wireshark 4.0 has no dissector for: it shows as UDP data (Decode As 5437 → IP would report a bogus IP version).',
    ];
  }
  if (v.nat || v.forceUdp) {
    const sharedPort = v.nat
      ? ' Behind the NAT MAG1 sends its PBUs from port 5437 as well, so that one NAT binding carries both: with that Decode As, Wireshark takes the PBU and PBA between MAG1 and the NAT for bogus IP, so read those without it.'
      : '';
    return [
      `Wireshark: the PBU and PBA on UDP 5436 dissect as they are. For the tunnelled data on UDP 5437, which Wireshark 4.0 does not bind, use Decode As udp.port 5437 → IP (tshark -d udp.port==5437,ip).${sharedPort}`,
    ];
  }
  return [];
}

export function transportSteps(v: TransportVariant): StepRule[] {
  // The next hop from MAG1 towards the LMA, and from the LMA towards MAG1.
  const hop = v.nat ? 'nat1' : 'lma';
  const back = v.nat ? 'nat1' : 'mag1';
  const layout =
    v.encoding === 'rfc5844'
      ? 'UDP to port 5436 with the Mobility Header right after UDP (MH checksum 0)'
      : `UDP port 4191${v.tlvHeader ? ', a TLV header' : ''}, an inner IPv6 header (Proxy-CoA → LMAA), then the Mobility Header`;
  const flags = [v.forceUdp ? 'F' : '', v.tlvHeader ? 'T' : ''].filter(Boolean).join(' and ');
  const pbuSection = v.encoding === 'rfc5844' ? `RFC 5844 §4.2.2.1; ${SEED} §4.2.2` : `${SEED} §4.2.2 Fig. 8; RFC 5555 §4.1`;
  const seedOnly = v.nat && v.encoding === 'rfc5844' ? ' (seed 002’s NAT traversal in RFC 5844’s layout: RFC 5844 §4 assumes no NAT here)' : '';
  const natReply = v.nat
    ? `; it sees a NAT (the source is not the IPv4 Care-of Address) and answers to the NAT's address and port with the NAT Detection option (F, refresh time)`
    : v.forceUdp
      ? '; the F flag makes it answer with the NAT Detection option (F, no keepalives needed)'
      : '';
  const tlvReply = v.tlvHeader ? '; the T flag agrees to the TLV header' : '';
  const pbaSection = v.encoding === 'rfc5844' ? `RFC 5844 §4.1.3.2; ${SEED} §4.3.2` : `${SEED} §4.3.2 Fig. 11; RFC 5555 §4.2`;
  const data = modeText(v);
  const dataSection = `${SEED} §4.2.2 Figs. 9-10, §4.3.2 Figs. 12-13; RFC 5844 §4.1.4.1`;
  const natSection = `${SEED} §4.1; RFC 3022 §2.2`;
  const natDrop: Match = (p) => p.fate === 'filtered' && p.to === 'nat1' && p.from === 'lma';
  const toMn: Match = (p) => p.to.startsWith('mn');
  const again = v.nat && v.refresh ? 'keepalive' : 'renewal';
  const fromMn: Match = (p) => p.from.startsWith('mn');
  return [
    rule('2', 'MAG1 asks the AAA for the MN’s profile (User-Name = NAI)', 'RFC 5213 §6.5; RFC 6572 §4', is('Access-Request', 'mag1', 'aaa'), true),
    rule('2', 'The AAA answers with the profile: home network prefix, LMA address', 'RFC 5213 §6.5; RFC 6572 §4', is('Access-Accept', 'aaa', 'mag1'), true),
    rule('3', 'The MN solicits a router', 'RFC 5213 §6.9.1.1', is('RS', 'mn1', 'mag1'), true),
    rule(
      '4',
      `MAG1 registers the MN over IPv4: a Proxy Binding Update in ${layout}, with the IPv4 Care-of Address option${flags ? ` and the ${flags} flag` : ''}${seedOnly}`,
      pbuSection,
      and(is('PBU', 'mag1', hop), registration),
      true,
    ),
    ...(v.nat
      ? [rule('4', `The NAT rewrites the PBU’s source to ${natPublicIpv4(1)} and a port of its own; the option inside still says ${magPrivateIpv4(1)}`, natSection, and(is('PBU', 'nat1', 'lma'), registration), true)]
      : []),
    rule(
      '5',
      `The LMA accepts, sets up the tunnel and answers over IPv4 from the port the PBU went to, to the port it came from${natReply}${tlvReply}`,
      pbaSection,
      and(is('PBA', 'lma', back), registration),
      true,
    ),
    ...(v.nat ? [rule('5', 'The NAT maps the PBA back to MAG1’s private address and port', natSection, and(is('PBA', 'nat1', 'mag1'), registration), true)] : []),
    rule('6', 'MAG1 sets up its tunnel and default route and advertises the home network prefix', 'RFC 5213 §6.9.1.2, §6.7', is('RA', 'mag1', 'mn1'), true),
    rule(
      again,
      v.nat && v.refresh
        ? 'MAG1 sends a PBU at the refresh time, which keeps the NAT binding open and extends the binding'
        : 'MAG1 re-registers before the binding lifetime ends; behind a NAT this PBU makes a new binding',
      `${SEED} §4.2.2; RFC 5555 §4.3; RFC 5213 §6.9.1.3`,
      and(is('PBU', 'mag1', hop), reregistration),
      true,
    ),
    ...(v.nat
      ? [
          rule(again, 'The NAT refreshes (or makes) MAG1’s binding and passes the PBU on', natSection, and(is('PBU', 'nat1', 'lma'), reregistration), true),
          rule(again, 'The LMA extends the binding and answers through the NAT', pbaSection, and(is('PBA', 'lma', 'nat1'), reregistration), true),
          rule(again, 'The NAT maps the PBA back to MAG1', natSection, and(is('PBA', 'nat1', 'mag1'), reregistration), true),
        ]
      : [rule(again, 'The LMA extends the binding', pbaSection, and(is('PBA', 'lma', 'mag1'), reregistration), true)]),
    rule('', 'Dropped at the NAT: it holds no binding for MAG1 any more, so it cannot tell where the LMA’s packet should go', 'RFC 5555 §4.3; RFC 4787 §4.3', natDrop, true),
    rule('7', 'CN → MN echo request, to the home address', 'RFC 5213 §5.6.2', is('echo-request', 'cn', 'lma'), true),
    rule('7', `The LMA tunnels it to MAG1 with ${data}`, dataSection, is('echo-request', 'lma'), true),
    ...(v.nat ? [rule('7', 'The NAT maps the tunnelled packet to MAG1’s address and port', natSection, is('echo-request', 'nat1', 'mag1'), true)] : []),
    rule('7', 'MAG1 decapsulates it and delivers it on the access link', 'RFC 5844 §4.2.2.2', and(is('echo-request'), toMn), true),
    rule('7', 'MN → CN echo reply', 'RFC 5213 §6.10.5', and(is('echo-reply'), fromMn), true),
    rule('7', `MAG1 tunnels the reply to the LMA with ${data}`, dataSection, is('echo-reply', 'mag1'), true),
    ...(v.nat ? [rule('7', 'The NAT rewrites the tunnelled reply’s source, refreshing MAG1’s binding', natSection, is('echo-reply', 'nat1', 'lma'), true)] : []),
    rule('7', 'The LMA decapsulates it and forwards it to the CN', 'RFC 5844 §4.1.4.1', is('echo-reply', 'lma', 'cn'), true),
  ];
}
