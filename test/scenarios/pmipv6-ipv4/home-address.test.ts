import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../../src/scenarios/registry';
import { runScenario } from '../../../src/scenarios/run';
import { DEFAULT_ROUTER_V4, magAddressV4, POOL_START_V4 } from '../../../src/scenarios/pmipv6-ipv4/home-address-plan';
import { kindOf4 } from '../../../src/scenarios/pmipv6-ipv4/home-address-steps';
import { timeline } from '../../../src/scenarios/pmipv6-ipv4/home-address';
import { resolveParams } from '../../../src/scenarios/params';
import { layers } from '../../../src/scenarios/pmipv6/steps';
import type { PacketEvent, Trace } from '../../../src/sim/trace';
import type { LayerValue } from '../../../src/wire/core';
import { findOption, findOptions, type MobilityHeader } from '../../../src/wire/mh';
import { traceToJson } from '../pmipv6/json';
import { frameOf, lastState, packets, rows } from '../pmipv6/support';

/*
 * pmipv6-ipv4-home-address against SCENARIOS.md and seed 002: the message order of each DHCP
 * placement is its figure's (Figs. 2, 3, 14, 15), the address the MN is offered is the one the PBA
 * carries, relays hold the DHCPACK until the PBA, an exhausted LMA pool answers 130, and after the
 * move the MN's unicast renewal meets the new MAG as §3.2.2 (last bullet) says.
 */

const ID = 'pmipv6-ipv4-home-address';
const run = (params: Record<string, string | number> = {}): Trace => runScenario(ID, params);
const kind = (p: PacketEvent): string => kindOf4(frameOf(p));
const line = (p: PacketEvent): string => `${p.from}>${p.to} ${kind(p)}`;
const isSignalling = (p: PacketEvent): boolean => /^(DHCP|PBU|PBA)/.test(kind(p));
const moveAt = (params: Record<string, string | number> = {}): number => timeline(resolveParams(runnableScenario(ID)!.params, params)).moveAt;
/** The DHCP and PMIPv6 messages of the first attachment, as `from>to KIND`. */
const attachment = (t: Trace, params: Record<string, string | number> = {}): string[] =>
  packets(t)
    .filter((p) => p.time < moveAt(params) && isSignalling(p))
    .map(line);

const mhOf = (p: PacketEvent): MobilityHeader => layers(frameOf(p)).find((l) => l.proto === 'mipv6') as unknown as MobilityHeader;
const dhcpOf = (p: PacketEvent): LayerValue => layers(frameOf(p)).find((l) => l.proto === 'dhcp')!;
const first = (t: Trace, l: string): PacketEvent => {
  const p = packets(t).find((x) => line(x) === l);
  if (!p) throw new Error(`no ${l} in ${packets(t).map(line).join(', ')}`);
  return p;
};

