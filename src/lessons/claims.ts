import type { PacketEvent, Trace } from '../sim/trace';
import { fromHex, walk } from '../wire/core';
import { dissect } from '../wire/dissect';
import type { Claim } from './types';

/** A claim checked against a packet: whether it holds, and what the run really shows. */
export interface ClaimResult {
  ok: boolean;
  /** The packet's value (or values, for a field that occurs more than once) the claim was compared with. */
  actual: string;
}

/**
 * Checks one `expect:` claim against a packet of a run. Entities match by id or by label (`mag1`,
 * `MAG1`); a field by its filter name anywhere in the field tree (a tunnelled packet has two
 * `ipv6.src`, and either may be meant), compared with the display text the inspector shows.
 */
export function checkClaim(claim: Claim, packet: PacketEvent, trace: Trace): ClaimResult {
  switch (claim.kind) {
    case 'from':
    case 'to': {
      const id = packet[claim.kind];
      const entity = trace.entities.find((e) => e.id === id);
      const names = [id, entity?.label ?? id].map((n) => n.toLowerCase());
      return { ok: names.includes(claim.value.toLowerCase()), actual: entity ? `${id} (${entity.label})` : id };
    }
    case 'summary':
      return { ok: compare(claim.op, packet.summary, claim.value), actual: packet.summary };
    case 'fate':
      return { ok: packet.fate === claim.value, actual: packet.fate };
    case 'field': {
      const found = [...walk(dissect(fromHex(packet.bytes), packet.linkType).layers)].filter((n) => n.name === claim.name).map((n) => n.display);
      return { ok: found.some((d) => compare(claim.op, d, claim.value)), actual: found.length === 0 ? `no field ${claim.name}` : found.join(' | ') };
    }
  }
}

function compare(op: '=' | '~', actual: string, expected: string): boolean {
  return op === '=' ? actual === expected : actual.includes(expected);
}

/** The claim as written in the lesson, for a message. */
export function claimText(claim: Claim): string {
  switch (claim.kind) {
    case 'from':
    case 'to':
      return `${claim.kind}=${claim.value}`;
    case 'fate':
      return `fate = ${claim.value}`;
    case 'summary':
      return `summary ${claim.op} ${claim.value}`;
    case 'field':
      return `field ${claim.name} ${claim.op} ${claim.value}`;
  }
}
