import { keyForPayload, type LayerValue } from './core';

/**
 * Names for numbers IPv4 and IPv6 share, as Wireshark shows them: IANA "Assigned Internet Protocol
 * Numbers" (the IPv4 Protocol and IPv6 Next Header field), RFC 2474/4594 DSCPs and RFC 3168 ECN.
 */

export const IP_PROTOCOL: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  1: 'ICMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  47: 'Generic Routing Encapsulation',
  50: 'Encap Security Payload',
  51: 'Authentication Header',
  55: 'Minimal Encapsulation',
  58: 'ICMPv6',
  59: 'No Next Header for IPv6',
  60: 'Destination Options for IPv6',
  132: 'SCTP',
  135: 'Mobile IPv6',
};

/** RFC 2474 §4.2.2.1 class selectors, RFC 2597 AF, RFC 3246 EF, RFC 5865 VOICE-ADMIT, RFC 8622 LE. */
export const DSCP: Readonly<Record<number, string>> = {
  0: 'Default',
  1: 'Lower Effort',
  8: 'Class Selector 1',
  10: 'Assured Forwarding 11',
  12: 'Assured Forwarding 12',
  14: 'Assured Forwarding 13',
  16: 'Class Selector 2',
  18: 'Assured Forwarding 21',
  20: 'Assured Forwarding 22',
  22: 'Assured Forwarding 23',
  24: 'Class Selector 3',
  26: 'Assured Forwarding 31',
  28: 'Assured Forwarding 32',
  30: 'Assured Forwarding 33',
  32: 'Class Selector 4',
  34: 'Assured Forwarding 41',
  36: 'Assured Forwarding 42',
  38: 'Assured Forwarding 43',
  40: 'Class Selector 5',
  44: 'Voice Admit',
  46: 'Expedited Forwarding',
  48: 'Class Selector 6',
  56: 'Class Selector 7',
};

/** RFC 3168 §5. */
export const ECN: Readonly<Record<number, string>> = {
  0: 'Not ECN-Capable Transport',
  1: "ECN-Capable Transport codepoint '01'",
  2: "ECN-Capable Transport codepoint '10'",
  3: 'Congestion Experienced',
};

/**
 * The protocol number an encoder writes in IPv4 Protocol or an IPv6 Next Header: the one bound to
 * the payload's protocol in `ip.proto`, or 59 ("No Next Header", RFC 8200 §4.7) when nothing follows.
 */
export function nextProtocol(m: Record<string, unknown>): number {
  const k = keyForPayload('ip.proto', m);
  if (k !== undefined) return k;
  const p = m.payload as LayerValue | undefined;
  if (p) throw new Error(`no IP protocol number is bound to ${p.proto}: set the next-protocol field explicitly`);
  return 59;
}
