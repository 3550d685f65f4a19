import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type FieldNode } from '../../../src/wire/core';
import '../../../src/wire/data';
import {
  accessTechnology,
  imsiSubscriberId,
  interfaceId,
  isAccepted,
  macDeviceId,
  microsFromNtp,
  MIP_REPLY_CODE,
  mip,
  ntpFromMicros,
  ntpText,
  proxyRegistrationRequest,
  registrationReply,
  registrationRequestMessage,
  tunnelDataMessage,
  type RegistrationRequest,
} from '../../../src/wire/mipv4';
import { KEYS, MN_RRQ, PRRP, PRRQ, TUNNEL_DATA } from './vectors';

const field = (layers: FieldNode[], name: string) => findField(layers, name)!;
const range = (n: FieldNode) => [n.start, n.end];

describe('Registration Request (RFC 5944 §3.3)', () => {
  it('decodes the scapy-built proxy registration request field by field, as tshark does', () => {
    const out = decode(mip, PRRQ, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['mip']);
    expect(out.layers[0]!.display).toBe('Reg Request: HoA=0.0.0.0 HA=192.0.2.10 CoA=198.51.100.1');
    const l = out.layers;
    expect(field(l, 'mip.type')).toMatchObject({ start: 0, end: 1, value: 1 });
    expect(field(l, 'mip.flags')).toMatchObject({ start: 1, end: 2, value: 0x02 });
    expect(field(l, 'mip.t')).toMatchObject({ start: 1, end: 2, value: true, mask: 0x02, bits: 8 });
    expect(field(l, 'mip.v')).toMatchObject({ value: false, mask: 0x04 });
    expect(field(l, 'mip.life')).toMatchObject({ start: 2, end: 4, value: 1800, display: '1800 s' });
    expect(field(l, 'mip.homeaddr')).toMatchObject({ start: 4, end: 8, value: '0.0.0.0' });
    expect(field(l, 'mip.haaddr')).toMatchObject({ start: 8, end: 12, value: '192.0.2.10' });
    expect(field(l, 'mip.coa')).toMatchObject({ start: 12, end: 16, value: '198.51.100.1' });
    // tshark: mip.ident show="Oct 14, 2023 05:26:40.000000000 UTC" pos=16 size=8 (frame offsets − 42)
    expect(field(l, 'mip.ident')).toMatchObject({ start: 16, end: 24, value: 'Oct 14, 2023 05:26:40.000000000 UTC' });
    expect(findFields(l, 'mip.ext.type').map((n) => n.value)).toEqual([131, 47, 147, 147, 147, 147, 137, 34]);
    expect(findFields(l, 'mip.ext.len').map((n) => [n.value, n.start, n.end])).toEqual([
      [15, 25, 26], [1, 43, 45], [5, 47, 48], [8, 54, 55], [17, 64, 65], [2, 83, 84], [6, 87, 88], [20, 95, 96],
    ]);
    expect(field(l, 'mip.nai')).toMatchObject({ start: 26, end: 41, value: 'mn1@example.com' });
    expect(range(field(l, 'mip.extensions'))).toEqual([24, 116]);
    expect(field(l, 'mip.auth.auth.status').value).toBe('Good');
    const v = out.value as unknown as RegistrationRequest;
    expect(v.identification).toBe(0xe8d4a51000000000n);
    expect(v.flags?.t).toBe(true);
    expect(v.extensions).toHaveLength(8);
  });

  it('builds the same bytes from the typed proxy builder, the authenticator computed from the key', () => {
    const prrq = proxyRegistrationRequest({
      lifetime: 1800,
      homeAgent: '192.0.2.10',
      careOf: '198.51.100.1',
      identification: 0xe8d4a51000000000n,
      nai: 'mn1@example.com',
      pmipExtensions: [interfaceId('eth0'), macDeviceId('02:00:00:00:00:01'), imsiSubscriberId('001010123456789'), accessTechnology(2)],
      revocationSupport: { i: true, timestamp: 1234567 },
      auth: { kind: 'fa-ha', spi: 0x100 },
    });
    expect(hex(encode(mip, prrq, { hints: { mipKeys: KEYS } }))).toBe(hex(PRRQ));
  });

  it('puts the extensions in RFC order: NAI, PMIPv4, GRE Key, Revocation Support, then the authenticator', () => {
    const init = { lifetime: 60, homeAgent: '192.0.2.10', careOf: '198.51.100.1', identification: 1n, nai: 'a@b', greKey: 7 };
    const v = proxyRegistrationRequest({
      ...init,
      pmipExtensions: [accessTechnology(5)],
      revocationSupport: { timestamp: 1 },
      auth: { kind: 'mn-ha', spi: 0x200 },
    });
    expect(v.extensions!.map((e) => e.type)).toEqual([131, 147, 48, 137, 32]);
    // MN-HA security: no per-node method; a GRE key sets G, and T is on for a PMA.
    expect(v.flags).toEqual({ t: true, g: true });
    // Per-node FA-HA security: the Per-Node Authentication Method extension is added (RFC 5563 §5.1).
    const faHa = proxyRegistrationRequest({ ...init, auth: { kind: 'fa-ha', spi: 0x100 } });
    expect(faHa.extensions!.map((e) => e.type)).toEqual([131, 47, 48, 34]);
  });

  it('shows the D and T flags of a co-located mobile node with MN-HA and MN-AAA authentication', () => {
    const out = decode(mip, MN_RRQ, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    expect(field(out.layers, 'mip.d').value).toBe(true);
    expect(field(out.layers, 'mip.flags').value).toBe(0x22);
    expect(findFields(out.layers, 'mip.auth.auth.status').map((n) => n.value)).toEqual(['Good', 'Good']);
  });

  it('reports a request cut inside its fixed part without throwing', () => {
    const out = decode(mip, PRRQ.subarray(0, 10));
    expect(out.problems.map((p) => p.id)).toEqual(['mip.truncated']);
    expect(out.problems[0]).toMatchObject({ start: 8, end: 10 });
    expect(out.layers[0]!.display).toBe('Reg Request: HoA=0.0.0.0 HA=? CoA=?');
  });

  it('decodes a request encoded by its own codec with defaults for the type and flags', () => {
    const b = encode(registrationRequestMessage, {
      lifetime: 0,
      homeAddress: '10.0.0.5',
      homeAgent: '192.0.2.10',
      careOf: '10.0.0.5',
      identification: 5n,
    });
    expect(hex(b)).toBe('010000000a000005c000020a0a0000050000000000000005');
    expect(field(decode(mip, b).layers, 'mip.life').display).toBe('0 (deregistration)');
  });
});

describe('Registration Reply (RFC 5944 §3.4)', () => {
  it('decodes the scapy-built reply and rebuilds it with the typed builder', () => {
    const out = decode(mip, PRRP, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    expect(out.layers[0]!.display).toBe('Reg Reply: HoA=10.0.0.5 HA=192.0.2.10, Code=0');
    expect(field(out.layers, 'mip.code')).toMatchObject({ start: 1, end: 2, value: 0, display: 'registration accepted (0)' });
    expect(field(out.layers, 'mip.ident')).toMatchObject({ start: 12, end: 20 });
    const rrp = registrationReply({
      code: 0,
      lifetime: 1800,
      homeAddress: '10.0.0.5',
      homeAgent: '192.0.2.10',
      identification: 0xe8d4a51000000000n,
      nai: 'mn1@example.com',
      pmipExtensions: [{ type: 47, subtype: 1, method: 1 }],
      auth: { kind: 'fa-ha', spi: 0x100 },
    });
    expect(hex(encode(mip, rrp, { hints: { mipKeys: KEYS } }))).toBe(hex(PRRP));
  });

  it('names the PMIPv4 and home-agent denial codes, including 129 that RFC 5563 §8.1 misnumbers as 65', () => {
    expect(MIP_REPLY_CODE[149]).toMatch(/PMIP_UNSUPPORTED/);
    expect(MIP_REPLY_CODE[150]).toMatch(/PMIP_DISALLOWED/);
    expect(MIP_REPLY_CODE[129]).toBe('HA: administratively prohibited');
    expect(MIP_REPLY_CODE[133]).toBe('HA: registration Identification mismatch');
    expect(MIP_REPLY_CODE[65]).toBe('FA: administratively prohibited');
    expect([0, 1, 64, 129].map(isAccepted)).toEqual([true, true, false, false]);
    const b = fromHex('039500000a000005c000020ae8d4a51000000000');
    expect(field(decode(mip, b).layers, 'mip.code').display).toBe('HA: proxy registration not supported (PMIP_UNSUPPORTED) (149)');
  });
});

describe('Identification as an NTP timestamp', () => {
  it('shows mip.ident exactly as tshark 4.0 does, eras and the NULL time included', () => {
    // scapy: MobileIPRRQ(id=i) for each i; tshark -T fields -e mip.ident
    const cases: [bigint, string][] = [
      [0n, 'Jan  1, 1970 00:00:00.000000000 UTC'],
      [1n, 'Jan  1, 1970 00:00:00.000000000 UTC'],
      [0x80000000n, 'Feb  7, 2036 06:28:16.500000000 UTC'],
      [0xe8d4a51000000001n, 'Oct 14, 2023 05:26:40.000000000 UTC'],
      [0xe8d4a51012345678n, 'Oct 14, 2023 05:26:40.071111110 UTC'],
      [0xe8d4a510ffffffffn, 'Oct 14, 2023 05:26:40.999999999 UTC'],
      [0x7fffffff00000000n, 'Feb 26, 2104 09:42:23.000000000 UTC'],
      [0xffffffffffffffffn, 'Feb  7, 2036 06:28:15.999999999 UTC'],
      [0x83aa7e8000000000n, 'Jan  1, 1970 00:00:00.000000000 UTC'],
      [0x0000000100000000n, 'Feb  7, 2036 06:28:17.000000000 UTC'],
      [0x123456789abcdef0n, 'Oct 12, 2045 05:19:52.604444440 UTC'],
    ];
    for (const [ntp, text] of cases) expect(ntpText(ntp)).toBe(text);
  });

  it('converts simulator microseconds to NTP and back', () => {
    // 2023-10-14T05:26:40Z = 1697261200 s since 1970.
    expect(ntpFromMicros(1_697_261_200_000_000)).toBe(0xe8d4a51000000000n);
    expect(ntpFromMicros(1_697_261_200_500_000)).toBe(0xe8d4a51080000000n);
    expect(microsFromNtp(0xe8d4a51080000000n)).toBe(1_697_261_200_500_000);
    for (const us of [0, 1, 999_999, 1_697_261_200_123_457, 2_085_978_496_000_001]) {
      expect(microsFromNtp(ntpFromMicros(us))).toBe(us);
    }
  });
});

describe('MIP Tunnel Data (RFC 3519 §3.3)', () => {
  it('hands the tunnelled packet to the layer the IP protocol table names', () => {
    const out = decode(mip, TUNNEL_DATA);
    expect(out.problems).toEqual([]);
    expect(out.layers[0]).toMatchObject({ name: 'mip', start: 0, end: 4, display: 'Tunnel Data: Next Header=4' });
    expect(field(out.layers, 'mip.nattt.nexthdr')).toMatchObject({ start: 1, end: 2, value: 4 });
    expect(field(out.layers, 'mip.nattt.reserved')).toMatchObject({ start: 2, end: 4, value: 0 });
    // 'ip' once ipv4.ts registers it, 'data' until then: either way a layer from offset 4.
    expect(out.layers[1]).toMatchObject({ start: 4, end: 32 });
    expect(hex(encode(tunnelDataMessage, { nextHeader: 4, payload: { proto: 'data', data: TUNNEL_DATA.subarray(4) } }))).toBe(hex(TUNNEL_DATA));
  });
});

describe('Unknown message types', () => {
  it('keeps the bytes raw and says the type is unknown', () => {
    const out = decode(mip, fromHex('0200000001020304'));
    expect(out.problems.map((p) => [p.id, p.severity])).toEqual([['mip.type.unknown', 'warn']]);
    expect(out.layers[0]).toMatchObject({ raw: true, start: 0, end: 8 });
    expect(field(out.layers, 'mip.data')).toMatchObject({ start: 1, end: 8 });
    expect(hex(encode(mip, out.value as never))).toBe('0200000001020304');
  });

  it('reports an empty message without throwing', () => {
    const out = decode(mip, new Uint8Array(0));
    expect(out.problems.map((p) => p.id)).toContain('mip.truncated');
  });
});
