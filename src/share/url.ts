import { findScenario } from '../scenarios/catalog';
import { ParamError, resolveParams, type ParamSpec, type ParamValue } from '../scenarios/params';
import { runnableScenario } from '../scenarios/registry';
import { faultToText, parseFault, type Fault } from '../sim/faults';

/**
 * A view of the lab as a URL (DESIGN.md, "Contracts"): scenario, parameters, seed, faults, step
 * and selected packet, so a shared link opens exactly what its author saw.
 *
 *   v=1&s=pmipv6-attach&p.lifetime=30&seed=7&f=drop:3,delay:5:200&step=4&pkt=4
 *
 * The text after `#/lab?` (or `#/embed?`). A link is untrusted: `decodeState` checks every key and
 * value against the scenario's schema and answers with a result or a message, never an exception
 * (STYLE.md 13).
 */

export const SHARE_VERSION = 1;
/** Longer links are refused before they are read. */
export const MAX_SHARE_LENGTH = 2000;
export const MAX_FAULTS = 32;
/** Steps and packet numbers beyond this are not a real run's. */
export const MAX_STEP = 1_000_000;
export const MAX_SEED = 0xffffffff;
export const DEFAULT_SEED = 1;

export interface ShareState {
  scenario: string;
  /** Only the values that differ from the defaults. */
  params: Readonly<Record<string, ParamValue>>;
  seed: number;
  faults: readonly Fault[];
  /** The step: the index of the current packet, from 0. */
  step: number;
  /** The selected packet's index, from 0, if one is selected. */
  packet?: number;
}

export type DecodeResult = { ok: true; state: ShareState } | { ok: false; message: string };

/** What decoding needs to know of a scenario: its parameters. Tests pass their own. */
export type ScenarioLookup = (id: string) => { readonly params: readonly ParamSpec[] } | undefined;

const KEYS = ['v', 's', 'seed', 'f', 'step', 'pkt'] as const;
const PARAM_PREFIX = 'p.';
/**
 * How a view is shown rather than what it shows (`present=1`: large text for a projector). The page
 * reads them (src/ui/route.ts); a view read here only checks that they say 0 or 1.
 */
export const VIEW_FLAGS = ['present'] as const;

