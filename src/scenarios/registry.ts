import { catalog } from './catalog';
import type { Scenario, ScenarioDefinition } from './definition';

/**
 * The runnable scenarios: each catalog entry joined with its definition. A definition without a
 * catalog entry, or two with one id, is a programming error and fails at import.
 */
const definitions: readonly ScenarioDefinition[] = [];

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