const FIGURES: Record<string, string[]> = {
  'mag-server': ['mn1>mag1 DHCPDISCOVER', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 DHCPOFFER', 'mn1>mag1 DHCPREQUEST', 'mag1>mn1 DHCPACK'],
  'relay-to-lma': [
    'mn1>mag1 DHCPDISCOVER', 'mag1>lma DHCPDISCOVER', 'lma>mag1 DHCPOFFER', 'mag1>mn1 DHCPOFFER', 'mn1>mag1 DHCPREQUEST', 'mag1>lma DHCPREQUEST',
    'lma>mag1 DHCPACK', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 DHCPACK',
  ],
  'relay-to-server': [
    'mn1>mag1 DHCPDISCOVER', 'mag1>dhcp DHCPDISCOVER', 'dhcp>mag1 DHCPOFFER', 'mag1>mn1 DHCPOFFER', 'mn1>mag1 DHCPREQUEST', 'mag1>dhcp DHCPREQUEST',
    'dhcp>mag1 DHCPACK', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 DHCPACK',
  ],
  'double-relay': [
    'mn1>mag1 DHCPDISCOVER', 'mag1>lma DHCPDISCOVER', 'lma>dhcp DHCPDISCOVER', 'dhcp>lma DHCPOFFER', 'lma>mag1 DHCPOFFER', 'mag1>mn1 DHCPOFFER',
    'mn1>mag1 DHCPREQUEST', 'mag1>lma DHCPREQUEST', 'lma>dhcp DHCPREQUEST', 'dhcp>lma DHCPACK', 'lma>mag1 DHCPACK', 'mag1>lma PBU', 'lma>mag1 PBA',
    'mag1>mn1 DHCPACK',
  ],
};
const PLACEMENTS = Object.keys(FIGURES);
const VARIANTS = PLACEMENTS.flatMap((dhcp) => ['ipv4', 'dual'].map((stack) => ({ dhcp, stack })));

describe(ID, () => {
  it('is runnable through the registry', () => {
    expect(runnableScenario(ID)?.status).toBe('runnable');
  });

  it.each(VARIANTS)('%o: the attachment follows its figure, and every packet has its step and section', (params) => {
    const t = run(params);
    expect(attachment(t, params)).toEqual(FIGURES[params.dhcp]);
    expect(packets(t).filter((p) => p.plane === 'control' && !(p.step && p.section)).map(line)).toEqual([]);
    expect(t.events.some((e) => e.kind === 'note' && e.section?.includes('draft-ietf-netlmm-pmip6-ipv4-support-02'))).toBe(true);
  });

  it.each(VARIANTS)('%o: the DHCPOFFER offers the address of the PBA’s IPv4 Home Address Reply, and the MN keeps it', (params) => {
    const t = run(params);
    const pba = mhOf(first(t, 'lma>mag1 PBA'));
    const reply = findOption(pba, 37)!;
    expect(reply).toMatchObject({ status: 0, address: POOL_START_V4, flags: { prefixLength: 24 } });
    expect(findOption(pba, 38)?.address).toBe(DEFAULT_ROUTER_V4);
    expect(findOption(pba, 39)?.flags?.s).toBe(params.dhcp === 'mag-server');
    expect(dhcpOf(first(t, 'mag1>mn1 DHCPOFFER')).yiaddr).toBe(reply.address);
    // Through the move and the renewal the MN answers from that address.
    const replies = packets(t).filter((p) => p.from === 'mn1' && kind(p) === 'echo4-reply');
    expect(replies.length).toBeGreaterThan(5);
    expect(new Set(replies.map((p) => layers(frameOf(p)).find((l) => l.proto === 'ip')!.src))).toEqual(new Set([reply.address]));
  });

  it.each(VARIANTS)('%o: an IPv4-only MN is registered without a Home Network Prefix, a dual-stack one with both', (params) => {
    const t = run(params);
    const pbu = mhOf(first(t, 'mag1>lma PBU'));
    const pba = mhOf(first(t, 'lma>mag1 PBA'));
    const hnps = params.stack === 'dual' ? 1 : 0;
    expect(findOptions(pbu, 22)).toHaveLength(hnps);
    expect(findOptions(pba, 22)).toHaveLength(hnps);
    expect(findOptions(pbu, 36)).toHaveLength(1);
    const ras = packets(t).filter((p) => p.to === 'mn1' && kind(p) === 'RA');
    if (params.stack === 'dual') expect(ras[0]!.time).toBeGreaterThanOrEqual(first(t, 'lma>mag1 PBA').arrival!);
    else expect(ras).toEqual([]);
  });

  it('the MAG as DHCP server asks for 0.0.0.0 right after the DISCOVER and offers only after the PBA (seed 002 §3.2.2, Fig. 2)', () => {
    const t = run();
    const pbu = first(t, 'mag1>lma PBU');
    expect(findOption(mhOf(pbu), 36)).toMatchObject({ address: '0.0.0.0' });
    expect(pbu.time).toBeGreaterThan(first(t, 'mn1>mag1 DHCPDISCOVER').arrival!);
    expect(first(t, 'mag1>mn1 DHCPOFFER').time).toBeGreaterThanOrEqual(first(t, 'lma>mag1 PBA').arrival!);
    const offer = dhcpOf(first(t, 'mag1>mn1 DHCPOFFER'));
    const options = offer.options as { type: number; value: unknown }[];
    expect(options.find((o) => o.type === 54)?.value).toBe(magAddressV4(1));
    expect(options.find((o) => o.type === 3)?.value).toEqual([DEFAULT_ROUTER_V4]);
  });

  it.each(PLACEMENTS.filter((d) => d !== 'mag-server'))('%s: the MAG holds the DHCPACK until the PBA, and registers the address the server assigned', (dhcp) => {
    const t = run({ dhcp });
    const ackIn = packets(t).find((p) => p.to === 'mag1' && kind(p) === 'DHCPACK')!;
    const pbu = first(t, 'mag1>lma PBU');
    const pba = first(t, 'lma>mag1 PBA');
    const ackOut = first(t, 'mag1>mn1 DHCPACK');
    expect(pbu.time).toBeGreaterThanOrEqual(ackIn.arrival!);
    expect(ackOut.time).toBeGreaterThanOrEqual(pba.arrival!);
    const yiaddr = dhcpOf(ackIn).yiaddr;
    expect(findOption(mhOf(pbu), 36)).toMatchObject({ address: yiaddr, flags: { prefixLength: 24 } });
    expect(findOption(mhOf(pba), 37)).toMatchObject({ status: 0, address: yiaddr });
    // The relay put its own address in giaddr; the MN gets the ACK without option 82.
    expect(dhcpOf(packets(t).find((p) => p.from === 'mag1' && kind(p) === 'DHCPDISCOVER')!).giaddr).toBe(magAddressV4(1));
    expect((dhcpOf(ackOut).options as { type: number }[]).some((o) => o.type === 82)).toBe(false);
  });

  it('double-relay: the LMA relays with one more hop and leaves giaddr to the MAG (Fig. 15)', () => {
    const t = run({ dhcp: 'double-relay' });
    const first = dhcpOf(packets(t).find((p) => line(p) === 'mag1>lma DHCPDISCOVER')!);
    const second = dhcpOf(packets(t).find((p) => line(p) === 'lma>dhcp DHCPDISCOVER')!);
    expect(first).toMatchObject({ hops: 1, giaddr: magAddressV4(1) });
    expect(second).toMatchObject({ hops: 2, giaddr: magAddressV4(1) });
  });

  it('puts the LMA’s host route for the IPv4 home address over the tunnel and carries the CN’s echo IPv4-in-IPv6', () => {
    const t = run();
    const lma = lastState(t, 'lma');
    expect(rows(lma, 'Binding cache')).toEqual([expect.objectContaining({ 'IPv4 HoA': `${POOL_START_V4}/24`, HNP: null })]);
    expect(rows(lma, 'Routes')).toContainEqual({ prefix: `${POOL_START_V4}/32`, via: 'to-2001:db8:2::1' });
    const tunnelled = packets(t).find((p) => line(p) === 'lma>mag1 echo4-request (tunnelled)')!;
    expect(layers(frameOf(tunnelled)).map((l) => l.proto)).toEqual(['eth', 'ipv6', 'ip', 'icmp']);
    const cn = rows(lastState(t, 'cn'), 'Traffic')[0]!;
    expect(cn.received).toBeGreaterThan(5);
  });

  it('after the move, MAG2 discards the unicast renewal to MAG1, and the broadcast rebinding gets the same address from MAG2 (seed 002 §3.2.2)', () => {
    const t = run();
    const after = packets(t).filter((p) => p.time > moveAt() && kind(p).startsWith('DHCP'));
    expect(after.map(line)).toEqual(['mn1>mag2 DHCPREQUEST', 'mn1>mag2 DHCPREQUEST', 'mag2>mn1 DHCPACK']);
    const [renew, rebind, ack] = after as [PacketEvent, PacketEvent, PacketEvent];
    expect(renew.fate).toBe('filtered');
    expect(renew.reason).toMatch(/MAG2 discards a DHCPREQUEST unicast to 203\.0\.113\.1.*seed 002 §3\.2\.2/);
    expect(layers(frameOf(renew)).find((l) => l.proto === 'ip')!.dst).toBe(magAddressV4(1));
    expect(layers(frameOf(rebind)).find((l) => l.proto === 'ip')!.dst).toBe('255.255.255.255');
    expect((dhcpOf(rebind).options as { type: number }[]).some((o) => o.type === 54)).toBe(false);
    expect(dhcpOf(ack)).toMatchObject({ yiaddr: POOL_START_V4, ciaddr: POOL_START_V4 });
    expect((dhcpOf(ack).options as { type: number; value: unknown }[]).find((o) => o.type === 54)?.value).toBe(magAddressV4(2));
    expect(rows(lastState(t, 'mn1'), 'DHCP lease')).toEqual([expect.objectContaining({ address: `${POOL_START_V4}/24`, server: magAddressV4(2), state: 'BOUND' })]);
    // MAG2 registered the MN at once, asking for "any" address, and the LMA kept the session's.
    const pbu = first(t, 'mag2>lma PBU');
    expect(findOption(mhOf(pbu), 23)?.hi).toBe(3);
    expect(findOption(mhOf(pbu), 36)?.address).toBe('0.0.0.0');
    expect(findOption(mhOf(first(t, 'lma>mag2 PBA')), 37)?.address).toBe(POOL_START_V4);
  });

  it('with the shared default router as server identifier (RFC 5844 §3.4.1) the new MAG answers the unicast renewal', () => {
    const t = run({ 'server-id': 'default-router' });
    const after = packets(t).filter((p) => p.time > moveAt() && kind(p).startsWith('DHCP'));
    expect(after.slice(0, 2).map(line)).toEqual(['mn1>mag2 DHCPREQUEST', 'mag2>mn1 DHCPACK']);
    expect(after.every((p) => p.fate === 'delivered')).toBe(true);
    expect(layers(frameOf(after[0]!)).find((l) => l.proto === 'ip')!.dst).toBe(DEFAULT_ROUTER_V4);
  });

  it.each(PLACEMENTS.filter((d) => d !== 'mag-server'))('%s: after the move MAG2 relays the unicast renewal and the server extends the same lease', (dhcp) => {
    const t = run({ dhcp });
    const after = packets(t).filter((p) => p.time > moveAt() && kind(p).startsWith('DHCP'));
    expect(after[0]).toMatchObject({ from: 'mn1', to: 'mag2', fate: 'delivered' });
    expect(after.every((p) => p.fate === 'delivered')).toBe(true);
    const ack = after.find((p) => line(p) === 'mag2>mn1 DHCPACK')!;
    expect(dhcpOf(ack)).toMatchObject({ yiaddr: POOL_START_V4 });
    const relayed = after.find((p) => p.from === 'mag2' && kind(p) === 'DHCPREQUEST')!;
    expect(dhcpOf(relayed).giaddr).toBe(magAddressV4(2));
  });

  it('an exhausted LMA pool refuses the second MN with 130 and an IPv4 Home Address Reply of 128; MAG1 makes no offer', () => {
    const t = run({ mns: 2, pool: 1 });
    const refused = packets(t).find((p) => p.from === 'lma' && kind(p) === 'PBA(130)')!;
    const pba = mhOf(refused);
    expect(pba.body).toMatchObject({ status: 130 });
    expect(findOption(pba, 37)).toMatchObject({ status: 128, address: '0.0.0.0' });
    expect(findOption(pba, 38)).toBeUndefined();
    expect(packets(t).filter((p) => p.to === 'mn2' && kind(p).startsWith('DHCP'))).toEqual([]);
    expect(packets(t).filter((p) => p.from === 'mn2').map(kind)).toEqual(['DHCPDISCOVER', 'DHCPDISCOVER']);
    expect(rows(lastState(t, 'mn2'), 'DHCP lease')).toEqual([]);
    const bul = rows(lastState(t, 'mag1'), 'Binding update list').find((r) => r.MN === 'mn2@pmip-lab.example');
    expect(bul?.state).toMatch(/^rejected \(130 /);
    const notes = t.events.filter((e) => e.kind === 'note' && e.entity === 'mag1').map((e) => (e as { text: string }).text);
    expect(notes.some((n) => /makes no DHCPOFFER/.test(n))).toBe(true);
  });

  it('a pool of 0 refuses the only MN the same way', () => {
    const t = run({ pool: 0 });
    expect(packets(t).filter((p) => p.from === 'lma').map(kind)).toContain('PBA(130)');
    expect(packets(t).some((p) => kind(p).startsWith('echo4'))).toBe(false);
  });

  it('a relay’s server with no free address makes no offer (RFC 2131 §4.3.1), and the LMA is never asked', () => {
    const t = run({ dhcp: 'relay-to-server', pool: 0 });
    expect(packets(t).filter((p) => p.time < moveAt() && kind(p) === 'DHCPOFFER')).toEqual([]);
    expect(packets(t).filter((p) => p.time < moveAt() && p.to === 'lma')).toEqual([]);
  });

  it('shows the DHCP server’s lease in its state table, and the LMA’s in the LMA’s when it holds the server', () => {
    const server = rows(lastState(run({ dhcp: 'relay-to-server' }), 'dhcp'), 'DHCP leases');
    expect(server).toEqual([expect.objectContaining({ address: POOL_START_V4, state: 'bound', client: '02:00:00:00:00:11' })]);
    const inLma = lastState(run({ dhcp: 'relay-to-lma' }), 'lma');
    expect(rows(inLma, 'DHCP leases')).toEqual([expect.objectContaining({ address: POOL_START_V4, state: 'bound' })]);
    expect(rows(inLma, 'Binding cache')).toHaveLength(1);
    expect(inLma.state).toMatch(/anchoring \+ serving/);
  });

  it('labels the DHCP roles in the entities, left to right as the figures draw them', () => {
    expect(run({ dhcp: 'relay-to-server' }).entities.map((e) => e.id)).toEqual(['mn1', 'mag1', 'mag2', 'dhcp', 'aaa', 'lma', 'cn']);
    expect(run({ dhcp: 'double-relay' }).entities.map((e) => e.id)).toEqual(['mn1', 'mag1', 'mag2', 'aaa', 'lma', 'dhcp', 'cn']);
    expect(run({ dhcp: 'relay-to-lma' }).entities.find((e) => e.id === 'lma')?.label).toBe('LMA (HA) + DHCP server');
    expect(run().entities.find((e) => e.id === 'dhcp')).toBeUndefined();
  });

  it('runs the same for the same parameters and seed', () => {
    const params = { dhcp: 'double-relay', stack: 'dual', loss: 10 };
    expect(traceToJson(runScenario(ID, params, [], 3))).toBe(traceToJson(runScenario(ID, params, [], 3)));
  });
});
