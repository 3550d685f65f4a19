/*
 * The PMIP client's cache and what it makes of a Trigger (seed 003 §4.7): "maintaining a binding
 * cache that contains the MN identifier, pHoA, and the MAG's IP address (pCoA) for those MNs for
 * whom PBUs have been sent". A Trigger for an identifier it has never seen is an initial attachment;
 * one whose pHoA is not the cached one is an error reported to the MAG; otherwise the MN moved (or,
 * from the MAG it is on, is still there). A pHoA the MN configured itself (Appendix B) must first be
 * shown unique: no other identifier in this cache holds it, and no other PMIP client knows it.
 */

export interface CacheEntry {
  mnId: string;
  pHoA: string;
  /** The MAG the binding points to at the LMA (the last accepted pCoA). */
  pCoA?: string;
  /** The sequence number of the last PBU for this MN (RFC 6275 §9.5.1: the LMA takes only newer ones). */
  seq: number;
  state: 'registering' | 'registered' | 'refused';
  lifetimeSeconds?: number;
  expiresUs?: number;
}

export type Cache = Readonly<Record<string, CacheEntry>>;

export interface TriggerFacts {
  mnId: string;
  /** Absent when the MAG does not know it (a handoff without context). */
  pHoA?: string;
  stateless: boolean;
  /** The MAG that sent the Trigger: the pCoA to bind. */
  mag: string;
}

export type TriggerDecision =
  | { kind: 'initial'; pHoA: string; checkPeers: boolean }
  | { kind: 'handoff'; entry: CacheEntry; pHoA: string }
  | { kind: 'refresh'; entry: CacheEntry; pHoA: string }
  | { kind: 'mismatch'; entry: CacheEntry; given: string }
  | { kind: 'conflict'; holder: string; pHoA: string }
  | { kind: 'unknown'; why: string };

/** Another MN identifier in this cache holding `pHoA`, if any (Appendix B, first check). */
export function holderOf(cache: Cache, pHoA: string, except: string): string | undefined {
  return Object.values(cache).find((e) => e.pHoA === pHoA && e.mnId !== except && e.state !== 'refused')?.mnId;
}

/** §4.7 and Appendix B, in the draft's order. `hasPeers`: other PMIP clients share the LMD. */
export function decideTrigger(cache: Cache, t: TriggerFacts, hasPeers: boolean): TriggerDecision {
  const entry = cache[t.mnId];
  if (!entry || entry.state === 'refused') {
    if (t.pHoA === undefined) return { kind: 'unknown', why: `no pHoA for ${t.mnId}, and the cache has no entry to take it from` };
    if (t.stateless) {
      const holder = holderOf(cache, t.pHoA, t.mnId);
      if (holder) return { kind: 'conflict', holder, pHoA: t.pHoA };
    }
    return { kind: 'initial', pHoA: t.pHoA, checkPeers: t.stateless && hasPeers };
  }
  if (t.pHoA !== undefined && t.pHoA !== entry.pHoA) return { kind: 'mismatch', entry, given: t.pHoA };
  return entry.pCoA === t.mag && entry.state === 'registered' ? { kind: 'refresh', entry, pHoA: entry.pHoA } : { kind: 'handoff', entry, pHoA: entry.pHoA };
}

/** A conflict detection request from another PMIP client: does another identifier hold the address here? */
export function answersConflict(cache: Cache, mnId: string, pHoA: string): boolean {
  return holderOf(cache, pHoA, mnId) !== undefined;
}
