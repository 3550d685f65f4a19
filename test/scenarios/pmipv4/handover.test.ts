import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../../src/wire/core';
import { runScenario } from '../../../src/scenarios/run';
import { careOf, faHa, GATEWAY_MAC, HA_ADDRESS, HOME_GATEWAY, nai } from '../../../src/scenarios/pmipv4/addressing';
import { MOVE_AT_US } from '../../../src/scenarios/pmipv4/handover';
import { MAX_REVOCATION_TRANSMISSIONS, REVOCATION_TIMEOUT_MS } from '../../../src/protocols/pmipv4/revocation';
import type { Trace } from '../../../src/sim/trace';
import { authenticators, control, find, frameOf, lastState, line, mipOf, packets, rows, sameBytes, stateAt, states } from './support';

const layerOf = (p: Parameters<typeof frameOf>[0], proto: string): LayerValue | undefined => {
  for (let l = frameOf(p); l; l = l.payload as LayerValue | undefined) if (l.proto === proto) return l;
  return undefined;
};
const afterMove = (t: ReturnType<typeof runScenario>): string[] => packets(t).filter((p) => p.plane === 'control' && p.time >= MOVE_AT_US).map(line);
/** The care-of address of the home agent's binding in a state event. */
const bindingAt = (s: { tables: Readonly<Record<string, readonly unknown[]>> }): unknown => (s.tables['Mobility bindings'] as Record<string, unknown>[])[0]?.['care-of address'];