/** Keeps `:` and `,` (the fault syntax) readable; everything else as encodeURIComponent does. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** The state as the query part of a link. Parameters equal to their default are left out. */
export function encodeState(state: ShareState, lookup: ScenarioLookup = runnableScenario): string {
  const specs = lookup(state.scenario)?.params ?? [];
  const parts = [`v=${SHARE_VERSION}`, `s=${escape(state.scenario)}`];
  for (const [name, value] of Object.entries(state.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (specs.find((p) => p.name === name)?.default === value) continue;
    parts.push(`${PARAM_PREFIX}${escape(name)}=${escape(String(value))}`);
  }
  if (state.seed !== DEFAULT_SEED) parts.push(`seed=${state.seed}`);
  if (state.faults.length > 0) parts.push(`f=${state.faults.map((f) => escape(faultToText(f))).join(',')}`);
  if (state.step !== 0) parts.push(`step=${state.step}`);
  if (state.packet !== undefined) parts.push(`pkt=${state.packet}`);
  return parts.join('&');
}

/** Quoted for a message: short, and without anything that could pass for markup. */
function quote(text: string): string {
  const clean = [...text].map((c) => (c < ' ' || c === '\u007f' || c === '<' || c === '>' ? '?' : c)).join('');
  return `‘${clean.length > 40 ? `${clean.slice(0, 39)}…` : clean}’`;
}

function whole(text: string, what: string, max: number): number | string {
  if (!/^\d{1,10}$/.test(text)) return `${what} must be a whole number from 0 to ${max}, not ${quote(text)}`;
  const n = Number(text);
  return n > max ? `${what} must be a whole number from 0 to ${max}, not ${quote(text)}` : n;
}

/**
 * A link's query part as a state, or what is wrong with it in one sentence. Accepts the text with
 * or without a leading `?`, `#/lab?`, `#/embed?` or `#`.
 */
export function decodeState(text: string, lookup: ScenarioLookup = runnableScenario): DecodeResult {
  const fail = (message: string): DecodeResult => ({ ok: false, message });
  if (typeof text !== 'string') return fail('This link is not text.');
  if (text.length > MAX_SHARE_LENGTH) {
    return fail(`This link is too long to be a lab view: ${text.length} characters, and a view takes at most ${MAX_SHARE_LENGTH}.`);
  }
  const query = text.replace(/^#?(?:\/(?:lab|embed))?\??/, '');
  const fields = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      return fail(`This link is damaged: ${quote(part)} is not correctly %-encoded.`);
    }
    if (fields.has(key)) return fail(`This link gives ${quote(key)} twice; a view has one of each.`);
    if ((VIEW_FLAGS as readonly string[]).includes(key)) {
      if (value !== '0' && value !== '1') return fail(`This link’s ${quote(key)} must be 0 or 1, not ${quote(value)}.`);
      fields.set(key, value);
      continue;
    }
    if (!(KEYS as readonly string[]).includes(key) && !key.startsWith(PARAM_PREFIX)) {
      return fail(`This link has an unknown part ${quote(key)}; a lab view has ${KEYS.join(', ')} and parameters as p.NAME.`);
    }
    fields.set(key, value);
  }

  const version = fields.get('v');
  if (version === undefined) return fail(`This link does not say which version of the lab made it (v=${SHARE_VERSION} is missing).`);
  if (version !== String(SHARE_VERSION)) {
    return fail(`This link was made by another version of PMIP Lab (v=${quote(version)}); this one reads v=${SHARE_VERSION} links.`);
  }

  const id = fields.get('s');
  if (id === undefined || id === '') return fail('This link does not name a scenario (s= is missing).');
  const scenario = lookup(id);
  if (!scenario) {
    const entry = findScenario(id);
    return fail(
      entry
        ? `The scenario ${quote(id)} (${entry.title}) cannot run yet: it is still being built.`
        : `This link names a scenario the lab does not know: ${quote(id)}.`,
    );
  }

  const given: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of fields) if (key.startsWith(PARAM_PREFIX)) given[key.slice(PARAM_PREFIX.length)] = value;
  let resolved: Readonly<Record<string, ParamValue>>;
  try {
    resolved = resolveParams(scenario.params, given);
  } catch (err) {
    if (err instanceof ParamError) return fail(`This link has a parameter the scenario cannot take: ${err.message.slice(0, 300)}.`);
    throw err;
  }
  const params: Record<string, ParamValue> = {};
  for (const p of scenario.params) if (p.name in given && resolved[p.name] !== p.default) params[p.name] = resolved[p.name]!;

  let seed = DEFAULT_SEED;
  const seedText = fields.get('seed');
  if (seedText !== undefined) {
    const n = whole(seedText, 'The seed', MAX_SEED);
    if (typeof n === 'string') return fail(`${n}.`);
    seed = n;
  }

  const faults: Fault[] = [];
  const faultText = fields.get('f');
  if (faultText !== undefined && faultText !== '') {
    const list = faultText.split(',');
    if (list.length > MAX_FAULTS) return fail(`This link has ${list.length} faults; a view takes at most ${MAX_FAULTS}.`);
    for (const one of list) {
      try {
        faults.push(parseFault(one));
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return fail(`This link has a fault the lab cannot read, ${quote(one)}: ${why.slice(0, 200)}.`);
      }
    }
  }

  let step = 0;
  const stepText = fields.get('step');
  if (stepText !== undefined) {
    const n = whole(stepText, 'The step', MAX_STEP);
    if (typeof n === 'string') return fail(`${n}.`);
    step = n;
  }

  const state: ShareState = { scenario: id, params, seed, faults, step };
  const packetText = fields.get('pkt');
  if (packetText !== undefined) {
    const n = whole(packetText, 'The selected packet', MAX_STEP);
    if (typeof n === 'string') return fail(`${n}.`);
    state.packet = n;
  }
  return { ok: true, state };
}
