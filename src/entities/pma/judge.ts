import { checkAuthenticators } from '../../protocols/radius-profile';
import { CODE } from '../../protocols/pmipv4/decide';
import { sameLowOrder } from '../../protocols/pmipv4/identification';
import { readReply, type ReplyFacts } from '../../protocols/pmipv4/registration';
import { isNewRevocation, readRevocation, type RevocationFacts } from '../../protocols/pmipv4/revocation';
import { checkAuthentication, EXT_FA_HA, EXT_MN_HA, verdictFor } from '../../protocols/pmipv4/security';
import { isAccepted } from '../../wire/mipv4';
import { requestAssociations } from './messages';
import type { PmaContext, PmaEvent, VisitorEntry } from './types';

/*
 * What the PMA makes of an answer, as pure functions of the context and the event: each guard asks
 * for one kind of verdict and the action that runs computes the same verdict again.
 */

type Of<T extends PmaEvent['type']> = Extract<PmaEvent, { type: T }>;

export type RadiusVerdict = { kind: 'unmatched'; why: string } | { kind: 'forged'; nai: string; why: string } | { kind: 'answer'; nai: string };

/** RFC 2865 §3-4, RFC 3579 §3.2: the answer to a pending Access-Request, authentic under the shared secret. */
export function judgeRadius(c: PmaContext, e: Of<'rx.accessAccept'> | Of<'rx.accessReject'>): RadiusVerdict {
  if (e.src !== c.config.aaa.address) return { kind: 'unmatched', why: `it comes from ${e.src}, not from the AAA server ${c.config.aaa.address}` };
  const entry = Object.values(c.visitors).find((x) => x.state === 'authenticating' && x.radius?.id === e.response.id);
  if (!entry) return { kind: 'unmatched', why: `no Access-Request with Identifier ${e.response.id} is waiting for an answer` };
  const check = checkAuthenticators(e.response, c.config.aaa.secret, entry.radius!.authenticator);
  if (check.response !== 'good') return { kind: 'forged', nai: entry.nai, why: `its Response Authenticator is ${check.response ?? 'missing'}` };
  if (check.message === 'bad') return { kind: 'forged', nai: entry.nai, why: 'its Message-Authenticator is wrong' };
  return { kind: 'answer', nai: entry.nai };
}

export type ReplyVerdict =
  | { kind: 'unmatched'; why: string }
  | { kind: 'forged'; nai: string; why: string }
  | { kind: 'accepted'; nai: string; reply: ReplyFacts }
  | { kind: 'deregistered'; nai: string; reply: ReplyFacts }
  | { kind: 'resynchronise'; nai: string; reply: ReplyFacts }
  | { kind: 'disallowed'; nai: string; reply: ReplyFacts }
  | { kind: 'denied'; nai: string; reply: ReplyFacts };

/** RFC 5944 §3.6.2.1: an authentication failure code may come with authenticators that fail too. */
const AUTH_FAILURES: ReadonlySet<number> = new Set([CODE.MN_AUTH_FAILED, CODE.FA_AUTH_FAILED]);

/**
 * RFC 5944 §3.6.2.1 and §3.7.3.1: a reply matches a pending request by the low-order 32 bits of the
 * Identification and the NAI (every transmission counts, each had its own), comes from the agent the
 * request went to (any, when discovering one, RFC 5563 §4.6), and carries valid authenticators for
 * every association the PMA used: MN-HA (§3.6.2.1 b) and FA-HA (§3.7.3.1). A reply denying for a
 * failed authentication is taken as it is: its authenticators "will also be in error" (§3.6.2.1).
 */