describe('pmipv4-handover', () => {
  it('follows seed 000 Fig. 2: MAG2 registers, the home agent revokes MAG1 in parallel with its reply, MAG1 removes the entry, then acknowledges', () => {
    const t = runScenario('pmipv4-handover');
    expect(afterMove(t)).toEqual([
      'mag2>aaa Access-Request',
      'aaa>mag2 Access-Accept',
      'mn1>mag2 ARP request',
      'mn1>mag2 probe',
      'mag2>mn1 ARP reply',
      'mag2>lma PRRQ',
      'lma>mag1 Revocation',
      'lma>mag2 PRRP',
      'mag1>lma Revocation-Ack',
      'mag2>mn1 probe-reply',
      'mn1>mag2 DHCPREQUEST',
      'mag2>mn1 DHCPACK',
    ]);
    const revocation = find(t, 'lma>mag1 Revocation')[0]!;
    const reply = find(t, 'lma>mag2 PRRP')[0]!;
    expect(revocation.time).toBe(reply.time);
    const rev = mipOf(revocation);
    expect(rev).toMatchObject({ flags: { a: true, i: false }, homeDomainAddress: HA_ADDRESS, foreignDomainAddress: careOf(1) });
    const ack = find(t, 'mag1>lma Revocation-Ack')[0]!;
    expect(mipOf(ack)).toMatchObject({ homeAddress: rev.homeAddress, revocationId: rev.revocationId });
    // Both are FA-HA authenticated with MAG1's key.
    for (const p of [revocation, ack]) {
      const [a] = authenticators(p);
      expect(a!.type).toBe(34);
      expect(sameBytes(a!.recompute(faHa(1).key), a!.value)).toBe(true);
    }
    // MAG1 removed its visitor entry, routes and tunnel before it acknowledged.
    const mag1AtAck = states(t, 'mag1').filter((s) => s.time <= ack.time).at(-1)!;
    expect(rows(mag1AtAck, 'Visitor list')).toEqual([]);
    expect(rows(mag1AtAck, 'Tunnels')).toEqual([]);
    expect(rows(states(t, 'mag1').filter((s) => s.time < revocation.arrival!).at(-1)!, 'Visitor list')).toHaveLength(1);
    // The home agent no longer waits for an acknowledgement; its one binding points to MAG2.
    const ha = lastState(t, 'lma');
    expect(rows(ha, 'Revocations')).toEqual([]);
    expect(rows(ha, 'Mobility bindings')).toEqual([expect.objectContaining({ MN: nai(1), 'care-of address': careOf(2) })]);
    expect(rows(ha, 'Tunnels').map((r) => r.remote)).toEqual([careOf(2)]);
  });

  it('keeps the MN believing it is at home: MAG2 answers ARP for the gateway with the common MAC, and the TTL-1 echo as the gateway', () => {
    const t = runScenario('pmipv4-handover');
    const arp = layerOf(find(t, 'mn1>mag2 ARP request')[0]!, 'arp')!;
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress;
    expect(arp).toMatchObject({ opcode: 1, spa: hoa, tpa: HOME_GATEWAY });
    expect(layerOf(find(t, 'mag2>mn1 ARP reply')[0]!, 'arp')).toMatchObject({ sha: GATEWAY_MAC, spa: HOME_GATEWAY, tpa: hoa });
    expect(layerOf(find(t, 'mn1>mag2 probe')[0]!, 'ip')).toMatchObject({ ttl: 1, src: hoa, dst: HOME_GATEWAY });
    expect(layerOf(find(t, 'mag2>mn1 probe-reply')[0]!, 'ip')).toMatchObject({ src: HOME_GATEWAY, dst: hoa });
    // The probe was held until the registration: the gateway answers once it provides the service again.
    expect(find(t, 'mag2>mn1 probe-reply')[0]!.time).toBeGreaterThanOrEqual(find(t, 'lma>mag2 PRRP')[0]!.arrival!);
    // MAG2 learned the home address from the ARP request and offered it as the hint.
    expect(mipOf(find(t, 'mag2>lma PRRQ')[0]!)).toMatchObject({ homeAddress: hoa, careOf: careOf(2) });
    expect(rows(lastState(t, 'mn1'), 'ARP cache')).toEqual([{ address: HOME_GATEWAY, MAC: GATEWAY_MAC }]);
  });

  it('answers the MN’s lease renewal at the new MAG, as the same server at the same address (RFC 5563 §6.3)', () => {
    const t = runScenario('pmipv4-handover');
    const [request] = find(t, 'mn1>mag2 DHCPREQUEST');
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress;
    expect(layerOf(request!, 'ip')).toMatchObject({ src: hoa, dst: HOME_GATEWAY });
    const [ack] = find(t, 'mag2>mn1 DHCPACK');
    expect(layerOf(ack!, 'dhcp')).toMatchObject({ yiaddr: hoa });
    expect(rows(lastState(t, 'mn1'), 'DHCP lease')).toEqual([expect.objectContaining({ address: `${hoa}/24`, server: HOME_GATEWAY, state: 'BOUND' })]);
    // With a relay, the renewal goes up the tunnel to the server at the home agent.
    const relayed = runScenario('pmipv4-handover', { dhcp: 'relay' });
    expect(control(relayed).filter((l) => l.includes('DHCP')).slice(-4)).toEqual(['mn1>mag2 DHCPREQUEST', 'mag2>lma DHCPREQUEST', 'lma>mag2 DHCPACK', 'mag2>mn1 DHCPACK']);
    const ips: LayerValue[] = [];
    for (let l = frameOf(find(relayed, 'mag2>lma DHCPREQUEST')[0]!); l; l = l.payload as LayerValue | undefined) if (l.proto === 'ip') ips.push(l);
    expect(ips.map((ip) => [ip.src, ip.dst])).toEqual([
      [careOf(2), HA_ADDRESS],
      [hoa, HA_ADDRESS],
    ]);
  });

  it('carries the echo through MAG2 after the move, with the MN on the same address', () => {
    const t = runScenario('pmipv4-handover');
    const replies = packets(t).filter((p) => p.from === 'mn1' && line(p).endsWith('echo-reply'));
    expect(new Set(replies.map((p) => p.to))).toEqual(new Set(['mag1', 'mag2']));
    expect(new Set(replies.map((p) => layerOf(p, 'ip')!.src))).toEqual(new Set([mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress]));
    expect(packets(t).filter((p) => p.plane === 'data' && p.time > MOVE_AT_US + 200_000).every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('without revocation, MAG1 cannot confirm the MN is attached when re-registration is due: it sends nothing and the entry lapses', () => {
    const t = runScenario('pmipv4-handover', { cleanup: 'confirm-attachment' });
    expect(afterMove(t).filter((l) => l.includes('Revocation'))).toEqual([]);
    expect(afterMove(t).filter((l) => l.startsWith('mag1>'))).toEqual([]);
    expect(states(t, 'lma').filter((s) => s.time > MOVE_AT_US + 100_000).map(bindingAt)).not.toContain(careOf(1));
    expect(states(t, 'mag1').some((s) => rows(s, 'Visitor list').some((r) => r.state === 'lapsing'))).toBe(true);
    expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([]);
    expect(packets(t).filter((p) => p.plane === 'data' && p.time > MOVE_AT_US + 200_000).every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('stale-reregistration: MAG1 re-registers without confirming, the home agent moves the binding back to it and echoes are lost until MAG2 re-registers', () => {
    const t = runScenario('pmipv4-handover', { cleanup: 'stale-reregistration' });
    const stale = find(t, 'mag1>lma PRRQ').filter((p) => p.time > MOVE_AT_US);
    expect(stale).toHaveLength(1);
    const haCoa = states(t, 'lma').filter((s) => s.time > MOVE_AT_US).map(bindingAt);
    expect(haCoa.indexOf(careOf(1))).toBeGreaterThan(haCoa.indexOf(careOf(2)));
    expect(haCoa.at(-1)).toBe(careOf(2));
    const lost = packets(t).filter((p) => p.plane === 'data' && p.fate !== 'delivered' && p.time > stale[0]!.time);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((p) => p.to === 'mag1' || p.from === 'mag1')).toBe(true);
    const renewal = find(t, 'mag2>lma PRRQ').filter((p) => p.time > stale[0]!.time);
    expect(renewal).toHaveLength(1);
    expect(packets(t).filter((p) => p.plane === 'data' && p.time > renewal[0]!.time + 100_000).every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('on a PPP link, the MN asks MAG2 for its own address and gets a Configure-Ack without a Nak', () => {
    const t = runScenario('pmipv4-handover', { addressing: 'ipcp' });
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress;
    expect(afterMove(t)).toEqual([
      'mag2>aaa Access-Request',
      'aaa>mag2 Access-Accept',
      'mn1>mag2 Configure-Request',
      'mag2>mn1 Configure-Request',
      'mag2>lma PRRQ',
      'mn1>mag2 Configure-Ack',
      'lma>mag1 Revocation',
      'lma>mag2 PRRP',
      // Both at once, one delay after the revocation and the reply (‖ in seed 000 Fig. 2).
      'mag1>lma Revocation-Ack',
      'mag2>mn1 Configure-Ack',
    ]);
    expect(mipOf(find(t, 'mag2>lma PRRQ')[0]!).homeAddress).toBe(hoa);
    expect(control(t).filter((l) => l.includes('Configure-Nak'))).toEqual(['mag1>mn1 Configure-Nak']);
  });

  it('with GRE moves the binding to a tunnel keyed for MAG2', () => {
    const t = runScenario('pmipv4-handover', { tunnel: 'gre' });
    const after = packets(t).filter((p) => p.time > MOVE_AT_US + 200_000 && line(p) === 'lma>mag2 echo-request (tunnelled)')[0]!;
    const key = (mipOf(find(t, 'mag2>lma PRRQ')[0]!).extensions as { type: number; key?: number }[]).find((e) => e.type === 48)!.key;
    expect(layerOf(after, 'gre')).toMatchObject({ key });
    expect(rows(lastState(t, 'lma'), 'Tunnels')).toEqual([expect.objectContaining({ remote: careOf(2), encapsulation: 'gre', key })]);
  });

  describe('Registration Revocation retransmission (RFC 3543 §4.2.2.1)', () => {
    const base = runScenario('pmipv4-handover');
    /** A fault names a packet by its place in the run, counted from 0 here. */
    const indexOf = (t: Trace, l: string): number => packets(t).indexOf(find(t, l)[0]!);
    const revocations = (t: Trace) => find(t, 'lma>mag1 Revocation');
    const haTimer = (t: Trace) =>
      t.events.filter((e) => e.kind === 'timer' && e.entity === 'lma' && e.name === 'revocation retransmission').map((e) => (e as { action: string }).action);

    it('sends a lost revocation again when its timer fires, with a newer identifier, and MAG1 acknowledges that one', () => {
      const t = runScenario('pmipv4-handover', {}, [{ kind: 'drop', packet: indexOf(base, 'lma>mag1 Revocation') }]);
      const [first, again] = revocations(t);
      expect(first!.fate).toBe('dropped-by-fault');
      expect(again!.time - first!.time).toBe(REVOCATION_TIMEOUT_MS * 1000);
      expect(mipOf(again!).revocationId).toBeGreaterThan(mipOf(first!).revocationId as number);
      const acks = find(t, 'mag1>lma Revocation-Ack');
      expect(acks).toHaveLength(1);
      expect(mipOf(acks[0]!)).toMatchObject({ homeAddress: mipOf(again!).homeAddress, revocationId: mipOf(again!).revocationId });
      expect(haTimer(t)).toEqual(['start', 'fire', 'start', 'cancel']);
      expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([]);
      expect(rows(lastState(t, 'lma'), 'Revocations')).toEqual([]);
    });

    it('when the acknowledgement is lost, sends the revocation again and MAG1, whose entry is gone, acknowledges it again', () => {
      const t = runScenario('pmipv4-handover', {}, [{ kind: 'drop', packet: indexOf(base, 'mag1>lma Revocation-Ack') }]);
      const [, again] = revocations(t);
      const acks = find(t, 'mag1>lma Revocation-Ack');
      expect(acks.map((a) => a.fate)).toEqual(['dropped-by-fault', 'delivered']);
      // MAG1 had already removed its visitor entry when the second revocation came.
      expect(rows(stateAt(t, 'mag1', again!.arrival! - 1), 'Visitor list')).toEqual([]);
      expect(mipOf(acks[1]!).revocationId).toBe(mipOf(again!).revocationId);
      expect(haTimer(t)).toEqual(['start', 'fire', 'start', 'cancel']);
      expect(rows(lastState(t, 'lma'), 'Revocations')).toEqual([]);
    });

    it('backs off and stops after its retry limit when MAG1 cannot be reached', () => {
      const t = runScenario('pmipv4-handover', { lifetime: 60 }, [{ kind: 'cut', link: 'mag1-lma', atUs: MOVE_AT_US }]);
      const sent = revocations(t);
      expect(sent).toHaveLength(MAX_REVOCATION_TRANSMISSIONS);
      expect(sent.every((p) => p.fate !== 'delivered')).toBe(true);
      const gaps = sent.slice(1).map((p, i) => p.time - sent[i]!.time);
      expect(gaps).toEqual([1, 2, 4].map((k) => k * REVOCATION_TIMEOUT_MS * 1000));
      expect(haTimer(t)).toEqual(['start', 'fire', 'start', 'fire', 'start', 'fire', 'start', 'fire']);
      // After the last wait the home agent gives up: nothing pending, no further revocation.
      const givenUp = sent.at(-1)!.time + 2 ** (MAX_REVOCATION_TRANSMISSIONS - 1) * REVOCATION_TIMEOUT_MS * 1000;
      expect(t.duration).toBeGreaterThan(givenUp);
      expect(rows(stateAt(t, 'lma', givenUp - 1), 'Revocations')).toHaveLength(1);
      expect(rows(lastState(t, 'lma'), 'Revocations')).toEqual([]);
    });
  });
});
