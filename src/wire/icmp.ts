import {
  asBody,
  bind,
  bodyByType,
  bytes,
  checksum,
  internetChecksum,
  ipv4,
  message,
  registerProtocol,
  Registry,
  u16,
  u32,
  u8,
  type BodyCodec,
  type LayerValue,
} from './core';
import { quotedPacket, restData } from './icmp-common';

/*
 * RFC 792 (ICMP for IPv4). Every message starts
 *
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * and the Type picks the rest: an echo carries an identifier, a sequence number and data; an
 * error (destination unreachable, time exceeded…) quotes the start of the packet that caused it.
 * The checksum covers the whole ICMP message, with no pseudo-header.
 */

export const ICMP_TYPE: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench (flow control)',
  5: 'Redirect',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
};

const ICMP_CODE: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  3: {
    0: 'Network unreachable',
    1: 'Host unreachable',
    2: 'Protocol unreachable',
    3: 'Port unreachable',
    4: 'Fragmentation needed',
    5: 'Source route failed',
    6: 'Destination network unknown',
    7: 'Destination host unknown',
    9: 'Destination network administratively prohibited',
    10: 'Destination host administratively prohibited',
    13: 'Communication administratively filtered',
  },
  5: { 0: 'Redirect for network', 1: 'Redirect for host', 2: 'Redirect for TOS and network', 3: 'Redirect for TOS and host' },
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
  12: { 0: 'Pointer indicates the error', 1: 'Required option missing', 2: 'Bad length' },
};

const hexDec = (v: number): string => `${v} (0x${v.toString(16).padStart(4, '0')})`;
const quoted = () => quotedPacket('Original datagram');

// RFC 792 "Echo or Echo Reply Message": | Identifier | Sequence Number | Data …
const echo = message('icmp', 'Echo', [
  u16('ident', 'icmp.ident', 'Identifier', { display: hexDec, doc: 'Matches replies to the pinging process.' }),
  u16('seq', 'icmp.seq', 'Sequence Number', { display: hexDec, doc: 'Counts the pings, so a reply names the request it answers.' }),
  // tshark shows echo data as a `data` protocol inside the ICMP item; its field is data.data.
  restData('data', 'data.data', 'Data'),
], { spec: 'RFC 792' });

// RFC 792 "Destination Unreachable" / "Time Exceeded": | unused (4) | Internet Header + 64 bits of Data |
const unreachable = message('icmp', 'Error', [bytes('unused', 'icmp.unused', 'Unused', { size: 4 }), quoted()], { spec: 'RFC 792' });

// RFC 1191 §4: "Fragmentation needed" puts the next-hop MTU in the low half of the unused word.
const fragNeeded = message('icmp', 'Fragmentation needed', [
  bytes('unused', 'icmp.unused', 'Unused', { size: 2 }),
  u16('mtu', 'icmp.mtu', 'MTU of next hop', { doc: 'The largest packet the next link carries: send smaller ones.' }),
  quoted(),
], { spec: 'RFC 1191 §4' });

// RFC 792 "Redirect Message": | Gateway Internet Address | Internet Header + 64 bits of Data |
const redirect = message('icmp', 'Redirect', [ipv4('gateway', 'icmp.redir_gw', 'Gateway Address'), quoted()], { spec: 'RFC 792' });

// RFC 792 "Parameter Problem Message": | Pointer | unused (3) | Internet Header + 64 bits of Data |
const parameterProblem = message('icmp', 'Parameter problem', [
  u8('pointer', 'icmp.pointer', 'Pointer', { doc: 'The octet of the original header where the problem is.' }),
  bytes('unused', 'icmp.unused', 'Unused', { size: 3 }),
  quoted(),
], { spec: 'RFC 792' });

// RFC 792 "Timestamp or Timestamp Reply Message": | Identifier | Sequence | Originate | Receive | Transmit |
const msOfDay = (v: number): string => `${v} (ms since midnight UTC)`;
const timestamp = message('icmp', 'Timestamp', [
  u16('ident', 'icmp.ident', 'Identifier', { display: hexDec }),
  u16('seq', 'icmp.seq', 'Sequence Number', { display: hexDec }),
  u32('originate', 'icmp.originate_timestamp', 'Originate Timestamp', { display: msOfDay }),
  u32('receive', 'icmp.receive_timestamp', 'Receive Timestamp', { display: msOfDay }),
  u32('transmit', 'icmp.transmit_timestamp', 'Transmit Timestamp', { display: msOfDay }),
], { spec: 'RFC 792' });

