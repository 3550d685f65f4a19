import { describe, expect, it } from 'vitest';
import { findOption, timestampFromMicros, type MobilityHeader } from '../../src/wire/mh';
import { radiusAttr } from '../../src/wire/radius';
import { checkAuthenticators } from '../../src/protocols/radius-profile';
import { TIME_OF_DAY_EPOCH_US } from '../../src/protocols/pmipv6';
import { mag, magConfig } from '../../src/entities/mag';
import { onTheWire } from '../support/entity';
import { HNP1, HNP2, INPUT, LMAA, MAC1, MAC2, MAG_LL, MAG_MAC, NAI1, NAI2, NAS, PROXY_COA, S, SECRET, lab } from '../support/mag';

/*
 * The MAG machine driven directly (RFC 5213 §6): createActor on the engine's clock with a seeded
 * env (test/support/entity.ts), answers built by src/wire and passed through bytes, and every
 * emitted effect collected with the time it was emitted.
 */

const TUNNEL = `to-${LMAA}`;
const opts = (mh: MobilityHeader) => ({
  nai: findOption(mh, 8)?.identifier,
  hnp: findOption(mh, 22) && `${findOption(mh, 22)!.prefix}/${findOption(mh, 22)!.prefixLength}`,
  hi: findOption(mh, 23)?.hi,
  att: findOption(mh, 24)?.att,
  timestamp: findOption(mh, 27)?.timestamp,
  lli: findOption(mh, 25)?.lli,
  lla: findOption(mh, 26)?.address,
});
const body = (mh: MobilityHeader) => mh.body as { seq: number; lifetime: number; flags: Record<string, boolean> };

describe('MAG: access authentication (RFC 5213 §6.5; seed 001 §6.2)', () => {
  it('asks the AAA server about an attaching MN with a RADIUS Access-Request whose authenticators check out', () => {
    const l = lab();
    expect(l.state()).toBe('idle');
    l.attach();
    expect(l.state()).toBe('serving');
    expect(l.entry()).toMatchObject({ state: 'authenticating', mac: MAC1, iface: 'eth1' });
    const [tx] = l.txs();
    const ip = onTheWire(tx!).packet;
    expect([ip.src, ip.dst]).toEqual([NAS, '2001:db8:aaaa::1']);
    expect(ip.payload).toMatchObject({ proto: 'udp', dstport: 1812, srcport: 49152 });
    const req = l.requests()[0]!;
    expect(req.code).toBe(1);
    expect(radiusAttr(req, 1)).toBe(NAI1);
    expect(radiusAttr(req, 95)).toBe(NAS);
    expect(radiusAttr(req, 32)).toBe('mag1');
    expect(radiusAttr(req, 31)).toBe('02-00-00-00-00-11');
    expect(checkAuthenticators(req, SECRET).message).toBe('good');
    expect(l.kinds()).toEqual(['tx:radius']);
  });

  it('sends the Access-Request again with the same Identifier and authenticator, then gives up (RFC 2865 §2.5)', () => {
    const l = lab();
    l.attach();
    l.advance(20 * S);
    const reqs = l.requests();
    expect(reqs).toHaveLength(3);
    expect(new Set(reqs.map((r) => r.id)).size).toBe(1);
    expect(l.txs().map((t) => t.at)).toEqual([0, 3_000_000, 6_000_000]);
    expect(l.entry()).toMatchObject({ state: 'rejected', reason: 'the AAA server did not answer' });
    expect(l.pbus()).toHaveLength(0);
  });

  it('Access-Reject: no PBU, and a Router Solicitation gets no prefix (seed 001 §6.10)', () => {
    const l = lab();
    l.attach();
    l.answerRadius({ reject: true });
    l.solicit();
    expect(l.kinds()).toEqual(['tx:radius']);
    expect(l.entry()).toMatchObject({ state: 'rejected', reason: 'Access-Reject' });
    expect(l.notes().at(-1)).toMatch(/must not advertise/);
  });

  it('silently discards an Access-Accept whose Response Authenticator does not check out', () => {
    const l = lab();
    l.attach();
    l.answerRadius({ secret: 'wrong' });
    expect(l.pbus()).toHaveLength(0);
    expect(l.entry()!.state).toBe('authenticating');
    expect(l.notes().at(-1)).toMatch(/silently discards.*Response Authenticator is bad/);
  });
});

