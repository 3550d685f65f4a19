import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  carrySignalling, dataPort, ipv4PbuFacts, magTransportFromPba, pbuSourcePort, planLmaTunnel, readSignalling, signallingPort,
  type Ipv4Encoding, type LmaIpv4Policy,
} from '../../../src/protocols/pmipv6';
import { encode, type LayerValue } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../../src/wire/ethernet';
import { ipv4CareOfAddressOption, natDetectionOption, proxyBindingAck, proxyBindingUpdate, type BindingUpdate } from '../../../src/wire/mh';

const pbu = (flags: { f?: boolean; t?: boolean } = {}, coa?: string): BindingUpdate => {
  const m = proxyBindingUpdate({ seq: 7, lifetimeSeconds: 60, nai: 'mn1@pmip-lab.example', hnps: ['2001:db8:100::/64'], handoff: 1, att: 4, flags });
  return coa ? { ...m, options: [...m.options!, ipv4CareOfAddressOption(coa)] } : m;
};

/** Through the bytes and back, as a receiving node sees it. */
function onTheWire(packet: LayerValue): { layers: string[]; value: LayerValue; problems: number } {
  const bytes = encode(ethernet, ethernetFrame({ src: '02:00:00:01:00:01', dst: '02:00:00:01:00:02', payload: packet }));
  const d = dissect(bytes);
  return { layers: d.layers.map((l) => l.name), value: (d.value!.payload as LayerValue), problems: d.problems.length };
}

const encodings: Ipv4Encoding[] = ['rfc5844', 'draft-02'];

describe('signalling over IPv4, both layouts', () => {
  it('RFC 5844: IPv4 / UDP → 5436 / Mobility Header with a zero checksum (§4.2.2.1)', () => {
    const p = carrySignalling(pbu(), { encoding: 'rfc5844', src: '10.0.1.1', dst: '203.0.113.1', sport: 5436, dport: 5436, tlv: false, inner6: { src: '2001:db8:1::1', dst: '2001:db8:ffff::1' } });
    const w = onTheWire(p);
    expect(w.layers).toEqual(['eth', 'ip', 'udp', 'mipv6']);
    expect(w.problems).toBe(0);
    expect(((w.value.payload as LayerValue).payload as LayerValue).checksum).toBe(0);
  });

  it('seed 002: IPv4 / UDP 4191 / [TLV] / IPv6 / Mobility Header with its IPv6 checksum (Fig. 8)', () => {
    for (const tlv of [false, true]) {
      const p = carrySignalling(pbu(), { encoding: 'draft-02', src: '10.0.1.1', dst: '203.0.113.1', sport: 4191, dport: 4191, tlv, inner6: { src: '2001:db8:1::1', dst: '2001:db8:ffff::1' } });
      const w = onTheWire(p);
      expect(w.layers).toEqual(['eth', 'ip', 'udp', ...(tlv ? ['pmip6.tlv'] : []), 'ipv6', 'mipv6']);
      expect(w.problems).toBe(0);
    }
  });

  it('reads back what it carries, whatever the addresses and ports', () => {
    const octet = fc.integer({ min: 1, max: 254 });
    const ip4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    fc.assert(
      fc.property(fc.constantFrom(...encodings), fc.boolean(), ip4, ip4, fc.integer({ min: 1024, max: 65535 }), (encoding, tlv, src, dst, sport) => {
        const withTlv = tlv && encoding === 'draft-02';
        const route = { encoding, src, dst, sport, dport: signallingPort(encoding), tlv: withTlv, inner6: { src: '2001:db8:1::1', dst: '2001:db8:ffff::1' } };
        const r = readSignalling(onTheWire(carrySignalling(pbu(), route)).value);
        expect(r?.arrival).toEqual({ encoding, src, dst, sport, dport: route.dport, tlv: withTlv, ...(encoding === 'draft-02' ? { inner6: route.inner6 } : {}) });
        expect((r?.mh.body as { seq: number }).seq).toBe(7);
      }),
      { numRuns: 60 },
    );
  });

  it('is not signalling: an MH on another port, or an IPv6 packet on 5436', () => {
    const udp = (dport: number, payload: LayerValue): LayerValue => ({ proto: 'ip', src: '10.0.1.1', dst: '203.0.113.1', payload: { proto: 'udp', srcport: 40000, dstport: dport, payload } });
    expect(readSignalling(udp(4191, pbu()))).toBeUndefined();
    expect(readSignalling(udp(5436, { proto: 'ipv6', src: '::1', dst: '::2', payload: pbu() }))).toBeUndefined();
    expect(readSignalling({ proto: 'ipv6', src: '::1', dst: '::2', payload: pbu() })).toBeUndefined();
  });

  it('sends the PBU from the data port when a NAT may be in the way, so one binding carries both', () => {
    expect(pbuSourcePort('rfc5844', false)).toBe(5436);
    expect(pbuSourcePort('rfc5844', true)).toBe(dataPort('rfc5844'));
    expect(pbuSourcePort('draft-02', false)).toBe(4191);
    expect(dataPort('draft-02')).toBe(4191);
  });
});

