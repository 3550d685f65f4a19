import { bytes, derived, keyForPayload, message, payload, reserved } from '../core';
import { mipType } from './registration';

/**
 * MIP Tunnel Data message (type 4), RFC 3519 §3.3: once a registration has set up UDP tunnelling
 * (a NAT sits between the care-of address and the home agent), tunnelled packets ride in UDP port 434
 * behind this 4-octet header instead of directly in IP. Keepalives are ICMP echo requests inside it.
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 4     |  Next Header  |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  the tunnelled packet (Next Header 4: an IPv4 header) ...
 */

/** Next Header takes IP protocol numbers (RFC 3519 §3.3); these are the ones Mobile IP uses. */
export const NATTT_NEXT_HEADER: Readonly<Record<number, string>> = {
  4: 'IP header (IP in UDP)',
  47: 'GRE header (GRE in UDP)',
  55: 'Minimal encapsulation header',
};

export const tunnelDataMessage = message(
  'mip',
  'Mobile IP Tunnel Data',
  [
    mipType(4),
    derived(8, 'nextHeader', 'mip.nattt.nexthdr', 'Next Header', (m) => keyForPayload('ip.proto', m), {
      values: NATTT_NEXT_HEADER,
      doc: 'What follows, numbered like the IP Protocol field: 4 is a whole IPv4 packet.',
      spec: 'RFC 3519 §3.3',
    }),
    reserved('reserved', 'mip.nattt.reserved', 'Reserved', 2),
    // The tunnelled packet is the next layer, found through the IP protocol table (as tshark does).
    payload('ip.proto', (m) => m.nextHeader as number | undefined),
  ],
  { layer: true, spec: 'RFC 3519 §3.3', summary: (v) => `Tunnel Data: Next Header=${v.nextHeader ?? '?'}` },
);

/** A message type this lab does not know: the type octet and the rest, raw. */
export const unknownMessage = message(
  'mip',
  'Mobile IP (unknown message type)',
  [mipType(0), bytes('data', 'mip.data', 'Data')],
  {
    layer: true,
    summary: (v) => `Unknown Mobile IP message type ${v.type ?? '?'}`,
    check: (v, node, ctx) => {
      node.raw = true;
      ctx.problems.push({
        id: 'mip.type.unknown',
        severity: 'warn',
        message: `Mobile IP message type ${v.type ?? '?'} is not one this lab knows (1, 3, 4, 7, 15); its bytes are shown raw`,
        start: node.start,
        end: node.end,
      });
    },
  },
);

export type TunnelData = Parameters<typeof tunnelDataMessage.encode>[1];
