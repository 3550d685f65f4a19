import { enqueueActions, not, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { ipv6Packet } from '../wire/ipv6';
import { accessAccept, accessReject, attr, radiusAttr, type RadiusPacket } from '../wire/radius';
import { checkAuthenticators, profileAttributes, profileProblem, type PolicyProfile } from '../protocols/radius-profile';
import type { Effect, EntityDefinition, Env } from '../sim/effects';

/*
 * The AAA server: the policy store of seed 001 §3 ("identifies the mobile's home network prefix,
 * permitted address configuration modes, roaming policy…"), answering a MAG's RADIUS
 * Access-Request (RFC 2865 §4.1) with the MN's profile as RFC 6572 attributes, or refusing it.
 * It is stateless (RFC 2865 §2: each request stands alone), so one state serves every request.
 * What it answers is decided by three rules, checked in order:
 *   1. a request from a client with no shared secret is silently discarded (RFC 2865 §3);
 *   2. one whose Message-Authenticator is missing or wrong is silently discarded (RFC 3579 §3.2);
 *   3. a known NAI whose profile allows it gets an Access-Accept, anyone else an Access-Reject.
 */

export const RADIUS_AUTH_PORT = 1812;
/** How many decisions the 'Requests' table keeps. */
const RECENT = 8;

export interface AaaInput {
  env: Env;
  name: string;
  address: string;
  /** The shared secret of every client not listed in `clients`. */
  secret: string;
  /** Per-NAS secrets, by the NAS's source address. */
  clients?: Readonly<Record<string, string>>;
  /** Policy profiles by NAI; check them with `checkProfiles` when the scenario is built. */
  profiles: Readonly<Record<string, PolicyProfile>>;
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
  profiles: Readonly<Record<string, PolicyProfile>>;
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

/** The reply's IPv6/UDP envelope, back to where the request came from (RFC 2865 §3: to the request's source port). */
function reply(e: Request, from: string, radius: LayerValue): LayerValue {
  return ipv6Packet({ src: from, dst: e.src, payload: { proto: 'udp', srcport: RADIUS_AUTH_PORT, dstport: e.srcport, payload: radius } });
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
      return p !== undefined && !p.reject;
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
      const accept = accessAccept({ id: event.request.id, attributes: profileAttributes(nai, profile) });
      enqueue.emit({ type: 'tx', packet: reply(event, context.address, accept), hints: hintsFor(context, event) });
      enqueue.assign({ decisions: remember(context, event, 'Access-Accept', profile.hnp ? `prefix ${profile.hnp}` : 'the LMA allocates the prefix') });
      enqueue.emit({
        type: 'note',
        text: `${context.name} knows ${nai}: its profile (${profile.addressing}, LMA ${profile.lmaa}${profile.hnp ? `, prefix ${profile.hnp}` : ''}) goes back in RFC 6572 attributes.`,
        section: 'seed 001 §3, §6.10',
      });
    }),
    sendAccessReject: enqueueActions(({ context, event, enqueue }) => {
      const nai = naiOf(event.request);
      const why = context.profiles[nai] ? 'the profile refuses this MN' : 'no profile for this NAI';
      const reject = accessReject({ id: event.request.id, attributes: [attr.replyMessage(`Access denied: ${why}`), attr.messageAuthenticator()] });
      enqueue.emit({ type: 'tx', packet: reply(event, context.address, reject), hints: hintsFor(context, event) });
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
  if (ip.proto !== 'ipv6' || udp?.proto !== 'udp' || udp.dstport !== RADIUS_AUTH_PORT || r?.proto !== 'radius' || r.code !== 1) return undefined;
  return { type: 'rx.accessRequest', src: ip.src as string, dst: ip.dst as string, srcport: udp.srcport as number, request: r as unknown as RadiusPacket };
}

const model = (p: PolicyProfile): string => (p.addressing === 'shared-prefix' ? 'shared prefix' : 'per-MN prefix');

export const aaa: EntityDefinition<AaaEvent> = {
  role: 'aaa',
  machine: aaaMachine,
  toEvent: aaaEvent,
  tables: (c) => {
    const ctx = c as AaaContext;
    return {
      Profiles: Object.entries(ctx.profiles).map(([nai, p]) => ({
        NAI: nai,
        HNP: p.hnp ?? 'LMA allocates',
        LMA: p.lmaa,
        model: p.interfaceId ? `${model(p)}, IID ${p.interfaceId}` : model(p),
        lifetime: p.lifetimeSeconds ?? null,
        access: p.reject ? 'refused' : 'allowed',
      })),
      Requests: ctx.decisions.map((d) => ({ time: `${(d.atUs / 1e6).toFixed(3)} s`, NAS: d.nas, id: d.id, NAI: d.nai, decision: d.decision, why: d.why })),
    };
  },
};
