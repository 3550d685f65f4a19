import { enqueueActions, not, setup } from 'xstate';
import type { LayerValue, OptionValue } from '../wire/core';
import { ipv4Packet } from '../wire/ipv4';
import { ipv6Packet } from '../wire/ipv6';
import { accessAccept, accessReject, attr, radiusAttr, type RadiusPacket } from '../wire/radius';
import { checkAuthenticators, profileAttributes, profileProblem, type PolicyProfile } from '../protocols/radius-profile';
import type { Effect, EntityDefinition, Env } from '../sim/effects';
import type { TableRow } from '../sim/trace';

/*
 * The AAA server: the policy store of seed 001 §3 ("identifies the mobile's home network prefix,
 * permitted address configuration modes, roaming policy…"), answering a MAG's RADIUS
 * Access-Request (RFC 2865 §4.1), over IPv6 or IPv4, with the MN's profile as RFC 6572 attributes
 * (or in another family's ProfileFormat), or refusing it. It is stateless (RFC 2865 §2: each request stands alone), so one state serves every request.
 * What it answers is decided by three rules, checked in order:
 *   1. a request from a client with no shared secret is silently discarded (RFC 2865 §3);
 *   2. one whose Message-Authenticator is missing or wrong is silently discarded (RFC 3579 §3.2);
 *   3. a known NAI whose profile allows it gets an Access-Accept, anyone else an Access-Reject.
 */

export const RADIUS_AUTH_PORT = 1812;
/** How many decisions the 'Requests' table keeps. */
const RECENT = 8;

/**
 * How one protocol family's profiles go into an Access-Accept and into the AAA's tables. The
 * default is PMIPv6's (RFC 6572 attributes); PMIPv4 brings its own (aaa-pmipv4.ts).
 */
export interface ProfileFormat {
  /** `seal` lets a format hide a key for the NAS that asked (salt encryption, RFC 2868 §3.5). */
  attributes(nai: string, profile: object, seal: { secret: string; requestAuthenticator: Uint8Array; random: () => number }): OptionValue[];
  /** What goes back, for the narration and for the Requests table. */
  describe(nai: string, profile: object): { text: string; section: string; why: string };
  row(nai: string, profile: object): TableRow;
  refuses(profile: object): boolean;
}

const model = (p: PolicyProfile): string => (p.addressing === 'shared-prefix' ? 'shared prefix' : 'per-MN prefix');

/** PMIPv6 profiles (seed 001 §3) as RFC 6572 attributes. */
export const pmipv6Profiles: ProfileFormat = {
  attributes: (nai, p) => profileAttributes(nai, p as PolicyProfile),
  describe: (nai, profile) => {
    const p = profile as PolicyProfile;
    return {
      text: `knows ${nai}: its profile (${p.addressing}, LMA ${p.lmaa}${p.hnp ? `, prefix ${p.hnp}` : ''}) goes back in RFC 6572 attributes.`,
      section: 'seed 001 §3, §6.10',
      why: p.hnp ? `prefix ${p.hnp}` : 'the LMA allocates the prefix',
    };
  },
  row: (nai, profile) => {
    const p = profile as PolicyProfile;
    return {
      NAI: nai,
      HNP: p.hnp ?? 'LMA allocates',
      LMA: p.lmaa,
      model: p.interfaceId ? `${model(p)}, IID ${p.interfaceId}` : model(p),
      lifetime: p.lifetimeSeconds ?? null,
      access: p.reject ? 'refused' : 'allowed',
    };
  },
  refuses: (p) => (p as PolicyProfile).reject === true,
};

export interface AaaInput {
  env: Env;
  name: string;
  address: string;
  /** The shared secret of every client not listed in `clients`. */
  secret: string;
  /** Per-NAS secrets, by the NAS's source address. */
  clients?: Readonly<Record<string, string>>;
  /** Policy profiles by NAI; check them with `checkProfiles` when the scenario is built. */
  profiles: Readonly<Record<string, object>>;
  /** How the profiles are written (default: PMIPv6's). */
  format?: ProfileFormat;
}

export interface Decision {
  atUs: number;
  nas: string;
  id: number;
  nai: string;
  decision: 'Access-Accept' | 'Access-Reject' | 'discarded';
  why: string;
}

export interface AaaContext {
  env: Env;
  name: string;
  address: string;
  secret: string;
  clients: Readonly<Record<string, string>>;
  profiles: Readonly<Record<string, object>>;
  format: ProfileFormat;
  decisions: Decision[];
}

export type AaaEvent = { type: 'rx.accessRequest'; src: string; dst: string; srcport: number; request: RadiusPacket };

type Request = AaaEvent;

/** Bad configuration fails at load (STYLE.md principle 13); the scenario calls this when it builds the AAA. */
export function checkProfiles(profiles: Readonly<Record<string, PolicyProfile>>): void {
  for (const [nai, p] of Object.entries(profiles)) {
    const problem = profileProblem(nai, p);
    if (problem) throw new RangeError(`AAA profile ${problem}`);
  }
}

const secretFor = (c: AaaContext, nas: string): string | undefined => c.clients[nas] ?? (c.secret || undefined);
const naiOf = (r: RadiusPacket): string => radiusAttr(r, 1) ?? '';

function remember(c: AaaContext, e: Request, decision: Decision['decision'], why: string): Decision[] {
  const d: Decision = { atUs: c.env.now(), nas: e.src, id: e.request.id, nai: naiOf(e.request), decision, why };
  return [...c.decisions, d].slice(-RECENT);
}