describe('MAG: initial registration (RFC 5213 §6.9.1.1, §6.9.1.5)', () => {
  it('sends a PBU from the Proxy-CoA with A and P, MN-ID, HNP, HI, ATT, Timestamp and the MN’s MAC', () => {
    const l = lab();
    l.attach();
    l.advance(5);
    l.answerRadius();
    const [pbu] = l.pbus();
    const ip = onTheWire(pbu!.tx).packet;
    expect([ip.src, ip.dst]).toEqual([PROXY_COA, LMAA]);
    expect(body(pbu!.mh)).toMatchObject({ seq: 1, lifetime: 15, flags: { a: true, p: true } });
    const o = opts(pbu!.mh);
    expect(o).toMatchObject({ nai: NAI1, hnp: HNP1, hi: 4, att: 4, lla: undefined });
    expect(o.timestamp).toBe(timestampFromMicros(BigInt(TIME_OF_DAY_EPOCH_US) + 5000n));
    expect(Array.from(o.lli!)).toEqual([2, 0, 0, 0, 0, 0x11]);
    expect(l.entry()).toMatchObject({ state: 'registering', seq: 1 });
  });

  it('asks the LMA for a prefix (ALL_ZERO) when the profile has none, and uses the one the PBA assigns', () => {
    const l = lab();
    l.attach({ handoff: false });
    l.answerRadius({ profile: { addressing: 'per-mn-prefix', lmaa: LMAA } });
    expect(opts(l.pbus()[0]!.mh)).toMatchObject({ hnp: '::/0', hi: 1 });
    l.answerPbu({ hnp: '2001:db8:1000::/64' });
    expect(l.entry()).toMatchObject({ state: 'registered', hnp: '2001:db8:1000::/64' });
    expect(l.ras()[0]!.ra.options).toContainEqual(expect.objectContaining({ type: 3, prefix: '2001:db8:1000::', prefixLength: 64 }));
  });

  it('on PBA 0: the tunnel, a source-specific default route into it, the prefix on the access link, then the RA', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    const pbu = l.pbus()[0]!.mh;
    l.clear();
    l.advance(3);
    l.answerPbu({ pbu });
    expect(l.kinds()).toEqual(['tunnel.add', 'route.add', 'route.add', 'tx:ra']);
    const fx = l.effects;
    expect(fx.find((e) => e.type === 'tunnel.add')).toMatchObject({ tunnel: { id: TUNNEL, local: PROXY_COA, remote: LMAA, encap: 'ip' } });
    expect(fx.filter((e) => e.type === 'route.add')).toEqual([
      expect.objectContaining({ owner: `bul:${NAI1}`, dst: '::/0', src: HNP1, tunnel: TUNNEL }),
      expect.objectContaining({ owner: `access:${NAI1}`, dst: HNP1, iface: 'eth1' }),
    ]);
    const { tx, packet, ra } = l.ras()[0]!;
    expect(tx).toMatchObject({ iface: 'eth1', dstMac: MAC1 });
    expect(packet).toMatchObject({ src: MAG_LL, dst: 'ff02::1', hlim: 255 });
    expect(ra).toMatchObject({ type: 134, routerLifetime: 1800, flags: { m: false, o: false } });
    expect(ra.options).toEqual([
      expect.objectContaining({ type: 1, linkaddr: MAG_MAC }),
      expect.objectContaining({ type: 5, mtu: 1460 }),
      expect.objectContaining({ type: 3, prefix: '2001:db8:100::', prefixLength: 64, flags: expect.objectContaining({ l: true, a: true }), valid: 2_592_000, preferred: 604_800 }),
    ]);
    expect(l.entry()).toMatchObject({ state: 'registered', lifetimeSeconds: 60, expiresUs: 3000 + 60_000_000 });
    expect(mag.tables(l.context())).toEqual({
      'Binding update list': [
        { MN: NAI1, MAC: MAC1, iface: 'eth1', HNP: HNP1, LMA: LMAA, 'lifetime (s)': 60, 'expires (s)': 60.003, state: 'registered', seq: 1, tries: 0, 'MN link-local': null },
      ],
      Tunnels: [{ id: TUNNEL, local: PROXY_COA, remote: LMAA, users: 1, MNs: NAI1 }],
      Routes: [
        { owner: `bul:${NAI1}`, dst: '::/0', src: HNP1, via: `tunnel ${TUNNEL}` },
        { owner: `access:${NAI1}`, dst: HNP1, src: null, via: 'eth1' },
      ],
    });
  });

  it('holds the RA until the PBA, learns the MN’s link-local address from its RS, and answers later RSs', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.solicit({ src: 'fe80::11' });
    expect(l.ras()).toHaveLength(0);
    expect(l.entry()!.mnLinkLocal).toBe('fe80::11');
    l.answerPbu();
    l.solicit();
    expect(l.ras()).toHaveLength(2);
  });
});

