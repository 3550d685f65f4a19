import {
  bind,
  bitfield,
  bits,
  checksum,
  derived,
  flag,
  hexN,
  internetChecksum,
  keyForPayload,
  message,
  payload,
  registerProtocol,
  reserved,
  u32,
  when,
  type FieldNode,
  type Codec,
  type LayerValue,
} from './core';

/*
 * Generic Routing Encapsulation: RFC 2784 §2.1 with the Key and Sequence Number extensions of
 * RFC 2890 §2. PMIPv6 uses the key to tell mobile nodes apart inside one MAG–LMA tunnel when
 * their IPv4 home addresses overlap (RFC 5845 §3), so a tunnelled packet reads
 * `20 00 08 00 <key>` (K set, IPv4 payload).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |C| |K|S| Reserved0       | Ver |         Protocol Type         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Checksum (optional)      |       Reserved1 (Optional)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Key (optional)                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Sequence Number (Optional)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Names follow tshark, which still splits Reserved0 the RFC 1701 way (R, s, Recur, Flags).
 * Like tshark (and RFC 1701), the checksum word is read when C or R is set.
 */

const SPEC = 'RFC 2784 §2.1, RFC 2890 §2';

/** EtherType names for the Protocol Type, as the inspector shows them. */
const protoNames: Readonly<Record<number, string>> = { 0x0800: 'IPv4', 0x86dd: 'IPv6', 0x6558: 'Transparent Ethernet Bridging' };

type Msg = Record<string, unknown>;
const flagsOf = (m: Msg): Record<string, unknown> => (m.flags ?? {}) as Record<string, unknown>;
const hasChecksumWord = (m: Msg): boolean => flagsOf(m).checksum === true || flagsOf(m).routing === true;

export const gre = registerProtocol(
  message(
    'gre',
    'Generic Routing Encapsulation',
    [
      bitfield('flags', 'gre.flags_and_version', 'Flags and Version', 16, [
        flag('checksum', 'gre.flags.checksum', 0x8000, 'Checksum Present', {
          doc: 'When set, a checksum over the GRE header and payload follows the Protocol Type.',
        }),
        flag('routing', 'gre.flags.routing', 0x4000, 'Routing Present', { doc: 'RFC 1701 only; RFC 2784 requires 0.' }),
        flag('key', 'gre.flags.key', 0x2000, 'Key Present', { doc: 'When set, a 32-bit key follows (RFC 2890 §2.1).' }),
        flag('sequence', 'gre.flags.sequence_number', 0x1000, 'Sequence Number Present', {
          doc: 'When set, a 32-bit sequence number follows (RFC 2890 §2.2).',
        }),
        flag('strictSourceRoute', 'gre.flags.strict_source_route', 0x0800, 'Strict Source Route', { doc: 'RFC 1701 only.' }),
        bits('recursion', 'gre.flags.recursion_control', 0x0700, 'Recursion Control', { doc: 'RFC 1701 only.' }),
        bits('reserved0', 'gre.flags.reserved', 0x00f8, 'Reserved0'),
        bits('version', 'gre.flags.version', 0x0007, 'Version', { values: { 0: 'GRE', 1: 'Enhanced GRE' }, doc: 'Must be 0.' }),
      ], { spec: SPEC }),
      derived(16, 'protocolType', 'gre.proto', 'Protocol Type', (m) => keyForPayload('eth.type', m), {
        display: (v) => `${protoNames[v] ?? 'Unknown'} (${hexN(v, 2)})`,
        doc: 'The EtherType of the payload: 0x0800 for IPv4, 0x86DD for IPv6.',
        spec: 'RFC 2784 §2.4',
      }),
      when(
        hasChecksumWord,
        checksum('checksum', 'gre.checksum', 'Checksum', {
          compute: (c) => internetChecksum(c.bytes),
          doc: 'Internet checksum of the GRE header and payload, computed with this field zero.',
          spec: 'RFC 2784 §2.5',
        }),
      ),
      when(hasChecksumWord, reserved('reserved1', 'gre.offset', 'Reserved1', 2, { spec: 'RFC 2784 §2.6' })),
      when(
        (m) => flagsOf(m).key === true,
        u32('key', 'gre.key', 'Key', {
          hex: true,
          doc: 'Identifies a flow inside the tunnel; PMIPv6 negotiates one per mobile node (RFC 5845).',
          spec: 'RFC 2890 §2.1',
        }),
      ),
      when(
        (m) => flagsOf(m).sequence === true,
        u32('sequence', 'gre.sequence_number', 'Sequence Number', { spec: 'RFC 2890 §2.2' }),
      ),
      payload('eth.type', (m) => m.protocolType as number),
    ],
    {
      layer: true,
      spec: SPEC,
      summary: (v) =>
        `GRE${v.key === undefined ? '' : ` key=${hexN(v.key, 4)}`}${v.sequence === undefined ? '' : ` seq=${v.sequence}`} ` +
        `(${v.protocolType === undefined ? '?' : (protoNames[v.protocolType] ?? hexN(v.protocolType, 2))})`,
      check: (v, node, ctx) => {
        const word = node.children?.[0] as FieldNode | undefined;
        if (!word) return;
        const at = { start: word.start, end: word.end };
        const f = v.flags ?? {};
        if (f.routing || f.strictSourceRoute || (f.recursion ?? 0) !== 0) {
          ctx.problems.push({
            id: 'gre.reserved0.invalid',
            severity: 'warn',
            message: 'Bits 1–5 of the first word must be zero; a receiver without RFC 1701 routing discards this packet (RFC 2784 §2.3).',
            ...at,
          });
        }
        if ((f.version ?? 0) !== 0) {
          ctx.problems.push({
            id: 'gre.version.invalid',
            severity: 'warn',
            message: `Version ${f.version} is not GRE version 0; the rest is decoded as version 0 (RFC 2784 §2.3.1).`,
            ...at,
          });
        }
      },
    },
  ),
);

bind('ip.proto', 47, 'gre');

export type GreValue = (typeof gre extends Codec<infer T> ? T : never) & { proto: 'gre' };

/**
 * A GRE header around `payload`, with the C, K and S bits set from what is given: the usual way a
 * MAG or LMA builds a keyed tunnel packet (`grePacket({ key: 0x1234, payload: ipv4Packet })`).
 */
export function grePacket(o: { key?: number; sequence?: number; checksum?: boolean; payload: LayerValue }): GreValue {
  return {
    proto: 'gre',
    flags: { checksum: o.checksum === true, key: o.key !== undefined, sequence: o.sequence !== undefined },
    ...(o.key === undefined ? {} : { key: o.key }),
    ...(o.sequence === undefined ? {} : { sequence: o.sequence }),
    payload: o.payload,
  };
}
