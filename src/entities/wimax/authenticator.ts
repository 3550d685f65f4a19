import { enqueueActions, setup } from 'xstate';
import type { Effect, EntityDefinition, Env } from '../../sim/effects';
import type { Tables } from '../../sim/trace';
import type { LayerValue } from '../../wire/core';
import { MIP_REPLY_CODE, ntpText } from '../../wire/mipv4';
import { R4_TYPE } from '../../wire/r4';
import type { RadiusPacket } from '../../wire/radius';
import { pmipv4ProfileFromAttributes, type ReceivedPmipv4Profile } from '../../protocols/pmipv4/aaa-profile';
import { nextIdentification, sameLowOrder, trueClock, type NodeClock } from '../../protocols/pmipv4/identification';
import { proxyRequest, readReply } from '../../protocols/pmipv4/registration';
import { r4Of, r4Packet, readR4 } from '../../protocols/pmipv4/r4';
import { checkAuthentication, EXT_MN_HA, keyHints, verdictFor } from '../../protocols/pmipv4/security';
import { checkAuthenticators } from '../../protocols/radius-profile';
import { accessRequestPacket, RADIUS_AUTH_PORT } from '../pma/messages';
import { RENEW_AT_FRACTION } from '../pma/types';

/*
 * The PMIPv4 client of a WiMAX split PMA, anchored in the authenticator ASN with the NAS (RFC 5563
 * §10, Fig. 5): it authenticates the MN with the AAA server (the MN-HA key comes from there, item
 * 1 of §10), and whenever a foreign agent (data path function) asks over R4 (item 5), it builds the
 * Proxy Registration Request with that FA's care-of address and hands it to the FA, embedded in R4
 * (Fig. 6 step 4). The reply comes back the same way (step 7). It stays put while the FA moves.
 */

export interface AuthenticatorInput {
  env: Env;
  name: string;
  /** Its address on R4, towards the foreign agents. */
  address: string;
  aaa: { address: string; secret: string; nasAddress: string };
  lifetimeSeconds: number;
}

type SessionState = 'authenticating' | 'authorized' | 'registering' | 'registered' | 'rejected';

interface Pending {
  identification: bigint;
  fa: string;
  transaction: number;
  handover: boolean;
  sentUs: number;
}

interface Session {
  nai: string;
  mac: string;
  state: SessionState;
  reason?: string;
  radius?: { id: number; authenticator: Uint8Array };
  profile?: ReceivedPmipv4Profile;
  /** The foreign agent serving the MN: the care-of address registered. */
  fa?: string;
  homeAddress?: string;
  expiresUs?: number;
  pending?: Pending;
  /** A trigger that came before access authentication was over. */
  trigger?: { fa: string; transaction: number; handover: boolean };
  /** The re-registration timer runs. */
  renewTimer: boolean;
}

export interface AuthenticatorContext {
  env: Env;
  config: Omit<AuthenticatorInput, 'env'>;
  clock: NodeClock;
  lastIdentification?: bigint;
  radiusId: number;
  sessions: Readonly<Record<string, Session>>;
}

export type AuthenticatorEvent =
  | { type: 'l2.attach'; nai: string; mac: string }
  | { type: 'rx.accessAccept'; src: string; response: RadiusPacket }
  | { type: 'rx.accessReject'; src: string; response: RadiusPacket }
  | { type: 'rx.r4'; src: string; message: LayerValue }
  | { type: 'timer.renew'; nai: string };

type Of<T extends AuthenticatorEvent['type']> = Extract<AuthenticatorEvent, { type: T }>;

interface Out {
  effects: Effect[];
  timers: ({ op: 'start'; id: string; event: AuthenticatorEvent; delay: number } | { op: 'cancel'; id: string })[];
}