describe('MAG: retransmission (RFC 5213 §6.9.4, RFC 6275 §11.8)', () => {
  it('resends a lost PBU after 1, 2, 4, 8, 16 s, each time with a greater sequence number and a fresh timestamp, and gives up after 6', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.advance(200 * S);
    const pbus = l.pbus();
    expect(pbus.map((p) => p.at / 1e6)).toEqual([0, 1, 3, 7, 15, 31]);
    expect(pbus.map((p) => body(p.mh).seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const stamps = pbus.map((p) => opts(p.mh).timestamp!);
    expect(stamps).toEqual([...stamps].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(stamps).size).toBe(6);
    // Apart from the sequence number, the timestamp and the checksum, the bytes are the same.
    const strip = (p: (typeof pbus)[number]) => ({ ...p.mh, checksum: 0, body: { ...p.mh.body, seq: 0 }, options: p.mh.options!.filter((o) => o.type !== 27) });
    for (const p of pbus.slice(1)) expect(strip(p)).toEqual(strip(pbus[0]!));
    expect(l.entry()).toMatchObject({ state: 'rejected', reason: 'no PBA' });
    expect(l.notes().at(-1)).toMatch(/gives up/);
  });

  it('accepts the answer to an earlier transmission, and ignores a PBA that answers none', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.advance(1 * S);
    const [first] = l.pbus();
    l.answerPbu({ pbu: { ...first!.mh, body: { ...first!.mh.body, seq: 99 } } as MobilityHeader });
    expect(l.notes().at(-1)).toMatch(/ignores a Proxy Binding Acknowledgement: no PBU .* sequence number 99/);
    l.answerPbu({ pbu: first!.mh });
    expect(l.entry()!.state).toBe('registered');
    l.advance(10 * S);
    expect(l.pbus()).toHaveLength(2);
  });
});

describe('MAG: renewal and lifetime (RFC 5213 §6.9.1.3, §6.13)', () => {
  it('re-registers at 80 % of the lifetime with HI 5, the assigned prefix and a new timestamp; no new RA', () => {
    const l = lab();
    l.register();
    l.clear();
    l.advance(48 * S - 1);
    expect(l.pbus()).toHaveLength(0);
    l.advance(1);
    const [renewal] = l.pbus();
    expect(renewal!.at).toBe(48_000_000);
    expect(opts(renewal!.mh)).toMatchObject({ hi: 5, hnp: HNP1, nai: NAI1 });
    expect(body(renewal!.mh)).toMatchObject({ seq: 2, lifetime: 15 });
    expect(l.entry()!.state).toBe('reregistering');
    l.answerPbu();
    expect(l.kinds()).toEqual(['tx:pbu']);
    expect(l.entry()).toMatchObject({ state: 'registered', expiresUs: 108_000_000 });
  });

  it('lets the binding lapse when the MN’s presence cannot be confirmed, then removes routes and tunnel', () => {
    const l = lab();
    l.register();
    l.clear();
    l.actor.send({ type: 'l2.lost', mn: 'mn1' });
    expect(l.entry()!.state).toBe('lapsing');
    l.advance(100 * S);
    expect(l.pbus()).toHaveLength(0);
    expect(l.kinds()).toEqual(['route.remove', 'route.remove', 'tunnel.remove']);
    expect(l.effects.find((e) => e.type === 'tunnel.remove')!.at).toBe(60_000_000);
    expect(l.state()).toBe('idle');
  });
});

