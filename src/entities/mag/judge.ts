import { checkAuthenticators } from '../../protocols/radius-profile';
import { macFromText } from '../../wire/core';
import { BA_STATUS, findOption } from '../../wire/mh';
import { pbaEnds } from './ipv4-transport';
import { ALL_ZERO_PREFIX } from './messages';
import type { BulEntry, MagContext, MagEvent } from './types';

/*
 * What the MAG makes of an answer, as pure functions of the context and the event: the guards ask
 * for one kind of verdict each, and the action that runs computes the same verdict again.
 */

type Of<T extends MagEvent['type']> = Extract<MagEvent, { type: T }>;

export type RadiusVerdict =
  | { kind: 'unmatched'; why: string }
  | { kind: 'forged'; nai: string; why: string }
  | { kind: 'answer'; nai: string };

/**
 * RFC 2865 §3-4: a reply answers the request with its Identifier, from the server it was sent to,
 * and its Response Authenticator must check out with the shared secret (else "silently discarded");
 * so must a Message-Authenticator (RFC 3579 §3.2).
 */
export function judgeRadius(c: MagContext, e: Of<'rx.accessAccept'> | Of<'rx.accessReject'>): RadiusVerdict {
  if (e.src !== c.config.aaa.address) return { kind: 'unmatched', why: `it comes from ${e.src}, not from the AAA server ${c.config.aaa.address}` };
  const entry = Object.values(c.bul).find((x) => x.state === 'authenticating' && x.radius?.id === e.response.id);
  if (!entry) return { kind: 'unmatched', why: `no Access-Request with Identifier ${e.response.id} is waiting for an answer` };
  const check = checkAuthenticators(e.response, c.config.aaa.secret, entry.radius!.authenticator);
  if (check.response !== 'good') return { kind: 'forged', nai: entry.nai, why: `its Response Authenticator is ${check.response ?? 'missing'}` };
  if (check.message === 'bad') return { kind: 'forged', nai: entry.nai, why: 'its Message-Authenticator is wrong' };
  return { kind: 'answer', nai: entry.nai };
}

export type PbaVerdict =
  | { kind: 'unmatched'; why: string }
  | { kind: 'misechoed'; nai: string; why: string }
  | { kind: 'deregistered'; nai: string; status: number }
  | { kind: 'accepted'; nai: string; status: number }
  | { kind: 'reassert'; nai: string; status: number }
  | { kind: 'askAssignment'; nai: string; status: number }
  | { kind: 'refused'; nai: string; status: number };

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** §6.9.1.2 ¶6: the LMA echoes HI, ATT, MN Link-layer Identifier and MN Identifier unchanged. */
function echoProblem(entry: BulEntry, pba: Of<'rx.pba'>['pba']): string | undefined {
  const hi = findOption(pba, 23)?.hi;
  if (hi !== entry.pending!.hi) return `Handoff Indicator ${hi ?? 'missing'} instead of ${entry.pending!.hi}`;
  const att = findOption(pba, 24)?.att;
  if (att !== entry.att) return `Access Technology Type ${att ?? 'missing'} instead of ${entry.att}`;
  const lli = findOption(pba, 25)?.lli;
  if (lli && !sameBytes(lli, macFromText(entry.mac))) return 'a different Mobile Node Link-layer Identifier';
  return undefined;
}

/**
 * RFC 5213 §6.9.1.2: ¶5 a PBA matches a PBU sent recently by MN Identifier and sequence number
 * (every transmission of the pending PBU counts), from the LMA it went to; ¶6 it echoes the
 * request's options; then its status decides. A de-registration ends whatever the status
 * (§6.9.1.4). ¶8: 157 asks for one more registration; ¶10: 155 allows asking for any prefix.
 */
export function judgePba(c: MagContext, e: Of<'rx.pba'>): PbaVerdict {
  const ends = pbaEnds(c.config, e.via);
  if (e.dst !== ends.proxyCoa) return { kind: 'unmatched', why: `it is addressed to ${e.dst}, not to the Proxy-CoA ${ends.proxyCoa}` };
  if (!e.pba.body.flags?.p) return { kind: 'unmatched', why: 'its P flag is clear: it is not a Proxy Binding Acknowledgement' };
  const mnId = findOption(e.pba, 8)?.identifier;
  const seq = e.pba.body.seq;
  const entry = Object.values(c.bul).find((x) => x.policy?.mnId === mnId && x.pending?.seqs.includes(seq));
  if (!entry) return { kind: 'unmatched', why: `no PBU for ${mnId ?? 'an unnamed MN'} with sequence number ${seq} is waiting for an answer` };
  const lmaa = ends.lmaa(entry.policy!.lmaa);
  if (e.src !== lmaa) return { kind: 'unmatched', why: `it comes from ${e.src}, not from ${lmaa}` };
  const problem = echoProblem(entry, e.pba);
  const nai = entry.nai;
  if (problem) return { kind: 'misechoed', nai, why: problem };
  const status = e.pba.body.status;
  const p = entry.pending!;
  if (p.kind === 'deregistration') return { kind: 'deregistered', nai, status };
  if (status < 128) return { kind: 'accepted', nai, status };
  if (status === BA_STATUS.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED && !p.retried) return { kind: 'reassert', nai, status };
  if (status === BA_STATUS.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX && p.kind === 'registration' && p.hnp !== ALL_ZERO_PREFIX && !p.retried) {
    return { kind: 'askAssignment', nai, status };
  }
  return { kind: 'refused', nai, status };
}

/** The entry of the MN a Router Solicitation comes from: by its MAC, else the only MN on that point-to-point link. */
export function entryForSolicitation(c: MagContext, e: Of<'rx.rs'>): BulEntry | undefined {
  const all = Object.values(c.bul);
  return all.find((x) => x.mac === e.mac && x.iface === e.iface) ?? (all.filter((x) => x.iface === e.iface).length === 1 ? all.find((x) => x.iface === e.iface) : undefined);
}

export function entryForNode(c: MagContext, mn: string): BulEntry | undefined {
  return Object.values(c.bul).find((x) => x.mn === mn);
}