class Step {
  sessions: Record<string, Session>;
  lastIdentification: bigint | undefined;
  radiusId: number;
  readonly out: Out = { effects: [], timers: [] };
  constructor(readonly c: AuthenticatorContext) {
    this.sessions = { ...c.sessions };
    this.lastIdentification = c.lastIdentification;
    this.radiusId = c.radiusId;
  }
  get now(): number {
    return this.c.env.now();
  }
  set(nai: string, patch: Partial<Session>): Session {
    const s = { ...this.sessions[nai]!, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (s as unknown as Record<string, unknown>)[k];
    this.sessions[nai] = s;
    return s;
  }
  tx(packet: LayerValue, hints?: Record<string, unknown>): void {
    this.out.effects.push({ type: 'tx', packet, ...(hints ? { hints } : {}) });
  }
  note(text: string, section: string): void {
    this.out.effects.push({ type: 'note', text, section });
  }
}

const at = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

/** Network entry: the authenticator, as NAS, authenticates the MN with the AAA server (RFC 5563 §10). */
function startAuthentication(s: Step, ev: Of<'l2.attach'>): void {
  s.radiusId = (s.radiusId + 1) & 0xff;
  const authenticator = new Uint8Array(16);
  for (let i = 0; i < 4; i++) new DataView(authenticator.buffer).setUint32(i * 4, s.c.env.random() >>> 0);
  s.sessions[ev.nai] = { nai: ev.nai, mac: ev.mac, state: 'authenticating', radius: { id: s.radiusId, authenticator }, renewTimer: false };
  const r = accessRequestPacket(s.c.config, { nai: ev.nai, mac: ev.mac }, { id: s.radiusId, authenticator });
  s.tx(r.packet, r.hints);
  s.note(`${ev.nai} enters the network. ${s.c.config.name}, the authenticator (NAS), authenticates it with the AAA server and will get its MN-HA key.`, 'RFC 5563 §10, Fig. 5; item 1 of §10');
}

function answerFor(c: AuthenticatorContext, ev: Of<'rx.accessAccept'> | Of<'rx.accessReject'>): Session | undefined {
  if (ev.src !== c.config.aaa.address) return undefined;
  const e = Object.values(c.sessions).find((x) => x.state === 'authenticating' && x.radius?.id === ev.response.id);
  if (!e) return undefined;
  const check = checkAuthenticators(ev.response, c.config.aaa.secret, e.radius!.authenticator);
  return check.response === 'good' && check.message !== 'bad' ? e : undefined;
}

function authorize(s: Step, ev: Of<'rx.accessAccept'>): void {
  const e = answerFor(s.c, ev)!;
  const profile = pmipv4ProfileFromAttributes(ev.response, s.c.config.aaa.secret, e.radius!.authenticator);
  if (!profile.mnHa || !profile.homeAgent) {
    s.set(e.nai, { state: 'rejected', reason: 'the profile names no home agent or MN-HA key' });
    s.note(`The Access-Accept for ${e.nai} lacks a home agent or an MN-HA key: ${s.c.config.name} cannot register it.`, 'RFC 5563 §10 item 1');
    return;
  }
  const next = s.set(e.nai, { state: 'authorized', profile });
  s.note(`Access-Accept: ${e.nai} may use the network; home agent ${profile.homeAgent}, MN-HA key (SPI ${profile.mnHa.spi}). The PMIPv4 client waits for a foreign agent to ask for the registration.`, 'RFC 5563 §10 item 1');
  if (next.trigger) register(s, e.nai, next.trigger);
}

function deny(s: Step, ev: Of<'rx.accessReject'>): void {
  const e = answerFor(s.c, ev)!;
  s.set(e.nai, { state: 'rejected', reason: 'Access-Reject' });
  s.note(`Access-Reject: ${e.nai} gets no service.`, 'RFC 2865 §4.3');
}

/**
 * Fig. 6 step 4 (and initial entry, §10 item 7): the PRRQ with the asking FA's care-of address,
 * the assigned home address (0.0.0.0 before one is assigned), MN-HA authenticated, embedded in R4.
 */
function register(s: Step, nai: string, t: { fa: string; transaction: number; handover: boolean }): void {
  const e = s.sessions[nai]!;
  if (e.state === 'authenticating') {
    s.set(nai, { trigger: t });
    return;
  }
  if (e.state === 'rejected') return;
  const identification = nextIdentification(s.c.clock, s.now, s.lastIdentification);
  s.lastIdentification = identification;
  const homeAgent = e.profile!.homeAgent!;
  const homeAddress = e.homeAddress ?? '0.0.0.0';
  const message = proxyRequest({
    lifetime: s.c.config.lifetimeSeconds,
    homeAddress,
    homeAgent,
    careOf: t.fa,
    identification,
    nai,
    deviceMac: e.mac,
    mode: 'mn-ha',
    mnHa: e.profile!.mnHa,
  });
  s.set(nai, { state: 'registering', trigger: undefined, pending: { identification, fa: t.fa, transaction: t.transaction, handover: t.handover, sentUs: s.now } });
  s.tx(r4Packet(s.c.config.address, t.fa, { type: R4_TYPE.RequestRelay, handover: t.handover, transaction: t.transaction, dataPath: t.fa, homeAddress, homeAgent, authenticator: s.c.config.address, nai }, message), keyHints(e.profile!.mnHa));
  const step = t.handover ? '4. Triggered by step 3, the' : 'The';
  s.note(
    `${step} PMIPv4 client sends a PRRQ for ${nai} embedded in R4 to the FA ${t.fa}: care-of address = that FA, home address ${homeAddress}, MN-HA authenticator. Identification ${ntpText(identification)}.`,
    t.handover ? 'RFC 5563 §10, Fig. 6 step 4' : 'RFC 5563 §10 items 5, 7; §4.1.1 step 3',
  );
}

/** Fig. 6 step 7: the PRRP, relayed in R4 by the FA, checked with the MN-HA key. */
function takeReply(s: Step, ev: Of<'rx.r4'>): void {
  const r = readR4(ev.message);
  const reply = readReply(r.mip!);
  const e = s.sessions[r.nai];
  if (!e?.pending || !sameLowOrder(e.pending.identification, reply.identification)) {
    s.note(`${s.c.config.name} discards a relayed reply for ${r.nai}: no request with that Identification is pending.`, 'RFC 5944 §3.6.2.1');
    return;
  }
  const v = verdictFor(checkAuthentication(r.mip!, e.profile!.mnHa), EXT_MN_HA, e.profile!.mnHa);
  if (v !== 'good') {
    s.note(`${s.c.config.name} discards the relayed reply for ${r.nai}: its MN-HA authenticator is ${v}.`, 'RFC 5944 §3.6.2.1');
    return;
  }
  const p = e.pending;
  if (reply.code > 1) {
    s.set(r.nai, { state: 'rejected', reason: `${reply.code} (${MIP_REPLY_CODE[reply.code] ?? 'unknown'})`, pending: undefined });
    s.note(`The home agent refuses ${r.nai}: ${reply.code}.`, 'RFC 5944 §3.6.2.3');
    return;
  }
  const expiresUs = p.sentUs + reply.lifetime * 1e6;
  s.set(r.nai, { state: 'registered', fa: p.fa, homeAddress: reply.homeAddress, expiresUs, pending: undefined, renewTimer: true });
  if (e.renewTimer) s.out.timers.push({ op: 'cancel', id: `renew:${r.nai}` });
  s.out.timers.push({ op: 'start', id: `renew:${r.nai}`, event: { type: 'timer.renew', nai: r.nai }, delay: Math.max(0, p.sentUs + reply.lifetime * RENEW_AT_FRACTION * 1e6 - s.now) / 1000 });
  s.note(
    `${p.handover ? '7. ' : ''}The PRRP reaches the PMIPv4 client through the FA ${p.fa} (MN-HA authenticator good): ${r.nai} is registered at ${p.fa} with home address ${reply.homeAddress} until ${at(expiresUs)}.`,
    p.handover ? 'RFC 5563 §10, Fig. 6 step 7' : 'RFC 5563 §10; §4.1.1 step 4',
  );
}

/** RFC 5563 §4.1.2 through the serving FA: the client re-registers before the lifetime ends. */
function renew(s: Step, nai: string): void {
  const e = s.sessions[nai];
  if (e?.state !== 'registered' || !e.fa) return;
  s.set(nai, { renewTimer: false });
  register(s, nai, { fa: e.fa, transaction: 0, handover: false });
}

function answerR4(s: Step, ev: Of<'rx.r4'>): void {
  const r = readR4(ev.message);
  const e = s.sessions[r.nai];
  if (r.type === R4_TYPE.Trigger) {
    if (!e) {
      s.note(`${s.c.config.name} has no session for ${r.nai}: the trigger from ${ev.src} is ignored.`, 'RFC 5563 §10');
      return;
    }
    if (r.handover) s.note(`3. The new FA ${r.dataPath} asks the PMIPv4 client over R4 to begin the PMIPv4 handover for ${r.nai}.`, 'RFC 5563 §10, Fig. 6 step 3');
    register(s, r.nai, { fa: r.dataPath, transaction: r.transaction, handover: r.handover === true });
    return;
  }
  if (r.type === R4_TYPE.ReplyRelay && r.mip) takeReply(s, ev);
}

function perform(enqueue: { assign(v: Partial<AuthenticatorContext>): void; emit(e: Effect): void; raise(e: AuthenticatorEvent, o: { id: string; delay: number }): void; cancel(id: string): void }, c: AuthenticatorContext, run: (s: Step) => void): void {
  const s = new Step(c);
  run(s);
  enqueue.assign({ sessions: s.sessions, radiusId: s.radiusId, ...(s.lastIdentification === undefined ? {} : { lastIdentification: s.lastIdentification }) });
  for (const t of s.out.timers) {
    if (t.op === 'cancel') enqueue.cancel(t.id);
    else enqueue.raise(t.event, { id: t.id, delay: t.delay });
  }
  for (const e of s.out.effects) enqueue.emit(e);
}

export const authenticatorMachine = setup({
  types: { input: {} as AuthenticatorInput, context: {} as AuthenticatorContext, events: {} as AuthenticatorEvent, emitted: {} as Effect },
  guards: {
    /** RFC 2865 §3: the answer to a pending Access-Request, authentic under the shared secret. */
    'radius.answersPendingRequest': ({ context, event }) => (event.type === 'rx.accessAccept' || event.type === 'rx.accessReject') && answerFor(context, event) !== undefined,
    'session.isRegistered': ({ context, event }) => event.type === 'timer.renew' && context.sessions[event.nai]?.state === 'registered',
  },
  actions: {
    startAuthentication: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => startAuthentication(s, event as Of<'l2.attach'>))),
    authorize: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => authorize(s, event as Of<'rx.accessAccept'>))),
    deny: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => deny(s, event as Of<'rx.accessReject'>))),
    answerR4: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => answerR4(s, event as Of<'rx.r4'>))),
    renew: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => renew(s, (event as Of<'timer.renew'>).nai))),
  },
}).createMachine({
  id: 'wimax-authenticator',
  context: ({ input }) => {
    const { env, ...config } = input;
    return { env, config, clock: trueClock(0), radiusId: 0, sessions: {} };
  },
  on: {
    'l2.attach': { actions: 'startAuthentication' },
    'rx.accessAccept': { guard: 'radius.answersPendingRequest', actions: 'authorize' },
    'rx.accessReject': { guard: 'radius.answersPendingRequest', actions: 'deny' },
    'rx.r4': { actions: 'answerR4' },
    'timer.renew': { guard: 'session.isRegistered', actions: 'renew' },
  },
});