describe('the tunnel the LMA plans (RFC 5844 §4.1.3.1, RFC 5845 §7.2, RFC 5555 §4.2)', () => {
  const policy: LmaIpv4Policy = { natRefreshSeconds: 20, acceptForcedUdp: true, tlvHeader: true };
  const arrival = (src: string, sport: number, encoding: Ipv4Encoding = 'rfc5844') => ({ encoding, src, dst: '203.0.113.1', sport, dport: signallingPort(encoding), tlv: false });
  const plan = (flags: { f?: boolean; t?: boolean }, src: string, sport: number, coa = '10.0.1.1', p = policy, encoding: Ipv4Encoding = 'rfc5844') =>
    planLmaTunnel(ipv4PbuFacts(pbu(flags, coa), arrival(src, sport, encoding)), p);

  it('behind a NAT: IPv4-UDP to the address and port the PBU came from, NAT Detection with the refresh time', () => {
    const r = plan({}, '198.51.100.1', 40000);
    expect(r).toMatchObject({ mode: 'ipv4-udp', remote: '198.51.100.1', port: 40000, natDetection: { f: true, refreshTime: 20 }, tlv: false });
    expect(r.nat.detected).toBe(true);
  });

  it('no NAT, no flags: plain IPv4, no NAT Detection option', () => {
    const r = plan({}, '10.0.1.1', 5436);
    expect(r).toMatchObject({ mode: 'ipv4', remote: '10.0.1.1', tlv: false });
    expect(r.natDetection).toBeUndefined();
  });

  it('the F flag: IPv4-UDP to the data port, NAT Detection with F and no keepalives', () => {
    expect(plan({ f: true }, '10.0.1.1', 5436)).toMatchObject({ mode: 'ipv4-udp', port: 5437, natDetection: { f: true, refreshTime: 0xffffffff } });
    expect(plan({ f: true }, '10.0.1.1', 4191, '10.0.1.1', policy, 'draft-02')).toMatchObject({ mode: 'ipv4-udp', port: 4191 });
  });

  it('the T flag: IPv4-UDP-TLV when the LMA supports it, and not otherwise', () => {
    expect(plan({ t: true }, '10.0.1.1', 5436)).toMatchObject({ mode: 'ipv4-udp-tlv', tlv: true });
    expect(plan({ t: true }, '10.0.1.1', 5436, '10.0.1.1', { ...policy, tlvHeader: false })).toMatchObject({ mode: 'ipv4', tlv: false });
  });
});

describe('the mode the MAG reads in the PBA (RFC 5844 §4.2.2)', () => {
  const pba = (o: { t?: boolean; natd?: [boolean, number] }) => {
    const m = proxyBindingAck({ status: 0, seq: 7, lifetimeSeconds: 60, nai: 'mn1@pmip-lab.example', hnps: ['2001:db8:100::/64'], handoff: 1, att: 4, ...(o.t ? { flags: { t: true } } : {}) });
    return o.natd ? { ...m, options: [...m.options!, natDetectionOption(...o.natd)] } : m;
  };

  it('T → IPv4-UDP-TLV; NAT Detection with F → IPv4-UDP with keepalives at its refresh time; nothing → IPv4', () => {
    expect(magTransportFromPba(pba({ t: true }))).toEqual({ mode: 'ipv4-udp-tlv', natDetected: false });
    expect(magTransportFromPba(pba({ natd: [true, 20] }))).toEqual({ mode: 'ipv4-udp', natDetected: true, keepaliveSeconds: 20 });
    expect(magTransportFromPba(pba({ natd: [true, 0xffffffff] }))).toEqual({ mode: 'ipv4-udp', natDetected: false });
    expect(magTransportFromPba(pba({ natd: [false, 0xffffffff] }))).toEqual({ mode: 'ipv4', natDetected: false });
    expect(magTransportFromPba(pba({}))).toEqual({ mode: 'ipv4', natDetected: false });
  });
});
