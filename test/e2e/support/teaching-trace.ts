import type { PacketEvent, Trace } from '../../../src/sim/trace';
import { hex } from '../../../src/wire/core';
import { allExamples } from '../../../src/wire/examples';

/**
 * A hand-made Trace with everything the diagram must draw while no scenario runs yet: link delays
 * (slanted messages), a lost PBA and a filtered packet (crosses), a 1 s retransmission wait (a
 * squeezed quiet stretch), two tunnelled packets in flight together (parallel), a loopback (a self
 * message) and a step note per step. The bytes are example frames; only the geometry matters here.
 */
export function teachingTrace(): Trace {
  const frames = allExamples().map((e) => ({ bytes: hex(e.build()), linkType: e.linkType }));
  const rows: Omit<PacketEvent, 'kind' | 'packet' | 'bytes' | 'linkType'>[] = [
    { time: 0, arrival: 1_000, link: 'mn-mag1', from: 'mn', to: 'mag1', fate: 'delivered', plane: 'control', summary: 'Router Solicitation', step: 'The mobile node attaches to MAG1 and asks for a router.' },
    { time: 1_500, arrival: 9_500, link: 'mag1-lma', from: 'mag1', to: 'lma', fate: 'delivered', plane: 'control', summary: 'Proxy Binding Update seq=1 lifetime=3600 s', step: 'MAG1 registers the mobile node with its LMA.', section: 'RFC 5213 §6.9.1.1' },
    { time: 10_000, link: 'mag1-lma', from: 'lma', to: 'mag1', fate: 'lost', reason: 'the link to MAG1 is down', plane: 'control', summary: 'Proxy Binding Acknowledgement status=0', step: 'The acknowledgement is lost on the way.' },
    { time: 1_001_500, arrival: 1_009_500, link: 'mag1-lma', from: 'mag1', to: 'lma', fate: 'delivered', plane: 'control', summary: 'Proxy Binding Update seq=1 (retransmitted)', step: 'No answer after InitialBindackTimeoutFirstReg (1 s): MAG1 sends the PBU again.', section: 'RFC 5213 §6.9.4' },
    { time: 1_010_000, arrival: 1_018_000, link: 'mag1-lma', from: 'lma', to: 'mag1', fate: 'delivered', plane: 'control', summary: 'Proxy Binding Acknowledgement status=0 HNP=2001:db8:1::/64', step: 'The LMA accepts: binding cache entry and tunnel.' },
    { time: 1_018_500, arrival: 1_019_500, link: 'mn-mag1', from: 'mag1', to: 'mn', fate: 'delivered', plane: 'control', summary: 'Router Advertisement prefix 2001:db8:1::/64', step: 'MAG1 advertises the home network prefix.' },
    { time: 1_100_000, arrival: 1_101_000, link: 'mn-mag1', from: 'mn', to: 'mag1', fate: 'delivered', plane: 'data', summary: 'Echo (ping) request seq=1', step: 'Data to the correspondent goes through the tunnel.' },
    { time: 1_101_000, arrival: 1_109_000, link: 'mag1-lma', from: 'mag1', to: 'lma', fate: 'delivered', plane: 'data', summary: 'IPv6 in IPv6: Echo (ping) request seq=1', inner: { from: '2001:db8:1::10', to: '2001:db8:9::1', summary: 'Echo (ping) request seq=1' }, step: 'Data to the correspondent goes through the tunnel.' },
    { time: 1_102_000, arrival: 1_110_000, link: 'mag1-lma', from: 'mag1', to: 'lma', fate: 'delivered', plane: 'data', summary: 'IPv6 in IPv6: Echo (ping) request seq=2', step: 'Data to the correspondent goes through the tunnel.' },
    { time: 1_109_500, arrival: 1_113_500, link: 'lma-cn', from: 'lma', to: 'cn', fate: 'delivered', plane: 'data', summary: 'Echo (ping) request seq=1', step: 'Data to the correspondent goes through the tunnel.' },
    { time: 1_200_000, link: 'lma-cn', from: 'cn', to: 'lma', fate: 'filtered', reason: 'no binding for 2001:db8:7::1', plane: 'data', summary: 'Echo (ping) request to an unknown prefix', step: 'A packet for a prefix with no binding is dropped by the LMA.' },
    { time: 1_300_000, arrival: 1_300_000, link: 'lo', from: 'mag1', to: 'mag1', fate: 'delivered', plane: 'control', summary: 'Binding refresh timer check', step: 'MAG1 checks its binding update list.' },
  ];
  const events: PacketEvent[] = rows.map((r, i) => ({ kind: 'packet', packet: i, ...frames[i % frames.length]!, ...r }));
  return {
    version: 1,
    scenario: 'pmipv6-attach-demo',
    params: {},
    seed: 1,
    faults: [],
    entities: [
      { id: 'mn', label: 'MN', role: 'mn' },
      { id: 'mag1', label: 'MAG1 (PMA)', role: 'mag' },
      { id: 'lma', label: 'LMA', role: 'lma' },
      { id: 'cn', label: 'CN', role: 'cn' },
    ],
    links: [
      { id: 'mn-mag1', a: 'mn', b: 'mag1', linkType: 1, delayUs: 1_000 },
      { id: 'mag1-lma', a: 'mag1', b: 'lma', linkType: 1, delayUs: 8_000 },
      { id: 'lma-cn', a: 'lma', b: 'cn', linkType: 1, delayUs: 4_000 },
    ],
    events,
    duration: 1_400_000,
  };
}
