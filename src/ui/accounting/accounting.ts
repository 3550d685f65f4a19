import { accountData, type DataAccounting } from '../../sim/data-accounting';
import type { Trace } from '../../sim/trace';

/**
 * The accounting of a trace, worked out once: the chart and the diagram's marks both read it, and
 * the lab replaces its Trace whole, so the Trace object itself is the key.
 */
const cache = new WeakMap<Trace, DataAccounting>();

export function accountingOf(trace: Trace | undefined): DataAccounting | undefined {
  if (!trace) return undefined;
  let acc = cache.get(trace);
  if (!acc) {
    acc = accountData(trace);
    cache.set(trace, acc);
  }
  return acc;
}

/** An entity's label in the trace, or its id. */
export function labeller(trace: Trace | undefined): (id: string) => string {
  const labels = new Map((trace?.entities ?? []).map((e) => [e.id, e.label]));
  return (id) => labels.get(id) ?? id;
}
