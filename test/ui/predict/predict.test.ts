import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import type { PacketEvent } from '../../../src/sim/trace';
import { endpointsOf, judge, kindsOf, messageKind, scored } from '../../../src/ui/predict/predict';

const packets = (id: string): PacketEvent[] => runScenario(id).events.filter((e): e is PacketEvent => e.kind === 'packet');

describe('predict the next message', () => {
  it.each([
    ['Proxy Binding Update seq 1, lifetime 15 (60 s)', 'Proxy Binding Update'],
    ['Proxy Binding Acknowledgement status 0, seq 1, lifetime 15 (60 s)', 'Proxy Binding Acknowledgement'],
    ['Access-Request id=1', 'Access-Request'],
    ['Router Solicitation from 02:00:00:00:00:11', 'Router Solicitation'],
    ['Echo (ping) request id=0x504d, seq=1', 'Echo (ping) request'],
    ['Reg Request: HoA=0.0.0.0 HA=198.51.100.1 CoA=198.51.100.11', 'Reg Request'],
    ['DHCP Offer    - Transaction ID 0xb04f44ca', 'DHCP Offer'],
    ['DHCPv6 Solicit XID: 0xb46b75', 'DHCPv6 Solicit'],
    ['R4 (lab) Registration Trigger mn1@pmip-lab.example', 'R4 (lab) Registration Trigger'],
    ['Who has 192.0.2.1? Tell 192.0.2.10', 'ARP request'],
    ['192.0.2.1 is at 02:00:00:01:00:0b', 'ARP reply'],
    ['SCTP 49152 → 49152 INIT', 'SCTP'],
  ])('names “%s” a %s', (summary, kind) => {
    expect(messageKind(summary)).toBe(kind);
  });

  it('offers the kinds and the endpoints of the run', () => {
    const run = runScenario('pmipv6-attach');
    const ps = packets('pmipv6-attach');
    expect(kindsOf(ps)).toEqual(['Access-Request', 'Access-Accept', 'Router Solicitation', 'Proxy Binding Update', 'Proxy Binding Acknowledgement', 'Router Advertisement', 'Echo (ping) request', 'Echo (ping) reply']);
    expect(endpointsOf(run.entities, ps).map((e) => e.id).sort()).toEqual(['aaa', 'cn', 'lma', 'mag1', 'mn1']);
  });

  it('judges sender, receiver and kind separately, and scores only a guess right in all three', () => {
    const pbu = packets('pmipv6-attach')[3]!;
    const right = judge({ from: 'mag1', to: 'lma', kind: 'Proxy Binding Update' }, pbu);
    const wrong = judge({ from: 'lma', to: 'lma', kind: 'Proxy Binding Update' }, pbu);
    expect(right).toEqual({ from: true, to: true, kind: true, right: true });
    expect(wrong).toEqual({ from: false, to: true, kind: true, right: false });
    expect(scored(scored({ asked: 0, right: 0 }, right), wrong)).toEqual({ asked: 2, right: 1 });
  });
});
