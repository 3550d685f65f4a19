/*
 * RADIUS packets built independently of our code, with the secret `lab-secret`, shared by the RADIUS
 * tests. Made with scapy 2.5.0 (/usr/bin/python3) for the layout and Python's hashlib/hmac for the
 * cryptography, then checked with scapy's `RadiusAttr_Message_Authenticator.compute_message_authenticator`
 * and `Radius.compute_authenticator`, and by tshark 4.0.17 (`-o radius.shared_secret:lab-secret
 * -o radius.validate_authenticator:TRUE`: "Authenticator: … [correct]", "User-Password: hello"):
 *
 *   S = b'lab-secret'; RA = bytes.fromhex('0f1e2d3c4b5a69788796a5b4c3d2e1f0'); A = lambda t, v: RadiusAttribute(type=t, value=v)
 *   def hide(p, ra):                                   # RFC 2865 §5.2
 *       p = p + b'\0' * (-len(p) % 16 if p else 16); out = b''; prev = ra
 *       for i in range(0, len(p), 16):
 *           b = hashlib.md5(S + prev).digest(); c = bytes(x ^ y for x, y in zip(p[i:i+16], b)); out += c; prev = c
 *       return out
 *   def sign(pkt, reqauth, reply):
 *       raw = bytearray(bytes(pkt)); i = raw.find(bytes([80, 18]) + bytes(16))
 *       raw[4:20] = reqauth
 *       raw[i+2:i+18] = hmac.new(S, bytes(raw), hashlib.md5).digest()       # RFC 3579 §3.2
 *       if reply: raw[4:20] = hashlib.md5(bytes(raw) + S).digest()           # RFC 2865 §3
 *       return bytes(raw)
 *
 *   REQUEST = sign(Radius(code=1, id=7, authenticator=RA, attributes=[A(1, b'mn1@example.org'),
 *     A(2, hide(b'hello', RA)), A(4, inet_aton('192.0.2.10')), A(6, struct.pack('!I', 2)),
 *     A(31, b'02-00-00-00-00-01'), A(32, b'mag1'), A(145, b'mn1@example.org'), A(80, bytes(16))]), RA, False)
 *   ACCEPT = sign(Radius(code=2, id=7, attributes=[A(6, struct.pack('!I', 2)), A(27, struct.pack('!I', 3600)),
 *     A(145, b'mn1@example.org'), A(147, inet_pton(AF_INET6, '2001:db8:2::1')), A(149, inet_aton('192.0.2.2')),
 *     A(151, b'\x00\x40' + inet_pton(AF_INET6, '2001:db8:1::')), A(155, b'\x00\x18' + inet_aton('10.0.0.5')),
 *     A(157, inet_aton('10.1.0.1')), A(161, inet_aton('10.0.0.1')),
 *     A(97, b'\x00\x40' + inet_pton(AF_INET6, '2001:db8:1::')[:8]), A(18, b'Welcome'), A(80, bytes(16))]), RA, True)
 *   REJECT = sign(Radius(code=3, id=8, attributes=[A(18, b'Denied'), A(80, bytes(16))]), bytes(range(16)), True)
 */
import { fromHex } from '../../../src/wire/core';

export const SECRET = 'lab-secret';
export const RA = fromHex('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
export const RA_REJECTED = fromHex('000102030405060708090a0b0c0d0e0f');

export const REQUEST = fromHex(`
  0107007f0f1e2d3c4b5a69788796a5b4c3d2e1f001116d6e31406578616d706c652e6f72670212836baefa92e7b7791b
  f15372949fc7870406c000020a0606000000021f1330322d30302d30302d30302d30302d303120066d61673191116d6e
  31406578616d706c652e6f7267501220d2891ca91f2f3aabd64e5f65233e06`);

export const ACCEPT = fromHex(`
  02070098ed827f5d17fac5842ee9798d8f76c7600606000000021b0600000e1091116d6e31406578616d706c652e6f72
  67931220010db80002000000000000000000019506c00002029714004020010db80001000000000000000000009b0800
  180a0000059d060a010001a1060a000001610c004020010db800010000120957656c636f6d655012a48168ce133d7744
  6120224b6d41cc6e`);

export const REJECT = fromHex(`
  0308002e9fcce89fd557eaa370b058ccf1b21080120844656e6965645012e2bd6dd09dec275466ee3f908042552c`);

/** hide(b'hello', RA) and hide(b'a-rather-long-password!', RA), from the script above. */
export const HIDDEN_HELLO = fromHex('836baefa92e7b7791bf15372949fc787');
export const HIDDEN_LONG = fromHex('8a23b0f7898fd20b369d3c1cf3b2b7e63d81541eb6f785a0e4a531e0032c7e6a');
