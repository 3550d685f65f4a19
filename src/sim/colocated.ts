import { flattenState, MachineAgent } from './agent';
import type { EntityDefinition } from './effects';
import type { Network } from './network';
import type { Agent, Delivery, SimNode } from './node';

/**
 * Several entities on one node, as the documents co-locate them: a DHCP server or relay in the LMA
 * (seed 002 Figs. 3 and 15). Each runs its own machine; a packet goes to the first whose adapter
 * takes it. The trace sees one entity, the node: its state is the entities' states joined, its
 * tables all of theirs, so the learner reads the LMA's binding cache and the DHCP leases together.
 */
export class ColocatedAgents implements Agent {
  readonly agents: MachineAgent[];

  constructor(
    readonly net: Network,
    readonly node: SimNode,
    parts: readonly { def: EntityDefinition; input: Record<string, unknown> }[],
  ) {
    this.agents = parts.map((p) => new MachineAgent(net, node, p.def, p.input, { recordsState: false }));
    node.agent = this;
    for (const a of this.agents) a.actor.subscribe(() => this.record());
    this.record();
  }

  receive(d: Delivery): void {
    for (const a of this.agents) {
      const ev = a.def.toEvent({ packet: d.packet, frame: d.frame, iface: d.iface.name, ...(d.tunnel ? { tunnel: d.tunnel.id } : {}) });
      if (ev) return a.send(ev);
    }
    this.net.filter(d.event, `${this.node.id} ignores this packet`);
  }

  private record(): void {
    if (!this.net.recorder.states) return;
    const snaps = this.agents.map((a) => a.actor.getSnapshot() as { value: unknown; context: unknown });
    const state = snaps.map((s) => flattenState(s.value)).join(' + ');
    const tables = Object.assign({}, ...snaps.map((s, i) => this.agents[i]!.def.tables(s.context)));
    this.net.recorder.state(this.net.now, this.node.id, state, tables);
  }
}
