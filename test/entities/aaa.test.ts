import { describe, expect, it } from 'vitest';
import { aaa, aaaEvent, aaaMachine, checkProfiles } from '../../src/entities/aaa';
import { checkAuthenticators, profileFromAttributes, type PolicyProfile } from '../../src/protocols/radius-profile';
import { decode, encode, findField, fromHex, hmacMd5, md5, utf8FromText, type LayerValue, type OptionValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv6Packet } from '../../src/wire/ipv6';
import { accessRequest, attr, radius, radiusAttr, type RadiusPacket } from '../../src/wire/radius';
import { MachineAgent } from '../../src/sim/agent';
import { Network } from '../../src/sim/network';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import { harness, onTheWire } from '../support/entity';

const AAA = '2001:db8:aaaa::1';
const MAG1 = '2001:db8:aa01::1';
const SECRET = 'pmip-lab-secret';
const RA = fromHex('00112233445566778899aabbccddeeff');
const NAI = 'mn1@pmip-lab.example';

const profiles: Record<string, PolicyProfile> = {
  [NAI]: { hnp: '2001:db8:100::/64', lmaa: '2001:db8:ffff::1', addressing: 'per-mn-prefix', lifetimeSeconds: 3600 },
  'mn2@pmip-lab.example': { hnp: '2001:db8:5000::/64', lmaa: '2001:db8:ffff::1', addressing: 'shared-prefix', interfaceId: '::2' },
  'mn3@pmip-lab.example': { lmaa: '2001:db8:ffff::1', addressing: 'per-mn-prefix' },
  'banned@pmip-lab.example': { lmaa: '2001:db8:ffff::1', addressing: 'per-mn-prefix', reject: true },
};

const start = (o: Record<string, unknown> = {}) => harness(aaaMachine, { name: 'AAA', address: AAA, secret: SECRET, profiles, ...o });

/** A MAG's Access-Request in real bytes, signed with `secret`, back as the AAA's event. */
function request(nai: string, o: { secret?: string; from?: string; withMa?: boolean; id?: number } = {}) {
  const attributes: OptionValue[] = [attr.userName(nai), attr.nasIpv6Address(o.from ?? MAG1), attr.serviceType(2), attr.callingStationId('02-00-00-00-00-01')];
  if (o.withMa ?? true) attributes.push(attr.messageAuthenticator());
  const r = accessRequest({ id: o.id ?? 42, authenticator: RA, attributes });
  const pkt = ipv6Packet({ src: o.from ?? MAG1, dst: AAA, payload: { proto: 'udp', srcport: 40000, dstport: 1812, payload: r } });
  const bytes = encode(ethernet, ethernetFrame({ src: '02:00:00:00:01:02', dst: '02:00:00:00:0a:01', payload: pkt }), { hints: { radiusSecret: o.secret ?? SECRET } });
  return aaaEvent({ packet: dissect(bytes).value!.payload as LayerValue })!;
}

/** The reply the AAA sent, as bytes on the wire: the RADIUS layer and its decoded value. */
function sentReply(h: ReturnType<typeof start>) {
  const tx = h.of('tx');
  expect(tx).toHaveLength(1);
  const { bytes, packet } = onTheWire(tx[0]!);
  const udp = packet.payload as LayerValue;
  return { ip: packet, udp, radiusBytes: bytes.subarray(14 + 40 + 8), value: udp.payload as unknown as RadiusPacket };
}