describe('MAG: de-registration (RFC 5213 §6.9.1.4; seed 001 §6.10)', () => {
  it('sends a PBU with lifetime 0 and HI 4, and on its PBA removes the routes, the tunnel and the entry', () => {
    const l = lab();
    l.register();
    l.clear();
    l.actor.send({ type: 'l2.detach', mn: 'mn1' });
    const [dereg] = l.pbus();
    expect(body(dereg!.mh)).toMatchObject({ lifetime: 0, seq: 2 });
    expect(opts(dereg!.mh)).toMatchObject({ hi: 4, hnp: HNP1 });
    expect(l.entry()!.state).toBe('deregistering');
    l.answerPbu();
    expect(l.kinds()).toEqual(['tx:pbu', 'route.remove', 'route.remove', 'tunnel.remove']);
    expect(l.entry()).toBeUndefined();
    expect(l.state()).toBe('idle');
    // The renewal timer went with the entry.
    l.advance(100 * S);
    expect(l.pbus()).toHaveLength(1);
  });

  it('cleans up after INITIAL_BINDACK_TIMEOUT when the de-registration gets no answer', () => {
    const l = lab();
    l.register();
    l.clear();
    l.actor.send({ type: 'l2.detach', mn: 'mn1' });
    l.advance(1 * S);
    expect(l.kinds()).toEqual(['tx:pbu', 'route.remove', 'route.remove', 'tunnel.remove']);
    expect(l.effects.at(-2)!.at).toBe(1_000_000);
  });

  it('two MNs share one tunnel (2 users); it stays up when one leaves and goes with the last', () => {
    const l = lab();
    l.register();
    l.register({ nai: NAI2, mn: 'mn2', mac: MAC2, iface: 'eth2', hnp: HNP2 });
    expect(l.effects.filter((e) => e.type === 'tunnel.add')).toHaveLength(1);
    expect(mag.tables(l.context()).Tunnels).toEqual([{ id: TUNNEL, local: PROXY_COA, remote: LMAA, users: 2, MNs: `${NAI1}, ${NAI2}` }]);
    l.clear();
    l.actor.send({ type: 'l2.detach', mn: 'mn1' });
    l.answerPbu();
    expect(l.kinds()).toEqual(['tx:pbu', 'route.remove', 'route.remove']);
    expect(l.notes()).toContainEqual(expect.stringMatching(/stays up: 1 other/));
    expect(mag.tables(l.context()).Tunnels).toEqual([{ id: TUNNEL, local: PROXY_COA, remote: LMAA, users: 1, MNs: NAI2 }]);
    l.clear();
    l.actor.send({ type: 'l2.detach', mn: 'mn2' });
    l.answerPbu();
    expect(l.kinds()).toEqual(['tx:pbu', 'route.remove', 'route.remove', 'tunnel.remove']);
  });

  it('forgets an MN that leaves during authentication, without a PBU', () => {
    const l = lab();
    l.attach();
    l.actor.send({ type: 'l2.detach', mn: 'mn1' });
    l.advance(10 * S);
    expect(l.kinds()).toEqual(['tx:radius']);
    expect(l.state()).toBe('idle');
  });
});

describe('MAG: refusals (RFC 5213 §6.9.1.2)', () => {
  it('status 154: no RA, no routes, and an RS gets no prefix', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.answerPbu({ status: 154 });
    l.solicit();
    expect(l.kinds()).toEqual(['tx:radius', 'tx:pbu']);
    expect(l.entry()).toMatchObject({ state: 'rejected', reason: '154 MAG_NOT_AUTHORIZED_FOR_PROXY_REG' });
    expect(l.notes()).toContainEqual(expect.stringMatching(/must not advertise the home network prefix/));
  });

  it('status 156: says the clock must be synchronised with the common time source, and does not retry', () => {
    const l = lab({ clockOffsetUs: 2_000_000 });
    l.attach();
    l.answerRadius();
    expect(opts(l.pbus()[0]!.mh).timestamp).toBe(timestampFromMicros(BigInt(TIME_OF_DAY_EPOCH_US) + 2_000_000n));
    l.answerPbu({ status: 156 });
    l.advance(100 * S);
    expect(l.pbus()).toHaveLength(1);
    expect(l.notes().at(-1)).toMatch(/156 TIMESTAMP_MISMATCH.*common time source/);
  });

  it('status 157: registers once more with a fresh timestamp to reassert the MN’s presence', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.advance(10);
    l.answerPbu({ status: 157 });
    expect(l.pbus()).toHaveLength(2);
    expect(opts(l.pbus()[1]!.mh).timestamp).toBeGreaterThan(opts(l.pbus()[0]!.mh).timestamp!);
    l.answerPbu({ status: 157 });
    expect(l.entry()!.state).toBe('rejected');
  });

  it('status 155 for a named prefix: asks the LMA to assign one (ALL_ZERO)', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.answerPbu({ status: 155 });
    expect(opts(l.pbus()[1]!.mh).hnp).toBe('::/0');
  });

  it('ignores a PBA that does not echo the Handoff Indicator, and stops sending PBUs (¶6)', () => {
    const l = lab();
    l.attach();
    l.answerRadius();
    l.answerPbu({ hi: 1 });
    l.advance(100 * S);
    expect(l.pbus()).toHaveLength(1);
    expect(l.ras()).toHaveLength(0);
    expect(l.entry()).toMatchObject({ state: 'rejected', reason: 'the LMA does not echo the PBU' });
  });
});