/** The reply's IP/UDP envelope, back to where the request came from (RFC 2865 §3: to the request's source port), from the address it was sent to. */
function reply(e: Request, radius: LayerValue): LayerValue {
  const o = { src: e.dst, dst: e.src, payload: { proto: 'udp', srcport: RADIUS_AUTH_PORT, dstport: e.srcport, payload: radius } };
  return e.src.includes(':') ? ipv6Packet(o) : ipv4Packet(o);
}

/** The encoder computes the Response Authenticator and Message-Authenticator from these (src/wire/radius/auth.ts). */
const hintsFor = (c: AaaContext, e: Request): Readonly<Record<string, unknown>> => ({
  radiusSecret: secretFor(c, e.src),
  requestAuthenticator: e.request.authenticator,
});

export const aaaMachine = setup({
  types: {
    input: {} as AaaInput,
    context: {} as AaaContext,
    events: {} as AaaEvent,
    emitted: {} as Effect,
  },
  guards: {
    'client.hasSharedSecret': ({ context, event }) => secretFor(context, event.src) !== undefined,
    'request.hasValidMessageAuthenticator': ({ context, event }) =>
      checkAuthenticators(event.request, secretFor(context, event.src)!).message === 'good',
    'profile.allowsAccess': ({ context, event }) => {
      const p = context.profiles[naiOf(event.request)];
      return p !== undefined && !context.format.refuses(p);
    },
  },
  actions: {
    discardUnknownClient: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ decisions: remember(context, event, 'discarded', 'no shared secret for this client') });
      enqueue.emit({ type: 'note', text: `${context.name} shares no secret with ${event.src} and silently discards its request.`, section: 'RFC 2865 §3' });
    }),
    discardBadMessageAuthenticator: enqueueActions(({ context, event, enqueue }) => {
      const check = checkAuthenticators(event.request, secretFor(context, event.src)!).message;
      enqueue.assign({ decisions: remember(context, event, 'discarded', `Message-Authenticator ${check}`) });
      enqueue.emit({
        type: 'note',
        text: `The Access-Request from ${event.src} has a ${check} Message-Authenticator: forged or sent with another secret, so ${context.name} silently discards it.`,
        section: 'RFC 3579 §3.2',
      });
    }),
    sendAccessAccept: enqueueActions(({ context, event, enqueue }) => {
      const nai = naiOf(event.request);
      const profile = context.profiles[nai]!;
      const seal = { secret: secretFor(context, event.src)!, requestAuthenticator: event.request.authenticator as Uint8Array, random: context.env.random };
      const accept = accessAccept({ id: event.request.id, attributes: context.format.attributes(nai, profile, seal) });
      enqueue.emit({ type: 'tx', packet: reply(event, accept), hints: hintsFor(context, event) });
      const d = context.format.describe(nai, profile);
      enqueue.assign({ decisions: remember(context, event, 'Access-Accept', d.why) });
      enqueue.emit({ type: 'note', text: `${context.name} ${d.text}`, section: d.section });
    }),
    sendAccessReject: enqueueActions(({ context, event, enqueue }) => {
      const nai = naiOf(event.request);
      const why = context.profiles[nai] ? 'the profile refuses this MN' : 'no profile for this NAI';
      const reject = accessReject({ id: event.request.id, attributes: [attr.replyMessage(`Access denied: ${why}`), attr.messageAuthenticator()] });
      enqueue.emit({ type: 'tx', packet: reply(event, reject), hints: hintsFor(context, event) });
      enqueue.assign({ decisions: remember(context, event, 'Access-Reject', why) });
      enqueue.emit({ type: 'note', text: `${context.name} refuses ${nai || 'a request without a User-Name'}: ${why}.`, section: 'RFC 2865 §4.3' });
    }),
  },
}).createMachine({
  id: 'aaa',
  initial: 'serving',
  context: ({ input }) => ({
    env: input.env,
    name: input.name,
    address: input.address,
    secret: input.secret,
    clients: input.clients ?? {},
    profiles: input.profiles,
    format: input.format ?? pmipv6Profiles,
    decisions: [],
  }),
  states: {
    serving: {
      on: {
        'rx.accessRequest': [
          { guard: not('client.hasSharedSecret'), actions: 'discardUnknownClient' },
          { guard: not('request.hasValidMessageAuthenticator'), actions: 'discardBadMessageAuthenticator' },
          { guard: 'profile.allowsAccess', actions: 'sendAccessAccept' },
          { actions: 'sendAccessReject' },
        ],
      },
    },
  },
});

/** An Access-Request on the authentication port; anything else is not for the AAA. */
export function aaaEvent(d: { packet: LayerValue }): AaaEvent | undefined {
  const ip = d.packet;
  const udp = ip.payload as LayerValue | undefined;
  const r = udp?.payload as LayerValue | undefined;
  if ((ip.proto !== 'ipv6' && ip.proto !== 'ip') || udp?.proto !== 'udp' || udp.dstport !== RADIUS_AUTH_PORT || r?.proto !== 'radius' || r.code !== 1) return undefined;
  return { type: 'rx.accessRequest', src: ip.src as string, dst: ip.dst as string, srcport: udp.srcport as number, request: r as unknown as RadiusPacket };
}

export const aaa: EntityDefinition<AaaEvent> = {
  role: 'aaa',
  machine: aaaMachine,
  toEvent: aaaEvent,
  tables: (c) => {
    const ctx = c as AaaContext;
    return {
      Profiles: Object.entries(ctx.profiles).map(([nai, p]) => ctx.format.row(nai, p)),
      Requests: ctx.decisions.map((d) => ({ time: `${(d.atUs / 1e6).toFixed(3)} s`, NAS: d.nas, id: d.id, NAI: d.nai, decision: d.decision, why: d.why })),
    };
  },
};
