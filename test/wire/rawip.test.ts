import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, fromHex, hex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { icmpEcho } from '../../src/wire/icmp';
import { icmpv6Echo } from '../../src/wire/icmpv6';
import { ipv4Packet } from '../../src/wire/ipv4';
import { ipv6Packet } from '../../src/wire/ipv6';
import '../../src/wire/protocols';
import { rawIp } from '../../src/wire/rawip';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(IP(src='10.0.0.1',dst='10.0.0.2')/ICMP())
const V4 = fromHex('4500001c00010000400166de0a0000010a0000020800f7ff00000000');
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/ICMPv6EchoRequest())
const V6 = fromHex('6000000000083a4020010db800000000000000000000000a20010db800000000000000000000000b8000243600000000');

describe('rawip (LINKTYPE_RAW)', () => {
  it('picks IPv4 or IPv6 by the version nibble, with no layer of its own', () => {
    expect(decode(rawIp, V4).layers.map((l) => l.name)).toEqual(['ip', 'icmp']);
    expect(decode(rawIp, V6).layers.map((l) => l.name)).toEqual(['ipv6', 'icmpv6']);
    expect(dissect(V6, 101).summary).toBe('Echo (ping) request id=0x0000, seq=0');
  });

  it('encodes whichever packet it is given', () => {
    expect(hex(encode(rawIp, ipv4Packet({ src: '10.0.0.1', dst: '10.0.0.2', id: 1, payload: icmpEcho({ ident: 0, seq: 0 }) })))).toBe(hex(V4));
    expect(hex(encode(rawIp, ipv6Packet({ src: '2001:db8::a', dst: '2001:db8::b', payload: icmpv6Echo({ ident: 0, seq: 0 }) })))).toBe(hex(V6));
  });

  it('shows a packet of another version as data with one problem', () => {
    const out = decode(rawIp, fromHex('5500aabb'));
    expect(out.problems.map((p) => p.id)).toEqual(['rawip.version.invalid']);
    expect(out.layers.map((l) => l.name)).toEqual(['data']);
  });

  it('never throws on random bytes; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const out = decode(rawIp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
