import { fromHex, utf8FromText } from '../../../src/wire/core';

/**
 * Mobile IP test vectors (UDP payloads, from the Type octet). Provenance: built with scapy 2.5.0
 * (Debian python3-scapy) and Python's struct and hmac modules; every frame below was also
 * decoded by tshark 4.0.17 wrapped in Ether/IP/UDP(434→434), and our tree matched its PDML field
 * for field (names, positions, sizes, values), except the GRE Key quirk noted in extensions.ts.
 *
 *   from scapy.layers.mobileip import *; import struct, hmac, hashlib
 *   ext  = lambda t, d: bytes([t, len(d)]) + d
 *   lext = lambda t, st, d: bytes([t, st]) + struct.pack('!H', len(d)) + d
 *   def auth(msg, t, spi, key):                       # RFC 5944 §3.5.1
 *       head = msg + bytes([t, 20]) + struct.pack('!I', spi)
 *       return head + hmac.new(key, head, hashlib.md5).digest()
 *   def gauth(msg, spi, key):                         # RFC 3012 §6, MN-AAA
 *       head = msg + bytes([36, 1]) + struct.pack('!HI', 20, spi)
 *       return head + hmac.new(key, head, hashlib.md5).digest()
 *   ID = 0xe8d4a51000000000
 *   rrq = bytes(MobileIP(type=1)/MobileIPRRQ(flags=0x02, lifetime=1800, homeaddr='0.0.0.0',
 *               haaddr='192.0.2.10', coaddr='198.51.100.1', id=ID))
 *   prrq = auth(rrq + ext(131, b'mn1@example.com') + lext(47, 1, b'\x01') + ext(147, b'\x01eth0')
 *               + ext(147, b'\x02\x01' + bytes.fromhex('020000000001'))
 *               + ext(147, b'\x03\x01001010123456789') + ext(147, b'\x04\x02')
 *               + ext(137, struct.pack('!HI', 0x8000, 1234567)), 34, 0x100, FAHA)
 *   rrp = bytes(MobileIP(type=3)/MobileIPRRP(code=0, lifetime=1800, homeaddr='10.0.0.5',
 *               haaddr='192.0.2.10', id=ID))
 *   prrp = auth(rrp + ext(131, b'mn1@example.com') + lext(47, 1, b'\x01'), 34, 0x100, FAHA)
 *   rev = bytes([7, 0]) + struct.pack('!H', 0xc000) + inet_aton('10.0.0.5') + inet_aton('192.0.2.10')
 *         + inet_aton('198.51.100.1') + struct.pack('!I', 777)
 *   rev = auth(rev + ext(131, b'mn1@example.com'), 34, 0x100, FAHA)
 *   ack = bytes([15, 0]) + struct.pack('!H', 0x8000) + inet_aton('10.0.0.5') + struct.pack('!I', 777)
 *   ack = auth(ack + ext(131, b'mn1@example.com'), 34, 0x100, FAHA)
 *   tunnel = bytes(MobileIP(type=4)/MobileIPTunnelData(nexthdr=4)/IP(src='10.0.0.5',
 *                  dst='192.0.2.99', id=1)/ICMP())
 *   mrrq = bytes(MobileIP(type=1)/MobileIPRRQ(flags=0x22, lifetime=600, homeaddr='10.0.0.7',
 *                haaddr='192.0.2.10', coaddr='203.0.113.9', id=ID + 1))
 *   mnrrq = gauth(auth(mrrq + ext(131, b'mn2@example.com') + ext(144, bytes([0, 0, 0x80, 4, 0, 0])),
 *                      32, 0x200, MNHA), 0x300, AAA)
 *   mrrp = bytes(MobileIP(type=3)/MobileIPRRP(code=0, lifetime=600, homeaddr='10.0.0.7',
 *                haaddr='192.0.2.10', id=ID + 1))
 *   mnrrp = auth(mrrp + ext(44, bytes([0, 0, 0x80, 0, 0, 110])), 32, 0x200, MNHA)
 *   odd = rrq + lext(48, 0, struct.pack('!I', 0x1234)) + bytes([38, 0])
 *         + struct.pack('!HIH', 8, 12345, 7) + b'\xaa\xbb' + ext(200, b'ab') + ext(100, b'cd')
 */

export const FA_HA_KEY = fromHex('00112233445566778899aabbccddeeff'); // SPI 0x100
export const MN_HA_KEY = utf8FromText('mn-ha shared key'); // SPI 0x200
export const MN_AAA_KEY = utf8FromText('aaa'); // SPI 0x300
export const KEYS = { 0x100: FA_HA_KEY, 0x200: MN_HA_KEY, 0x300: MN_AAA_KEY } as const;

export const PRRQ = fromHex(
  '0102070800000000c000020ac6336401e8d4a51000000000830f6d6e31406578616d706c652e636f6d2f0100010193050165746830' +
    '930802010200000000019311030130303130313031323334353637383993020402890680000012d687221400000100' +
    'c24af8c19b9b1bdb0b6f36ddcba4b389',
);
export const PRRP = fromHex(
  '030007080a000005c000020ae8d4a51000000000830f6d6e31406578616d706c652e636f6d2f01000101221400000100' +
    '7dbd363d41d50dfeec27a0defe8343ea',
);
export const REVOCATION = fromHex(
  '0700c0000a000005c000020ac633640100000309830f6d6e31406578616d706c652e636f6d221400000100' +
    '7c93784c1acc3fb371f58d7671655916',
);
export const REVOCATION_ACK = fromHex(
  '0f0080000a00000500000309830f6d6e31406578616d706c652e636f6d22140000010074e571c2320da7b4a50bef7157664c97',
);
export const TUNNEL_DATA = fromHex('040400004500001c000100004001ae780a000005c00002630800f7ff00000000');
export const MN_RRQ = fromHex(
  '012202580a000007c000020acb007109e8d4a51000000001830f6d6e32406578616d706c652e636f6d900600008004000020140000' +
    '0200103229c21d0f174a94837ac7017d7c6f24010014000003001cbd32073494c5cc575a366e7cc43075',
);
export const MN_RRP = fromHex(
  '030002580a000007c000020ae8d4a510000000012c0600008000006e201400000200402fa07f09ccc08f63903e27a2c4d873',
);
export const ODD_RRQ = fromHex(
  '0102070800000000c000020ac6336401e8d4a51000000000300000040000123426000008000030390007aabbc802616264026364',
);
