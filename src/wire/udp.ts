import { bind, checksum, length, message, payload, pseudoHeaderChecksum, registerProtocol, u16 } from './core';

/*
 * RFC 768
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |  Destination    |
 * |                 |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 */
const udpChecksum = pseudoHeaderChecksum(17);

export const udp = registerProtocol(
  message(
    'udp',
    'User Datagram Protocol',
    [
      u16('srcport', 'udp.srcport', 'Source port'),
      u16('dstport', 'udp.dstport', 'Destination port'),
      length('length', 'udp.length', 'Length', 16, { bounds: true, doc: 'Octets in the header and data.' }),
      checksum('checksum', 'udp.checksum', 'Checksum', {
        // Over IPv4 zero means "no checksum", so a computed zero is sent as all ones (RFC 768).
        compute: (c) => {
          const v = udpChecksum(c);
          return v === 0 ? 0xffff : v;
        },
        zeroMeansNone: true,
        spec: 'RFC 768',
      }),
      // Wireshark tries the lower port first; so do we. The inner layer learns it rides on UDP
      // (a Mobility Header there carries a zero checksum, RFC 5844 §4) and on which ports.
      payload(
        'udp.port',
        (m) => {
          const a = m.srcport as number;
          const b = m.dstport as number;
          return a < b ? [a, b] : [b, a];
        },
        { inner: (m) => ({ hints: { transport: 'udp', srcport: m.srcport, dstport: m.dstport } }) },
      ),
    ],
    { layer: true, spec: 'RFC 768', summary: (v) => `${v.srcport} → ${v.dstport} Len=${(v.length ?? 8) - 8}` },
  ),
);

bind('ip.proto', 17, 'udp');
