import type { NetlmmRun } from '../netlmm-run';
import type { PmipClientContext, PmipClientEvent } from './types';

/** The PMIP client's rules work on a run over its context. */
export type ClientRun = NetlmmRun<PmipClientContext, PmipClientEvent>;