export function judgeReply(c: PmaContext, e: Of<'rx.reply'>): ReplyVerdict {
  if (e.dst !== c.config.careOf) return { kind: 'unmatched', why: `it is addressed to ${e.dst}, not to the care-of address ${c.config.careOf}` };
  const reply = readReply(e.message);
  const entry = Object.values(c.visitors).find(
    (x) => x.pending !== undefined && (reply.nai === undefined || reply.nai === x.nai) && x.pending.identifications.some((id) => sameLowOrder(id, reply.identification)),
  );
  if (!entry) return { kind: 'unmatched', why: `no request${reply.nai ? ` for ${reply.nai}` : ''} with that Identification is waiting for a reply` };
  const p = entry.pending!;
  if (e.src !== p.destination && p.homeAgentField === p.destination) return { kind: 'unmatched', why: `it comes from ${e.src}, not from ${p.destination}` };
  const nai = entry.nai;
  if (!AUTH_FAILURES.has(reply.code)) {
    const why = authProblem(c, entry, e);
    if (why) return { kind: 'forged', nai, why };
  }
  if (p.kind === 'deregistration') return { kind: 'deregistered', nai, reply };
  if (isAccepted(reply.code)) return { kind: 'accepted', nai, reply };
  if (reply.code === CODE.ID_MISMATCH && !p.resynchronised) return { kind: 'resynchronise', nai, reply };
  if (reply.code === CODE.PMIP_UNSUPPORTED || reply.code === CODE.PMIP_DISALLOWED) return { kind: 'disallowed', nai, reply };
  return { kind: 'denied', nai, reply };
}

function authProblem(c: PmaContext, entry: VisitorEntry, e: Of<'rx.reply'>): string | undefined {
  const sas = requestAssociations(c.config, entry, entry.pending!.destination);
  const checks = checkAuthentication(e.message, sas.mnHa, sas.faHa);
  if (sas.mnHa) {
    const v = verdictFor(checks, EXT_MN_HA, sas.mnHa);
    if (v !== 'good') return `its MN-HA authenticator is ${v}`;
  }
  if (sas.faHa) {
    const v = verdictFor(checks, EXT_FA_HA, sas.faHa);
    if (v !== 'good') return `its FA-HA authenticator is ${v}`;
  }
  return undefined;
}

export function entryForNode(c: PmaContext, mn: string): VisitorEntry | undefined {
  return Object.values(c.visitors).find((x) => x.mn === mn);
}

export type RevocationVerdict =
  | { kind: 'discard'; why: string }
  | { kind: 'revoke'; facts: RevocationFacts; entry?: VisitorEntry; key: string };

/**
 * RFC 3543 §4.2.2.2: a revocation is believed when its FA-HA authenticator is good, it says it comes
 * from the home agent (A), and it is newer than the last one for that home address (§3.5). The
 * binding it names is found by home address, home agent and this PMA's care-of address.
 */
export function judgeRevocation(c: PmaContext, e: Of<'rx.revocation'>): RevocationVerdict {
  const facts = readRevocation(e.message);
  const sa = c.config.faHa[e.src];
  if (!sa) return { kind: 'discard', why: `${c.config.name} shares no FA-HA key with ${e.src}` };
  const v = verdictFor(checkAuthentication(e.message, sa), EXT_FA_HA, sa);
  if (v !== 'good') return { kind: 'discard', why: `its FA-HA authenticator is ${v}` };
  if (!facts.fromHomeAgent) return { kind: 'discard', why: 'its A bit is clear: it does not come from the home agent' };
  const key = `${facts.homeAgent}|${facts.homeAddress}`;
  if (!isNewRevocation(facts.revocationId, c.revocations[key])) return { kind: 'discard', why: `Revocation Identifier ${facts.revocationId} is not newer than the last one: a replay` };
  if (facts.careOf !== c.config.careOf) return { kind: 'discard', why: `it revokes a binding at ${facts.careOf}, not at ${c.config.careOf}` };
  const entry = Object.values(c.visitors).find(
    (x) => x.homeAddress === facts.homeAddress && x.homeAgent === facts.homeAgent && (facts.nai === undefined || facts.nai === x.nai),
  );
  return { kind: 'revoke', facts, key, ...(entry ? { entry } : {}) };
}