export function authenticatorEvent(d: { packet: LayerValue }): AuthenticatorEvent | undefined {
  const p = d.packet;
  const r4 = r4Of(p);
  if (r4) return { type: 'rx.r4', ...r4 };
  const l4 = p.payload as LayerValue | undefined;
  if (p.proto !== 'ip' || l4?.proto !== 'udp' || l4.srcport !== RADIUS_AUTH_PORT) return undefined;
  const r = l4.payload as LayerValue | undefined;
  if (r?.proto !== 'radius') return undefined;
  if (r.code === 2) return { type: 'rx.accessAccept', src: p.src as string, response: r as unknown as RadiusPacket };
  if (r.code === 3) return { type: 'rx.accessReject', src: p.src as string, response: r as unknown as RadiusPacket };
  return undefined;
}

export function authenticatorTables(context: unknown): Tables {
  const c = context as AuthenticatorContext;
  return {
    'PMIPv4 client sessions': Object.values(c.sessions).map((e) => ({
      MN: e.nai,
      state: e.reason ? `${e.state} (${e.reason})` : e.state,
      'serving FA (care-of address)': e.fa ?? null,
      'home address': e.homeAddress ?? null,
      HA: e.profile?.homeAgent ?? null,
      'MN-HA SPI': e.profile?.mnHa?.spi ?? null,
      'expires (s)': e.expiresUs === undefined ? null : +(e.expiresUs / 1e6).toFixed(3),
      pending: e.pending ? `PRRQ via ${e.pending.fa}` : null,
    })),
  };
}

export const wimaxAuthenticator: EntityDefinition<AuthenticatorEvent> = {
  role: 'pmip-client',
  machine: authenticatorMachine,
  toEvent: authenticatorEvent,
  tables: authenticatorTables,
  timers: { 'timer.renew': 're-registration' },
};
