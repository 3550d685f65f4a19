import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../../src/wire/core';
import { findOption, findOptions, mobilityHeader, type MobilityHeader } from '../../../src/wire/mh';
import { ipv6Codec } from '../../../src/wire/ipv6';
import { pbaMessage, pbaPacket, timeOfDay } from '../../../src/protocols/pmipv6';
import { HNP1, LMAA, MAG1, MN1, NOW_US, pbu } from './fixtures';

/** Through the real codec and back, as the MAG would read it. */
const wire = (m: MobilityHeader): MobilityHeader => {
  const { value, problems } = decode(mobilityHeader, encode(mobilityHeader, m));
  expect(problems).toEqual([]);
  return value;
};

describe('the PBA (RFC 5213 §5.3.6)', () => {
  it('accepted: P flag, status 0, the PBU’s sequence number, the granted lifetime and the assigned prefix', () => {
    const facts = pbu({ seq: 77, hnps: ['::/0'] });
    const m = wire(pbaMessage(facts, { status: 0, lifetimeSeconds: 3600, prefix: '2001:db8:1000::/64' }));
    expect(m.body).toMatchObject({ status: 0, flags: { p: true }, seq: 77, lifetime: 900 });
    expect(findOption(m, 8)?.identifier).toBe(MN1);
    expect(findOptions(m, 22).map((o) => `${o.prefix}/${o.prefixLength}`)).toEqual(['2001:db8:1000::/64']);
    expect(findOption(m, 23)?.hi).toBe(1);
    expect(findOption(m, 24)?.att).toBe(3);
    expect(findOption(m, 27)?.timestamp).toBe(facts.timestamp);
  });

  it('refused: lifetime 0 and every HNP of the request; ALL_ZERO when it had none; zero values for missing HI and ATT', () => {
    const m = wire(pbaMessage(pbu({ hnps: [], drop: [23, 24] }), { status: 158, lifetimeSeconds: 3600 }));
    expect(m.body).toMatchObject({ status: 158, lifetime: 0 });
    expect(findOptions(m, 22).map((o) => `${o.prefix}/${o.prefixLength}`)).toEqual(['::/0']);
    expect([findOption(m, 23)?.hi, findOption(m, 24)?.att]).toEqual([0, 0]);
    const echoed = wire(pbaMessage(pbu({ hnps: ['2001:db8:999::/64'] }), { status: 155, lifetimeSeconds: 0 }));
    expect(findOptions(echoed, 22).map((o) => `${o.prefix}/${o.prefixLength}`)).toEqual(['2001:db8:999::/64']);
  });

  it('a zero-length MN identifier when the request had none (§5.3.1 ¶4)', () => {
    const m = wire(pbaMessage(pbu({ drop: [8] }), { status: 160, lifetimeSeconds: 0 }));
    expect(findOption(m, 8)).toMatchObject({ subtype: 1, identifier: '' });
  });

  it('156/157 carry the LMA’s time of day; no Timestamp option unless the PBU had one', () => {
    const lma = timeOfDay(NOW_US + 5_000_000);
    expect(findOption(wire(pbaMessage(pbu(), { status: 156, lifetimeSeconds: 0, lmaTimestamp: lma })), 27)?.timestamp).toBe(lma);
    expect(findOption(wire(pbaMessage(pbu({ drop: [27] }), { status: 0, lifetimeSeconds: 4, prefix: HNP1 })), 27)).toBeUndefined();
  });

  it('135 sends back the last accepted sequence number (RFC 6275 §9.5.1)', () => {
    expect(wire(pbaMessage(pbu({ seq: 3 }), { status: 135, lifetimeSeconds: 0, seq: 30 })).body).toMatchObject({ seq: 30 });
  });

  it('link-local address: echoed on refusal, the entry’s on acceptance; link-layer id copied', () => {
    const facts = pbu({ linkLocal: '::', mnLinkLayerId: '02:00:00:00:00:07' });
    const ok = wire(pbaMessage(facts, { status: 0, lifetimeSeconds: 8, prefix: HNP1, linkLocal: 'fe80::99' }));
    expect(findOption(ok, 26)?.address).toBe('fe80::99');
    expect([...findOption(ok, 25)!.lli]).toEqual([2, 0, 0, 0, 0, 7]);
    expect(findOption(wire(pbaMessage(facts, { status: 154, lifetimeSeconds: 0 })), 26)?.address).toBe('::');
  });

  it('goes from the LMAA back to the PBU’s source in an IPv6 packet', () => {
    const p = pbaPacket(pbu(), LMAA, { status: 0, lifetimeSeconds: 8, prefix: HNP1 });
    expect([p.src, p.dst]).toEqual([LMAA, MAG1]);
    const { value, problems } = decode(ipv6Codec, encode(ipv6Codec, p));
    expect(problems).toEqual([]);
    expect((value.payload as MobilityHeader).mhType).toBe(6);
  });
});