describe('MAG: handover and addressing models', () => {
  it('handoff between MAGs: HI 3, and after the RA an RA from the previous router with lifetime 0 (seed 001 §7.3)', () => {
    const l = lab();
    l.attach({ handoff: true, previousRouter: 'fe80::99' });
    l.answerRadius();
    expect(opts(l.pbus()[0]!.mh).hi).toBe(3);
    l.answerPbu();
    const [ra, withdrawal] = l.ras();
    expect(ra!.packet.src).toBe(MAG_LL);
    expect(withdrawal!.packet).toMatchObject({ src: 'fe80::99', dst: 'ff02::1', hlim: 255 });
    expect(withdrawal!.ra).toMatchObject({ type: 134, routerLifetime: 0, options: [] });
    expect(withdrawal!.tx).toMatchObject({ iface: 'eth1', dstMac: MAC1 });
  });

  it('shared prefix: the PBU carries the home address /128; the RA the shared /64, not on-link; routes for the /128', () => {
    const l = lab();
    l.attach();
    l.answerRadius({ profile: { addressing: 'shared-prefix', lmaa: LMAA, hnp: '2001:db8:5000::/64', interfaceId: '::0:ff:fe00:11' } });
    expect(opts(l.pbus()[0]!.mh).hnp).toBe('2001:db8:5000::ff:fe00:11/128');
    l.answerPbu();
    const pio = (l.ras()[0]!.ra.options as { type: number }[]).find((o) => o.type === 3);
    expect(pio).toMatchObject({ prefix: '2001:db8:5000::', prefixLength: 64, flags: expect.objectContaining({ l: false, a: true }) });
    expect(l.effects.filter((e) => e.type === 'route.add')).toEqual([
      expect.objectContaining({ dst: '::/0', src: '2001:db8:5000::ff:fe00:11/128' }),
      expect.objectContaining({ dst: '2001:db8:5000::ff:fe00:11/128', iface: 'eth1' }),
    ]);
  });

  it('with linkLocalFromLma, asks with an ALL_ZERO Link-local Address option and advertises from the one the LMA gives', () => {
    const l = lab({ linkLocalFromLma: true });
    l.attach();
    l.answerRadius();
    expect(opts(l.pbus()[0]!.mh).lla).toBe('::');
    l.answerPbu({ linkLocal: 'fe80::4c4d:4141' });
    expect(l.effects).toContainEqual(expect.objectContaining({ type: 'address.add', iface: 'eth1', addr: 'fe80::4c4d:4141/64' }));
    expect(l.ras()[0]!.packet.src).toBe('fe80::4c4d:4141');
    l.advance(48 * S);
    expect(opts(l.pbus()[1]!.mh).lla).toBe('fe80::4c4d:4141');
  });
});

describe('MAG: configuration', () => {
  it('refuses a MAG without an access interface or with an impossible lifetime at load', () => {
    const env = { now: () => 0, random: () => 0 };
    expect(() => magConfig({ ...INPUT, env, accessIfaces: {} })).toThrow(/no access interface/);
    expect(() => magConfig({ ...INPUT, env, lifetimeSeconds: 1 })).toThrow(/lifetime 1 s/);
    expect(() => magConfig({ ...INPUT, env, maxPbuTransmissions: 0 })).toThrow(/maxPbuTransmissions/);
    expect(magConfig({ ...INPUT, env })).toMatchObject({ lifetimeSeconds: 60, epochUs: TIME_OF_DAY_EPOCH_US, aaa: { nasAddress: NAS }, timestamps: true });
    // A link-local address left out is the MAC's EUI-64 one (RFC 4862 §5.3).
    expect(magConfig({ ...INPUT, env, accessIfaces: { eth1: { mac: MAG_MAC } } }).accessIfaces.eth1!.linkLocal).toBe('fe80::ff:fe00:101');
  });
});
