import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { allScenarios } from '../../../src/scenarios/registry';
import { LMA_IPV4, natPublicIpv4 } from '../../../src/scenarios/pmipv6-ipv4/ipv4-core';
import { expectedMode } from '../../../src/scenarios/pmipv6-ipv4/transport-steps';
import { traceToCapture } from '../../../src/sim/capture';
import type { NoteEvent, PacketEvent, TimerEvent, Trace } from '../../../src/sim/trace';
import { fromHex, type LayerValue } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import { layers } from '../../../src/scenarios/pmipv6/steps';
import { cli } from '../../support/cli';
import { traceToJson } from '../pmipv6/json';
import { control, frameOf, lastState, packets, rows } from '../pmipv6/support';

/*
 * pmipv6-ipv4-transport, every variant: what goes on the wire between MAG1 and the LMA (both
 * layouts, the TLV header, UDP or plain IPv4 data), what the LMA says about the NAT, the MAG's
 * keepalives, and what happens at the NAT without them.
 */

const ID = 'pmipv6-ipv4-transport';

type Variant = {
  encoding: 'rfc5844' | 'draft-02';
  nat: 'mag-behind-nat' | 'none';
  refresh: boolean;
  'force-udp': boolean;
  'tlv-header': boolean;
};

const variants: Variant[] = [];
for (const encoding of ['rfc5844', 'draft-02'] as const)
  for (const nat of ['mag-behind-nat', 'none'] as const)
    for (const forceUdp of [false, true])
      for (const tlv of [false, true]) variants.push({ encoding, nat, refresh: true, 'force-udp': forceUdp, 'tlv-header': tlv });
// Keepalives matter only behind a NAT.
for (const encoding of ['rfc5844', 'draft-02'] as const) variants.push({ encoding, nat: 'mag-behind-nat', refresh: false, 'force-udp': false, 'tlv-header': false });

const name = (v: Variant): string => Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ');
const run = (v: Partial<Variant>, seed = 1): Trace => runScenario(ID, v, [], seed);
const modeOf = (v: Variant) => expectedMode({ encoding: v.encoding, nat: v.nat === 'mag-behind-nat', refresh: v.refresh, forceUdp: v['force-udp'], tlvHeader: v['tlv-header'] });

const protos = (p: PacketEvent): string[] => layers(frameOf(p)).map((l) => l.proto as string);
const mh = (p: PacketEvent): LayerValue | undefined => layers(frameOf(p)).find((l) => l.proto === 'mipv6');
const option = (p: PacketEvent, type: number): Record<string, unknown> | undefined =>
  ((mh(p)?.options ?? []) as { type: number }[]).find((o) => o.type === type) as Record<string, unknown> | undefined;
const udpOf = (p: PacketEvent): LayerValue | undefined => layers(frameOf(p)).find((l) => l.proto === 'udp');
const notes = (t: Trace): NoteEvent[] => t.events.filter((e): e is NoteEvent => e.kind === 'note');
const timers = (t: Trace, entity: string, timer: string): TimerEvent[] =>
  t.events.filter((e): e is TimerEvent => e.kind === 'timer' && e.entity === entity && e.name === timer);
/** The tunnelled data between MAG1 and the LMA, on either side of the NAT. */
const tunnelled = (t: Trace): PacketEvent[] =>
  packets(t).filter((p) => p.plane === 'data' && ['mag1', 'nat1', 'lma'].includes(p.from) && ['mag1', 'nat1', 'lma'].includes(p.to));

const REGISTRATION = ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS'];
const viaNat = (kind: 'PBU' | 'PBA'): string[] => (kind === 'PBU' ? ['mag1>nat1 PBU', 'nat1>lma PBU'] : ['lma>nat1 PBA', 'nat1>mag1 PBA']);

