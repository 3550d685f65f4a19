import type { Fault } from '../../sim/faults';
import type { EntityInfo } from '../../sim/trace';
import { tierOf } from './roles';
import type { TopologySnapshot } from './snapshot';

/**
 * The faults a learner injects from the topology, at the time of the current packet: the run is
 * made again, identical up to that moment, and goes on with the protocols' own reaction.
 */

/** Cut a link that is up now; a link that is down has nothing to cut. */
export function cutNow(s: TopologySnapshot, link: string): Fault | undefined {
  const state = s.links.find((l) => l.id === link);
  return state?.up ? { kind: 'cut', link, atUs: s.time } : undefined;
}

/** The entities a mobile node can move to: every MAG (or other point of attachment) but the one it is attached to. */
export function moveTargets(entities: readonly EntityInfo[], s: TopologySnapshot, mn: string): EntityInfo[] {
  const a = s.attachments.find((x) => x.mn === mn);
  if (!a) return [];
  return entities.filter((e) => tierOf(e.role) === 'edge' && !(a.attached && a.at === e.id));
}

export function moveNow(s: TopologySnapshot, mn: string, to: string): Fault {
  return { kind: 'move', node: mn, to, atUs: s.time };
}