describe('AAA: the policy store (seed 001 §3)', () => {
  it('answers a known NAI with an Access-Accept carrying its profile as RFC 6572 attributes', () => {
    const h = start();
    h.actor.send(request(NAI));
    const { ip, udp, value } = sentReply(h);
    expect([ip.src, ip.dst, udp.srcport, udp.dstport]).toEqual([AAA, MAG1, 1812, 40000]);
    expect([value.code, value.id]).toEqual([2, 42]);
    expect(value.attributes!.map((a) => a.type)).toEqual([6, 27, 145, 147, 151, 80]);
    expect(radiusAttr(value, 6)).toBe(2);
    expect(profileFromAttributes(value)).toEqual({
      mnIdentifier: NAI,
      hnp: '2001:db8:100::/64',
      lmaa: '2001:db8:ffff::1',
      addressing: 'per-mn-prefix',
      lifetimeSeconds: 3600,
    });
    expect(h.of('note').at(-1)!.section).toBe('seed 001 §3, §6.10');
  });

  it('signs the Access-Accept: Response Authenticator and Message-Authenticator verify with the secret (RFC 2865 §3, RFC 3579 §3.2)', () => {
    const h = start();
    h.actor.send(request(NAI));
    const { radiusBytes, value } = sentReply(h);
    // Independently of the codec: MA = HMAC-MD5(secret, packet with the Request Authenticator and a zero MA) …
    const withRa = radiusBytes.slice();
    withRa.set(RA, 4);
    const maAt = radiusBytes.length - 16;
    const zeroed = withRa.slice();
    zeroed.fill(0, maAt);
    expect(radiusBytes.subarray(maAt)).toEqual(hmacMd5(utf8FromText(SECRET), zeroed));
    // … then the Response Authenticator = MD5(packet with the Request Authenticator | secret).
    const md5In = new Uint8Array(withRa.length + SECRET.length);
    md5In.set(withRa);
    md5In.set(utf8FromText(SECRET), withRa.length);
    expect(radiusBytes.subarray(4, 20)).toEqual(md5(md5In));
    // And as a MAG checks it, through the codec.
    const { layers, problems } = decode(radius, radiusBytes, { hints: { radiusSecret: SECRET, requestAuthenticator: RA } });
    expect(problems).toEqual([]);
    expect(findField(layers, 'radius.authenticator.status')?.value).toBe('Good');
    expect(findField(layers, 'radius.Message_Authenticator.status')?.value).toBe('Good');
    expect(checkAuthenticators(value, SECRET, RA)).toEqual({ message: 'good', response: 'good' });
    expect(checkAuthenticators(value, 'another secret', RA)).toEqual({ message: 'bad', response: 'bad' });
  });

  it('says shared-prefix with the shared prefix and the MN’s Interface-ID, and leaves the prefix out when the LMA allocates', () => {
    const h = start();
    h.actor.send(request('mn2@pmip-lab.example'));
    h.actor.send(request('mn3@pmip-lab.example', { id: 43 }));
    const [shared, allocate] = h.of('tx').map((t) => (onTheWire(t).packet.payload as LayerValue).payload as unknown as RadiusPacket);
    expect(profileFromAttributes(shared!)).toMatchObject({ hnp: '2001:db8:5000::/64', addressing: 'shared-prefix', interfaceId: fromHex('0000000000000002') });
    expect(radiusAttr(allocate!, 151)).toBeUndefined();
    expect(profileFromAttributes(allocate!).addressing).toBe('per-mn-prefix');
  });

  it('refuses an unknown NAI and a refused profile with a signed Access-Reject and a Reply-Message', () => {
    for (const nai of ['nobody@pmip-lab.example', 'banned@pmip-lab.example']) {
      const h = start();
      h.actor.send(request(nai));
      const { value } = sentReply(h);
      expect(value.code).toBe(3);
      expect(radiusAttr(value, 18)).toMatch(/^Access denied: /);
      expect(checkAuthenticators(value, SECRET, RA)).toEqual({ message: 'good', response: 'good' });
    }
  });

  it('silently discards a request whose Message-Authenticator is wrong or missing (RFC 3579 §3.2)', () => {
    const h = start();
    h.actor.send(request(NAI, { secret: 'guessed' }));
    h.actor.send(request(NAI, { withMa: false }));
    expect(h.of('tx')).toEqual([]);
    expect(h.of('note').map((n) => n.section)).toEqual(['RFC 3579 §3.2', 'RFC 3579 §3.2']);
    expect(aaa.tables(h.actor.getSnapshot().context).Requests!.map((r) => [r.decision, r.why])).toEqual([
      ['discarded', 'Message-Authenticator bad'],
      ['discarded', 'Message-Authenticator missing'],
    ]);
  });

  it('knows its clients by address: their own secret, and silence for one it shares none with (RFC 2865 §3)', () => {
    const h = start({ secret: '', clients: { [MAG1]: 'mag1-secret' } });
    h.actor.send(request(NAI, { secret: 'mag1-secret' }));
    expect(checkAuthenticators(sentReply(h).value, 'mag1-secret', RA)).toEqual({ message: 'good', response: 'good' });
    h.actor.send(request(NAI, { from: '2001:db8:aa02::1' }));
    expect(h.of('tx')).toHaveLength(1);
    expect(h.of('note').at(-1)!.section).toBe('RFC 2865 §3');
  });

  it('shows its profiles and recent decisions', () => {
    const h = start();
    h.actor.send(request(NAI));
    const t = aaa.tables(h.actor.getSnapshot().context);
    expect(t.Profiles![0]).toEqual({ NAI, HNP: '2001:db8:100::/64', LMA: '2001:db8:ffff::1', model: 'per-MN prefix', lifetime: 3600, access: 'allowed' });
    expect(t.Profiles![1]!.model).toBe('shared prefix, IID ::2');
    expect(t.Requests).toEqual([{ time: '0.000 s', NAS: MAG1, id: 42, NAI, decision: 'Access-Accept', why: 'prefix 2001:db8:100::/64' }]);
  });

  it('refuses at load a profile the Access-Accept could not express (STYLE.md principle 13)', () => {
    expect(() => checkProfiles(profiles)).not.toThrow();
    expect(() => checkProfiles({ x: { lmaa: '2001:db8::1', addressing: 'shared-prefix' } })).toThrow(/needs an interfaceId/);
    expect(() => checkProfiles({ x: { lmaa: 'not-an-address', addressing: 'per-mn-prefix' } })).toThrow(/does not parse/);
  });

  it('maps only Access-Requests on port 1812 to events', () => {
    const pkt = ipv6Packet({ src: MAG1, dst: AAA, payload: { proto: 'udp', srcport: 40000, dstport: 1813, payload: { proto: 'data', data: new Uint8Array(4) } } });
    expect(aaaEvent({ packet: pkt })).toBeUndefined();
  });
});

