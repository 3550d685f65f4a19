import type { EntityInfo, Fate, LinkEvent, LinkInfo, PacketEvent, Trace, TraceEvent } from './trace';

/**
 * A Trace read back from JSON (what `pmip-lab run --json` writes), for the lab to open. The text
 * is untrusted: every field is checked for its type, an event that does not check out is left
 * out and reported, and what is left is a Trace the UI can draw without further doubt. Never throws.
 */

export interface ParsedTrace {
  trace?: Trace;
  /** What was wrong, in words, one line each. */
  problems: string[];
}

const FATES: ReadonlySet<string> = new Set<Fate>(['delivered', 'dropped-by-fault', 'lost', 'filtered']);
const HEX = /^(?:[0-9a-f]{2})*$/;
/** Problems listed one by one; beyond this many they are counted. */
const MAX_LISTED = 8;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const optStr = (v: unknown): boolean => v === undefined || isStr(v);

export function parseTrace(text: string): ParsedTrace {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problems: [`not JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  if (!isObj(data)) return { problems: ['not a trace: the JSON is not an object'] };
  if (data['version'] !== 1) return { problems: [`not a trace this lab reads: version is ${JSON.stringify(data['version'])}, not 1`] };
  if (!Array.isArray(data['events'])) return { problems: ['not a trace: it has no "events" list'] };

  const problems: string[] = [];
  let dropped = 0;
  const report = (what: string): void => {
    if (problems.length < MAX_LISTED) problems.push(what);
    else dropped++;
  };

  const entities: EntityInfo[] = [];
  for (const [i, e] of (Array.isArray(data['entities']) ? data['entities'] : []).entries()) {
    if (isObj(e) && isStr(e['id']) && entities.some((x) => x.id === e['id'])) {
      report(`entities[${i}] repeats the id ${JSON.stringify(e['id'])}; it is left out`);
    } else if (isObj(e) && isStr(e['id'])) {
      entities.push({ id: e['id'], label: isStr(e['label']) ? e['label'] : e['id'], role: isStr(e['role']) ? e['role'] : '' });
    } else report(`entities[${i}] has no id; it is left out`);
  }

  const links: LinkInfo[] = [];
  for (const [i, l] of (Array.isArray(data['links']) ? data['links'] : []).entries()) {
    if (isObj(l) && isStr(l['id']) && isStr(l['a']) && isStr(l['b']) && isInt(l['linkType']) && isTime(l['delayUs'])) {
      links.push({ id: l['id'], a: l['a'], b: l['b'], linkType: l['linkType'], delayUs: l['delayUs'] });
    } else report(`links[${i}] is not a link (id, a, b, linkType, delayUs); it is left out`);
  }

  const events: TraceEvent[] = [];
  for (const [i, e] of (data['events'] as unknown[]).entries()) {
    const why = eventProblem(e);
    if (why) report(`events[${i}] ${why}; it is left out`);
    else events.push(e as TraceEvent);
  }
  if (dropped > 0) problems.push(`…and ${dropped} more`);

  // Packets are numbered by their position, whatever the file said, so stepping matches.
  let n = 0;
  const numbered = events.map((e) => (e.kind === 'packet' ? cleanPacket({ ...e, packet: n++ }) : e.kind === 'link' ? cleanLinkEvent(e) : e));
  const params: Record<string, string | number | boolean> = {};
  if (isObj(data['params'])) {
    for (const [k, v] of Object.entries(data['params'])) {
      if (isStr(v) || typeof v === 'number' || typeof v === 'boolean') params[k] = v;
    }
  }
  const trace: Trace = {
    version: 1,
    scenario: isStr(data['scenario']) ? data['scenario'] : 'trace',
    params,
    seed: typeof data['seed'] === 'number' ? data['seed'] : 0,
    faults: Array.isArray(data['faults']) ? data['faults'] : [],
    entities,
    links,
    events: numbered,
    duration: isTime(data['duration'])
      ? data['duration']
      : numbered.reduce((max, e) => Math.max(max, e.time, e.kind === 'packet' ? (e.arrival ?? 0) : 0), 0),
  };
  return { trace, problems };
}

function eventProblem(e: unknown): string | undefined {
  if (!isObj(e)) return 'is not an object';
  if (!isTime(e['time'])) return 'has no valid time';
  switch (e['kind']) {
    case 'packet':
      return packetProblem(e);
    case 'state':
      return isStr(e['entity']) && isStr(e['state']) && isObj(e['tables']) && Array.isArray(e['changed'])
        ? undefined
        : 'is a state event without entity, state, tables and changed';
    case 'timer':
      return isStr(e['entity']) && isStr(e['name']) && ['start', 'fire', 'cancel'].includes(e['action'] as string)
        ? undefined
        : 'is a timer event without entity, name and action';
    case 'note':
      if (e['capture'] !== undefined && typeof e['capture'] !== 'boolean') return 'is a note whose capture mark is not true or false';
      return isStr(e['text']) && optStr(e['section']) && optStr(e['entity']) ? undefined : 'is a note without text';
    case 'link':
      return isStr(e['link']) && (e['action'] === 'up' || e['action'] === 'down') && optStr(e['reason'])
        ? undefined
        : 'is a link event without a link and an action up or down';
    default:
      return `has an unknown kind ${JSON.stringify(e['kind'])}`;
  }
}

function packetProblem(p: Obj): string | undefined {
  const missing = (['link', 'from', 'to', 'summary'] as const).filter((k) => !isStr(p[k]));
  if (missing.length > 0) return `is a packet without ${missing.join(', ')}`;
  if (!isStr(p['bytes']) || !HEX.test(p['bytes'])) return 'is a packet whose bytes are not lowercase hex';
  if (!isInt(p['linkType'])) return 'is a packet without a link type';
  if (!FATES.has(p['fate'] as string)) return `is a packet with an unknown fate ${JSON.stringify(p['fate'])}`;
  if (p['plane'] !== 'control' && p['plane'] !== 'data') return 'is a packet whose plane is neither control nor data';
  if (p['arrival'] !== undefined && !(isTime(p['arrival']) && p['arrival'] >= (p['time'] as number))) {
    return 'is a packet that arrives before it was sent';
  }
  if (!optStr(p['reason']) || !optStr(p['step']) || !optStr(p['section'])) return 'is a packet with a reason, step or section that is not text';
  const inner = p['inner'];
  if (inner !== undefined && !(isObj(inner) && isStr(inner['from']) && isStr(inner['to']) && isStr(inner['summary']))) {
    return 'is a packet whose inner endpoints are not text';
  }
  return undefined;
}

/** Only what PacketEvent declares is kept from a packet (nothing else from the file travels on). */
export function cleanPacket(p: PacketEvent): PacketEvent {
  const out: PacketEvent = {
    kind: 'packet', packet: p.packet, time: p.time, link: p.link, from: p.from, to: p.to, bytes: p.bytes,
    linkType: p.linkType, fate: p.fate, summary: p.summary, plane: p.plane,
  };
  if (p.arrival !== undefined) out.arrival = p.arrival;
  if (p.reason !== undefined) out.reason = p.reason;
  if (p.inner) out.inner = { from: p.inner.from, to: p.inner.to, summary: p.inner.summary };
  if (p.step !== undefined) out.step = p.step;
  if (p.section !== undefined) out.section = p.section;
  return out;
}

/** Only what LinkEvent declares is kept from a link event. */
function cleanLinkEvent(e: LinkEvent): LinkEvent {
  const out: LinkEvent = { kind: 'link', time: e.time, link: e.link, action: e.action };
  if (e.reason !== undefined) out.reason = e.reason;
  return out;
}