describe('pmipv6-ipv4-transport', () => {
  it('is registered and runnable, with its parameters', () => {
    const s = allScenarios().find((x) => x.id === ID);
    expect(s?.status).toBe('runnable');
    expect(s?.params.map((p) => p.name)).toEqual(['encoding', 'nat', 'refresh', 'force-udp', 'tlv-header', 'delay', 'loss']);
  });

  it.each(variants.map((v) => [name(v), v] as const))('%s: runs, every packet dissects cleanly and has its step, and the run is deterministic', (_n, v) => {
    const t = run(v, 3);
    for (const p of packets(t)) {
      expect(dissect(fromHex(p.bytes), p.linkType).problems, `packet ${p.packet + 1}: ${p.summary}`).toEqual([]);
      expect(p.step, `packet ${p.packet + 1}: ${p.summary}`).toBeTruthy();
    }
    expect(traceToJson(run(v, 3))).toBe(traceToJson(t));
  });

  it.each(variants.map((v) => [name(v), v] as const))('%s: the messages come in order', (_n, v) => {
    const seq = control(run(v));
    if (v.nat === 'none') {
      // Registration, then the renewal at 80 % of the 60 s lifetime.
      expect(seq).toEqual([...REGISTRATION, 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 RA', 'mag1>lma PBU', 'lma>mag1 PBA']);
    } else {
      const again = [...viaNat('PBU'), ...viaNat('PBA')];
      // Keepalives every 20 s (at 20 s and 40 s), or, without them, only the renewal at 48 s.
      expect(seq).toEqual([...REGISTRATION, ...viaNat('PBU'), ...viaNat('PBA'), 'mag1>mn1 RA', ...again, ...(v.refresh ? again : [])]);
    }
  });

  it.each(variants.map((v) => [name(v), v] as const))('%s: the PBU goes in the layout of its encoding, with the IPv4 Care-of Address option and the flags asked for', (_n, v) => {
    const t = run(v);
    const pbus = packets(t).filter((p) => p.from === 'mag1' && mh(p)?.mhType === 5);
    expect(pbus.length).toBeGreaterThan(1);
    for (const p of pbus) {
      const signalling = v.encoding === 'rfc5844' ? ['ip', 'udp', 'mipv6'] : ['ip', 'udp', ...(v['tlv-header'] ? ['pmip6.tlv'] : []), 'ipv6', 'mipv6'];
      expect(protos(p)).toEqual(['eth', ...signalling]);
      const udp = udpOf(p)!;
      expect(udp.dstport).toBe(v.encoding === 'rfc5844' ? 5436 : 4191);
      // Behind a NAT, RFC 5844's layout sends from the data port so that one NAT binding holds both.
      expect(udp.srcport).toBe(v.encoding === 'draft-02' ? 4191 : v.nat === 'mag-behind-nat' ? 5437 : 5436);
      expect(option(p, 32)?.address).toBe(v.nat === 'mag-behind-nat' ? '10.0.1.1' : '192.0.2.1');
      const flags = (mh(p)!.body as { flags: Record<string, boolean> }).flags;
      expect(flags.f === true).toBe(v['force-udp']);
      expect(flags.t === true).toBe(v['tlv-header']);
      // RFC 5844 §4: over UDP the MH checksum is 0; the seed's inner IPv6 header keeps it.
      expect(mh(p)!.checksum === 0).toBe(v.encoding === 'rfc5844');
    }
  });

  it.each(variants.map((v) => [name(v), v] as const))('%s: the PBA carries the NAT Detection option exactly when a NAT rewrote the source or F forced UDP', (_n, v) => {
    const t = run(v);
    const pbas = packets(t).filter((p) => p.from === 'lma' && mh(p)?.mhType === 6);
    expect(pbas.length).toBeGreaterThan(1);
    const nat = v.nat === 'mag-behind-nat';
    for (const p of pbas) {
      expect((mh(p)!.body as { status: number }).status).toBe(0);
      const natd = option(p, 31) as { flags: { f: boolean }; refreshTime: number } | undefined;
      if (nat) expect(natd).toMatchObject({ flags: { f: true }, refreshTime: 20 });
      else if (v['force-udp']) expect(natd).toMatchObject({ flags: { f: true }, refreshTime: 0xffffffff });
      else expect(natd).toBeUndefined();
      expect((mh(p)!.body as { flags: { t?: boolean } }).flags.t === true).toBe(v['tlv-header']);
      expect(option(p, 32)?.address).toBe(nat ? '10.0.1.1' : '192.0.2.1');
      // Back to where the PBU came from: the NAT's public address and port, or the MAG itself.
      const ip = layers(frameOf(p)).find((l) => l.proto === 'ip')!;
      expect(ip.src).toBe(LMA_IPV4);
      expect(ip.dst).toBe(nat ? natPublicIpv4(1) : '192.0.2.1');
      expect(udpOf(p)!.srcport).toBe(v.encoding === 'rfc5844' ? 5436 : 4191);
      expect(udpOf(p)!.dstport).toBe(nat ? 40000 + (v.refresh ? 0 : pbas.indexOf(p)) : v.encoding === 'rfc5844' ? 5436 : 4191);
    }
  });

  it.each(variants.map((v) => [name(v), v] as const))('%s: data is tunnelled in UDP exactly when the PBA said so, in plain IPv4 otherwise', (_n, v) => {
    const t = run(v);
    const data = tunnelled(t);
    expect(data.length).toBeGreaterThan(20);
    const firstPba = packets(t).find((p) => p.to === 'mag1' && mh(p)?.mhType === 6)!;
    const mode = modeOf(v);
    for (const p of data) {
      expect(p.time).toBeGreaterThan(firstPba.time);
      const inner = ['ipv6', 'icmpv6'];
      if (mode === 'ipv4') {
        expect(protos(p)).toEqual(['eth', 'ip', ...inner]);
        expect(layers(frameOf(p))[1]!.proto).toBe('ip');
      } else {
        expect(protos(p)).toEqual(['eth', 'ip', 'udp', ...(mode === 'ipv4-udp-tlv' ? ['pmip6.tlv'] : []), ...inner]);
        const port = v.encoding === 'rfc5844' ? 5437 : 4191;
        const udp = udpOf(p)!;
        // The LMA's side of the tunnel is always the data port; the MAG's, unless a NAT translated it.
        if (p.from === 'lma') expect(udp.srcport).toBe(port);
        if (p.to === 'lma') expect(udp.dstport).toBe(port);
        if (p.from === 'mag1' || p.to === 'mag1') expect([udp.srcport, udp.dstport]).toEqual([port, port]);
      }
    }
    // The inspector's view of the first one: each level of the nesting with its bytes.
    const d = dissect(fromHex(data[0]!.bytes));
    for (const l of d.layers) expect(l.end).toBeGreaterThan(l.start);
  });

  it('with the NAT and keepalives, MAG1 refreshes every 20 s and the NAT binding never lapses', () => {
    const t = run({});
    const keepalive = timers(t, 'mag1', 'NAT keepalive');
    expect(keepalive.filter((e) => e.action === 'fire').map((e) => Math.round(e.time / 1e6))).toEqual([20, 40]);
    expect(timers(t, 'nat1', 'NAT binding').filter((e) => e.action === 'fire')).toEqual([]);
    expect(packets(t).filter((p) => p.fate !== 'delivered')).toEqual([]);
    // The echo after the quiet spell reaches the MN.
    expect(packets(t).some((p) => p.to === 'mn1' && p.plane === 'data' && p.time > 45e6 && p.time < 46e6)).toBe(true);
    const nat = rows(lastState(t, 'nat1'), 'NAT bindings');
    expect(nat).toEqual([expect.objectContaining({ inside: '10.0.1.1:5437', public: '198.51.100.1:40000' })]);
  });

  it.each(['rfc5844', 'draft-02'] as const)('%s without keepalives: the NAT binding expires and the LMA’s packets are dropped at the NAT, with the reason, until the renewal makes a new one', (encoding) => {
    const t = run({ encoding, refresh: false });
    expect(timers(t, 'mag1', 'NAT keepalive')).toEqual([]);
    const expiry = timers(t, 'nat1', 'NAT binding').find((e) => e.action === 'fire');
    expect(expiry).toBeDefined();
    const dropped = packets(t).filter((p) => p.fate !== 'delivered');
    expect(dropped.length).toBe(3);
    for (const p of dropped) {
      expect(p).toMatchObject({ from: 'lma', to: 'nat1', fate: 'filtered', plane: 'data' });
      expect(p.reason).toMatch(/^no NAT binding for 198\.51\.100\.1:40000 \(it expired at .* after 30 s idle; it was 10\.0\.1\.1:(5437|4191)\)$/);
      expect(p.time).toBeGreaterThan(expiry!.time);
      expect(p.step).toMatch(/Dropped at the NAT/);
    }
    // The renewal at 48 s gets a new public port; the LMA follows it and the echo gets through again.
    expect(notes(t).some((n) => n.entity === 'lma' && /no longer 198\.51\.100\.1:40000/.test(n.text))).toBe(true);
    const tunnel = rows(lastState(t, 'lma'), 'Tunnels')[0]!;
    expect(tunnel['IPv4 far end']).toBe('198.51.100.1:40001');
    expect(packets(t).some((p) => p.to === 'mn1' && p.plane === 'data' && p.time > 49e6)).toBe(true);
  });

  it('says on screen and in the capture that RFC 5844 does not support a MAG behind a NAT, only in that combination', () => {
    const unsupported = /RFC 5844 does not support this deployment/;
    for (const [v, expected] of [
      [{}, true],
      [{ encoding: 'draft-02' }, false],
      [{ nat: 'none' }, false],
    ] as const) {
      const t = run(v);
      const note = notes(t).find((n) => unsupported.test(n.text));
      expect(note !== undefined, JSON.stringify(v)).toBe(expected);
      if (note) {
        expect(note.capture).toBe(true);
        expect(traceToCapture(t).comments).toContain(note.text);
      }
    }
    // The PBU's step, which becomes its pcapng comment, says it too.
    const pbu = packets(run({})).find((p) => p.from === 'mag1' && mh(p)?.mhType === 5)!;
    expect(pbu.step).toMatch(/RFC 5844 §4 assumes no NAT/);
  });

  it('tells whoever exports the capture which Decode As Wireshark needs', () => {
    const comments = (v: Partial<Variant>): string[] => traceToCapture(run(v)).comments ?? [];
    expect(comments({ encoding: 'draft-02' }).join('\n')).toMatch(/udp\.port==4191,ipv6/);
    expect(comments({ encoding: 'draft-02', 'tlv-header': true }).join('\n')).toMatch(/TLV header, which Wireshark 4\.0 has no dissector for/);
    expect(comments({}).join('\n')).toMatch(/udp\.port==5437,ip/);
    expect(comments({ nat: 'none' }).join('\n')).not.toMatch(/Decode As/);
  });

  it('the LMA’s tables say how it reaches MAG1: the mode, the far end as seen, and whether a NAT is in the way', () => {
    const behind = rows(lastState(run({}), 'lma'), 'Tunnels')[0]!;
    expect(behind).toMatchObject({ encapsulation: 'IPv4-UDP', 'IPv4 far end': '198.51.100.1:40000', 'NAT detected': true, remote: '10.0.1.1' });
    const direct = rows(lastState(run({ nat: 'none', encoding: 'draft-02' }), 'lma'), 'Tunnels')[0]!;
    expect(direct).toMatchObject({ encapsulation: 'IPv4', 'IPv4 far end': '192.0.2.1', 'NAT detected': false, remote: '2001:db8:1::1' });
  });

  it('moves to MAG2, on a direct IPv4 link, when the learner moves the MN: no NAT there, so plain IPv4', () => {
    const t = runScenario(ID, {}, [{ kind: 'move', node: 'mn1', to: 'mag2', atUs: 2_000_000 }]);
    const pba = packets(t).find((p) => p.from === 'lma' && p.to === 'mag2' && mh(p)?.mhType === 6)!;
    expect(option(pba, 31)).toBeUndefined();
    const tunnels = rows(lastState(t, 'lma'), 'Tunnels');
    expect(tunnels.find((r) => r.remote === '192.0.2.2')).toMatchObject({ encapsulation: 'IPv4', users: 1 });
    expect(packets(t).some((p) => p.from === 'mag2' && p.to === 'mn1' && p.plane === 'data')).toBe(true);
  });

  it('runs from the command line, and `list` shows it runnable', async () => {
    const list = await cli('list');
    expect(list.stdout).toMatch(/^ {2}pmipv6-ipv4-transport +runnable +IPv4 transport and NAT traversal$/m);
    const r = await cli('run', ID, '--set', 'refresh=off');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mag1 → nat1 +Proxy Binding Update seq 1/);
    expect(r.stdout).toMatch(/✗ lma → nat1 +Echo \(ping\) request .*no NAT binding for 198\.51\.100\.1:40000/);
  });
});
