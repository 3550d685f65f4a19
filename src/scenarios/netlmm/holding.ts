import { holdsForwarded, holdsUplink, type NetlmmMagContext } from '../../entities/netlmm-mag';
import type { MachineAgent } from '../../sim/agent';
import type { PreRouteHook, SimNode } from '../../sim/node';
import type { LayerValue } from '../../wire/core';

/**
 * The new MAG's half of a handoff with data forwarding (seed 003 Appendix D). Two kinds of packet
 * would find no route at it and be lost: one the old MAG tunnels here for an MN whose link is not
 * up yet, and one the MN sends before this MAG's tunnel to the LMA is up. This hook hands either to
 * the MAG's machine instead, which holds it until it can be delivered. Everything else goes on
 * through the node as usual.
 */
export function holdAtNewMag(node: SimNode, agent: MachineAgent): PreRouteHook {
  return (pkt, iface) => {
    if (pkt.proto !== 'ipv6') return undefined;
    const context = agent.actor.getSnapshot().context as NetlmmMagContext;
    if (holdsUplink(context, iface.name, pkt.src as string)) {
      agent.send({ type: 'data.hold', packet: pkt, direction: 'up' });
      return 'drop';
    }
    const inner = pkt.payload as LayerValue | undefined;
    if (!node.hasAddress(pkt.dst as string) || inner?.proto !== 'ipv6') return undefined;
    if (!holdsForwarded(context, pkt.src as string, inner.dst as string)) return undefined;
    agent.send({ type: 'data.hold', packet: inner, direction: 'down' });
    return 'drop';
  };
}
