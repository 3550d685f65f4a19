import { catalog } from './catalog';
import type { Scenario, ScenarioDefinition } from './definition';
import { pmipv6Attach } from './pmipv6/attach';
import { pmipv6Detach } from './pmipv6/detach';
import { pmipv6Handover } from './pmipv6/handover';
import { pmipv6Reject } from './pmipv6/reject';
import { pmipv6Renewal } from './pmipv6/renewal';
import { pmipv6SharedTunnel } from './pmipv6/shared-tunnel';
import { pmipv4Attach } from './pmipv4/attach';
import { pmipv4Handover } from './pmipv4/handover';
import { pmipv4Reject } from './pmipv4/reject';
import { pmipv4Renewal } from './pmipv4/renewal';
import { pmipv4Threegpp2 } from './pmipv4/3gpp2';
import { pmipv4Wimax } from './pmipv4/wimax';
import { pmipv6Ipv4HomeAddress } from './pmipv6-ipv4/home-address';
import { pmipv6Ipv4Transport } from './pmipv6-ipv4/transport';
import { netlmmAttach } from './netlmm/attach';
import { netlmmHandover } from './netlmm/handover';

/**
 * The runnable scenarios: each catalog entry joined with its definition. A definition without a
 * catalog entry, or two with one id, is a programming error and fails at import.
 */
const definitions: readonly ScenarioDefinition[] = [pmipv6Attach, pmipv6Handover, pmipv6Renewal, pmipv6Detach, pmipv6SharedTunnel, pmipv6Reject, pmipv6Ipv4HomeAddress,
  pmipv6Ipv4Transport, pmipv4Attach, pmipv4Renewal, pmipv4Handover, pmipv4Reject, pmipv4Wimax, pmipv4Threegpp2, netlmmAttach, netlmmHandover];

const scenarios = new Map<string, Scenario>();
for (const d of definitions) {
  const entry = catalog.find((e) => e.id === d.id);
  if (!entry) throw new Error(`scenario ${d.id} has no catalog entry`);
  if (scenarios.has(d.id)) throw new Error(`scenario ${d.id} is defined twice`);
  scenarios.set(d.id, { ...entry, ...d, status: 'runnable' });
}

export function runnableScenario(id: string): Scenario | undefined {
  return scenarios.get(id);
}

export function runnableIds(): string[] {
  return [...scenarios.keys()];
}

export function allScenarios(): Scenario[] {
  return [...scenarios.values()];
}