describe('AAA on a simulated network', () => {
  it('answers through its node: the bytes in the trace carry authenticators that verify', () => {
    const net = new Network(new Rng(1));
    const mag = net.addNode('mag1');
    const server = net.addNode('aaa');
    mag.addInterface('eth1', net.nextMac());
    server.addInterface('eth0', net.nextMac());
    mag.addAddress('eth1', `${MAG1}/64`);
    server.addAddress('eth0', `${AAA}/64`);
    net.connect('mag1-aaa', [mag, 'eth1'], [server, 'eth0'], { delayUs: 2000 });
    mag.addRoute({ dst: parsePrefix('::/0'), iface: 'eth1', owner: 'static' });
    server.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
    const replies: LayerValue[] = [];
    mag.agent = { receive: (d) => replies.push(d.packet) };
    new MachineAgent(net, server, aaa, { name: 'AAA', address: AAA, secret: SECRET, profiles });
    const r = accessRequest({ id: 5, authenticator: RA, attributes: [attr.userName(NAI), attr.messageAuthenticator()] });
    mag.sendIp(ipv6Packet({ src: MAG1, dst: AAA, payload: { proto: 'udp', srcport: 1812, dstport: 1812, payload: r } }), { hints: { radiusSecret: SECRET } });
    net.engine.runAll();
    expect(replies).toHaveLength(1);
    const packets = net.recorder.events.flatMap((e) => (e.kind === 'packet' ? [e] : []));
    expect(packets.map((p) => [p.from, p.summary, p.fate])).toEqual([
      ['mag1', 'Access-Request id=5', 'delivered'],
      ['aaa', 'Access-Accept id=5', 'delivered'],
    ]);
    const { layers, problems } = decode(radius, fromHex(packets[1]!.bytes).subarray(62), { hints: { radiusSecret: SECRET, requestAuthenticator: RA } });
    expect(problems).toEqual([]);
    expect(findField(layers, 'radius.authenticator.status')?.value).toBe('Good');
    expect(findField(layers, 'radius.Message_Authenticator.status')?.value).toBe('Good');
    const state = net.recorder.events.filter((e) => e.kind === 'state' && e.entity === 'aaa').at(-1);
    expect(state).toMatchObject({ state: 'serving', changed: ['Requests'] });
  });
});
