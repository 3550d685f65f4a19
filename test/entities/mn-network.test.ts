import { describe, expect, it } from 'vitest';
import { mn } from '../../src/entities/mn';
import { MachineAgent } from '../../src/sim/agent';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { Rng } from '../../src/sim/rng';
import type { LayerValue } from '../../src/wire/core';
import { icmpv6Echo, routerAdvertisement } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { prefixInfo, sourceLinkLayer } from '../../src/wire/ndp';

const HOME_PREFIX = '2001:db8:100::';
const ROUTER_LL = 'fe80::1';
const ROUTER_GLOBAL = '2001:db8:100::1';

/**
 * The MN's machine on a node, plugged into a stand-in access router that answers an RS with an RA
 * for the home prefix (as a MAG would after its PBA) and pings the address the MN formed.
 */
function build(o: { seed?: number } = {}) {
  const net = new Network(new Rng(o.seed ?? 1));
  const mnNode = net.addNode('mn');
  const router = net.addNode('router', { forwarding: true });
  const mnMac = net.nextMac();
  mnNode.addInterface('eth0', mnMac);
  const rIface = router.addInterface('eth0', net.nextMac());
  router.addAddress('eth0', `${ROUTER_LL}/64`);
  router.addAddress('eth0', `${ROUTER_GLOBAL}/64`);
  net.connect('access', [mnNode, 'eth0'], [router, 'eth0'], { delayUs: 500 });
  const got: Delivery[] = [];
  router.agent = {
    receive: (d) => {
      got.push(d);
      const icmp = d.packet.payload as LayerValue | undefined;
      if (icmp?.proto === 'icmpv6' && icmp.type === 133) {
        const ra = routerAdvertisement({ routerLifetime: 1800, options: [sourceLinkLayer(rIface.mac), prefixInfo({ prefix: HOME_PREFIX, valid: 86400, preferred: 14400 })] });
        router.sendIp(ipv6Packet({ src: ROUTER_LL, dst: 'ff02::1', hopLimit: 255, payload: ra }), { iface: 'eth0' });
      }
    },
  };
  const agent = new MachineAgent(net, mnNode, mn, { name: 'MN', iface: 'eth0', mac: mnMac, rsDelayMs: 0 });
  return { net, mnNode, router, agent, got, mnMac };
}

describe('MN on a simulated access link', () => {
  it('solicits, is advertised its home prefix, configures it and answers pings in real bytes both ways', () => {
    const { net, mnNode, router, agent, got } = build();
    agent.send({ type: 'l2.attach', iface: 'eth0' });
    net.engine.runUntil(10_000);
    const home = '2001:db8:100::ff:fe01:1';
    expect(mnNode.hasAddress(home)).toBe(true);
    expect(mnNode.lookup('2001:db8:cccc::2')?.owner).toBe('default-router');
    router.sendIp(ipv6Packet({ src: ROUTER_GLOBAL, dst: home, payload: icmpv6Echo({ ident: 7, seq: 1 }) }), { iface: 'eth0' });
    net.engine.runUntil(20_000);

    const packets = net.recorder.events.flatMap((e) => (e.kind === 'packet' ? [e] : []));
    expect(packets.map((p) => [p.from, p.to, p.summary, p.fate])).toEqual([
      ['mn', 'router', 'Router Solicitation from 02:00:00:01:00:01', 'delivered'],
      ['router', 'mn', 'Router Advertisement from 02:00:00:01:00:02', 'delivered'],
      ['router', 'mn', 'Echo (ping) request id=0x0007, seq=1', 'delivered'],
      ['mn', 'router', 'Echo (ping) reply id=0x0007, seq=1', 'delivered'],
    ]);
    expect(got.at(-1)!.packet).toMatchObject({ src: home, dst: ROUTER_GLOBAL, payload: { type: 129, ident: 7, seq: 1 } });

    const states = net.recorder.events.flatMap((e) => (e.kind === 'state' && e.entity === 'mn' ? [e] : []));
    expect(states.map((s) => s.state).filter((s, i, all) => s !== all[i - 1])).toEqual(['detached', 'soliciting', 'configured']);
    expect(states.at(-1)!.tables['Default routers']).toMatchObject([{ router: ROUTER_LL, mac: '02:00:00:01:00:02', lifetime: 1800 }]);
    expect(states.at(-1)!.tables.Traffic).toEqual([{ 'echo requests answered': 1, 'datagrams received': 0 }]);
  });

  it('shows its timers in the trace: the RS timer starts and is cancelled by the answer', () => {
    const { net, agent } = build();
    agent.send({ type: 'l2.attach', iface: 'eth0' });
    net.engine.runUntil(10_000);
    const timers = net.recorder.events.flatMap((e) => (e.kind === 'timer' ? [`${e.time} ${e.name} ${e.action}`] : []));
    expect(timers).toEqual([
      '0 Router Solicitation start',
      '0 Router Solicitation fire',
      '0 Router Solicitation start',
      // Leaving `soliciting` (exit actions run first), then the RA's own timers.
      '1000 Router Solicitation cancel',
      '1000 router lifetime start',
      '1000 address valid lifetime start',
    ]);
  });

  it('runs the same, byte for byte, for the same seed with the random first delay', () => {
    const run = () => {
      const net = new Network(new Rng(3));
      const a = net.addNode('mn');
      const b = net.addNode('router', { forwarding: true });
      const mac = net.nextMac();
      a.addInterface('eth0', mac);
      b.addInterface('eth0', net.nextMac());
      net.connect('access', [a, 'eth0'], [b, 'eth0'], { delayUs: 500 });
      b.agent = { receive: () => undefined };
      const agent = new MachineAgent(net, a, mn, { name: 'MN', iface: 'eth0', mac });
      agent.send({ type: 'l2.attach' });
      net.engine.runUntil(20_000_000);
      return net.recorder.events.flatMap((e) => (e.kind === 'packet' ? [`${e.time} ${e.bytes}`] : []));
    };
    const first = run();
    expect(first).toHaveLength(3);
    expect(run()).toEqual(first);
  });
});