// Anything else is kept as bytes.
const other = message('icmp', 'Data', [restData('data', 'data.data', 'Data')], {
  spec: 'RFC 792',
  check: (_v, node) => {
    for (const c of node.children ?? []) c.raw = true;
  },
});

/** Destination unreachable with code 4 has its own layout, so it has its own key. */
const FRAG_NEEDED = 0x0304;
const bodies = new Registry<BodyCodec>('icmp.type');
bodies.bind(0, asBody(echo));
bodies.bind(8, asBody(echo));
bodies.bind(3, asBody(unreachable));
bodies.bind(FRAG_NEEDED, asBody(fragNeeded));
bodies.bind(11, asBody(unreachable));
bodies.bind(5, asBody(redirect));
bodies.bind(12, asBody(parameterProblem));
bodies.bind(13, asBody(timestamp));
bodies.bind(14, asBody(timestamp));

const codeName = (type: number, code: number): string | undefined => ICMP_CODE[type]?.[code];

export const icmp = registerProtocol(
  message(
    'icmp',
    'Internet Control Message Protocol',
    [
      u8('type', 'icmp.type', 'Type', { display: (v) => `${v} (${ICMP_TYPE[v] ?? 'Unknown'})`, doc: 'What the message is: 8 echo request, 0 reply, 3 unreachable, 11 time exceeded.' }),
      u8('code', 'icmp.code', 'Code', { default: 0, doc: 'The detail within the type, e.g. why a destination is unreachable.' }),
      checksum('checksum', 'icmp.checksum', 'Checksum', {
        // Inside an ICMP error the quoted message is cut short, so its checksum cannot be checked.
        compute: ({ bytes: b, ctx }) => (ctx.hints.incomplete ? undefined : internetChecksum(b)),
        spec: 'RFC 792',
        doc: 'Covers the whole ICMP message.',
      }),
      bodyByType((m) => (m.type === 3 && m.code === 4 ? FRAG_NEEDED : (m.type as number)), bodies, asBody(other)),
    ],
    {
      layer: true,
      spec: 'RFC 792',
      summary: (v) => {
        const m = v as Record<string, unknown>;
        const name = ICMP_TYPE[v.type] ?? `Type ${v.type}`;
        if (v.type === 0 || v.type === 8) {
          const seq = (m.seq as number | undefined) ?? 0;
          return `${name}  id=0x${((m.ident as number | undefined) ?? 0).toString(16).padStart(4, '0')}, seq=${seq}`;
        }
        const code = codeName(v.type, v.code ?? 0);
        return code ? `${name} (${code})` : name;
      },
      check: (v, node) => {
        const c = node.children?.find((n) => n.name === 'icmp.code');
        const name = codeName(v.type, v.code ?? 0);
        if (c && name) c.display = `${v.code} (${name})`;
      },
    },
  ),
);

bind('ip.proto', 1, 'icmp');

export type IcmpMessage = LayerValue & { proto: 'icmp'; type: number; code?: number; checksum?: number; [field: string]: unknown };

/** An echo request (8) or reply (0) with its identifier, sequence number and data. */
export function icmpEcho(o: { reply?: boolean; ident: number; seq: number; data?: Uint8Array }): IcmpMessage {
  return { proto: 'icmp', type: o.reply ? 0 : 8, code: 0, ident: o.ident, seq: o.seq, ...(o.data ? { data: o.data } : {}) };
}

/**
 * An ICMP error quoting `original` (a packet value, or the bytes to quote): Time Exceeded (11,
 * code 0 for a TTL that ran out) or Destination Unreachable (3, with the next-hop MTU for code 4).
 */
export function icmpError(o: { type: 3 | 11; code: number; original: LayerValue | Uint8Array; mtu?: number }): IcmpMessage {
  return { proto: 'icmp', type: o.type, code: o.code, quoted: o.original, ...(o.mtu === undefined ? {} : { mtu: o.mtu }) };
}
