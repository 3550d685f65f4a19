import type { Trace } from '../../../src/sim/trace';

/** The trace as the CLI's --json writes it: the comparison for determinism. */
export const traceToJson = (t: Trace): string => JSON.stringify(t);
