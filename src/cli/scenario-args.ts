import { FaultSyntaxError, parseFault, type Fault } from '../sim/faults.ts';
import { UsageError } from './command.ts';

/*
 * The options `run` and `url` share: `--set name=value` pairs and `--fault` texts, turned into
 * values or a one-line usage error.
 */

export function parseSets(sets: readonly string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const s of sets ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes name=value, not '${s}'`);
    params[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return params;
}

export function parseFaults(texts: readonly string[] | undefined): Fault[] {
  try {
    return (texts ?? []).map(parseFault);
  } catch (e) {
    if (e instanceof FaultSyntaxError) throw new UsageError(e.message);
    throw e;
  }
}
