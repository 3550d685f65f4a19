/**
 * Comparing our field values with tshark's PDML `show`, by the rules measured on tshark 4.0.17 and
 * tabulated in README.md ("What tshark puts in show and value"):
 *
 *   ours                          tshark show
 *   number / bigint               decimal "4660", or "0x"-hex zero-padded to the field type "0x0abcde"
 *   boolean                       "1" / "0"
 *   IPv4 / IPv6 / MAC text        "10.0.0.1" / RFC 5952 "2001:db8::1" / "00:11:22:33:44:aa"
 *   Uint8Array or hex text        "00:11:22" (bytes); compared with the `value` attribute when possible
 *   string                        the text, control characters escaped as \xN, cut at the first NUL
 *   ISO 8601 time text            "Jan 11, 2024 00:57:36.500000000 UTC" (day space-padded, ns truncated)
 *   null                          presence only: any show matches
 */
import { walkPdml, type PdmlPacket } from './pdml';

export type OurValue = number | bigint | string | boolean | null | Uint8Array;

/** The part of a PDML node the comparison reads. */
export interface ShownField {
  show?: string | undefined;
  value?: string | undefined;
  unmaskedvalue?: string | undefined;
}

const hexOf = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** A `show` as an integer: decimal, negative decimal or 0x-hex; undefined otherwise. */
export function showInteger(show: string | undefined): bigint | undefined {
  if (show === undefined) return undefined;
  if (/^-?\d+$/.test(show)) return BigInt(show);
  if (/^0x[0-9a-fA-F]+$/.test(show)) return BigInt(show);
  return undefined;
}

/** How tshark 4.0 shows a string field: cut at NUL; C0 controls except TAB/LF/CR and DEL as `\x<hex>`. */
export function tsharkString(s: string): string {
  const nul = s.indexOf('\0');
  const cut = nul < 0 ? s : s.slice(0, nul);
  let out = '';
  for (const c of cut) {
    const code = c.charCodeAt(0);
    const escaped = (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') || code === 0x7f;
    out += escaped ? `\\x${code.toString(16)}` : c;
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** tshark's absolute time in UTC: `Mar  5, 2024 00:00:00.000015258 UTC` (seconds since 1970 + nanoseconds). */
export function tsharkTime(epochSeconds: number, nanos = 0): string {
  const d = new Date(epochSeconds * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const ns = String(nanos).padStart(9, '0');
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${ns} UTC`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 text with a zone (`2024-01-11T00:57:36.5Z`) in tshark's form, or undefined. */
export function isoToTsharkTime(iso: string): string | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  let secs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (zone !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    secs -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3]) * 60);
  }
  return tsharkTime(secs, Number(frac.padEnd(9, '0')));
}

function ipv6Groups(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  // A dotted IPv4 tail (::ffff:192.0.2.1) becomes two hex groups.
  const s = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) => {
    const h = (x: string, y: string): string => ((Number(x) << 8) | Number(y)).toString(16);
    return `${h(a, b)}:${h(c, d)}`;
  });
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (p: string): number[] =>
    p === '' ? [] : p.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

const HEXBYTES = /^[0-9a-fA-F]{2}([:\-. ]?[0-9a-fA-F]{2})*$/;

/** Does our value agree with tshark's field? See the table at the top of this file. */
export function sameValue(ours: OurValue, field: ShownField): boolean {
  const show = field.show;
  if (ours === null) return true;
  if (typeof ours === 'boolean') return show === (ours ? '1' : '0');
  if (typeof ours === 'number' || typeof ours === 'bigint') {
    if (typeof ours === 'number' && !Number.isInteger(ours)) return show !== undefined && Number(show) === ours;
    const n = showInteger(show);
    return n !== undefined && n === BigInt(ours);
  }
  if (ours instanceof Uint8Array) {
    if (field.value !== undefined && field.unmaskedvalue === undefined && field.value !== '') return field.value.toLowerCase() === hexOf(ours);
    return show !== undefined && show.replace(/:/g, '').toLowerCase() === hexOf(ours);
  }
  if (show === undefined) return false;
  if (show === ours || show === tsharkString(ours)) return true;
  const a = ipv6Groups(ours);
  const b = a && ipv6Groups(show);
  if (a && b) return a.every((g, i) => g === b[i]);
  if (HEXBYTES.test(ours) && HEXBYTES.test(show)) return ours.replace(/[:\-. ]/g, '').toLowerCase() === show.replace(/:/g, '').toLowerCase();
  const time = isoToTsharkTime(ours);
  if (time !== undefined) return time === show;
  const n = /^0x[0-9a-fA-F]+$/.test(ours) ? BigInt(ours) : undefined;
  return n !== undefined && showInteger(show) === n;
}

/** One line on a mismatch: `ours 5, tshark show "20" value "45"`. */
export function describeValues(ours: OurValue, field: ShownField): string {
  const o = ours instanceof Uint8Array ? `bytes ${hexOf(ours)}` : typeof ours === 'bigint' ? `${ours}n` : JSON.stringify(ours);
  const extra = field.unmaskedvalue === undefined ? '' : ` unmaskedvalue ${JSON.stringify(field.unmaskedvalue)}`;
  return `ours ${o}, tshark show ${JSON.stringify(field.show)} value ${JSON.stringify(field.value)}${extra}`;
}

/** A node of our field tree, as much of it as the comparison needs (src/wire/core/tree.ts FieldNode fits). */
export interface OurField {
  name: string;
  start: number;
  end: number;
  value: OurValue;
  generated?: boolean;
  children?: readonly OurField[];
}

export interface FieldDiff {
  name: string;
  start: number;
  end: number;
  problem: 'missing' | 'size' | 'value';
  detail: string;
}

export interface DiffOptions {
  /** Our field names not to compare (fields tshark lacks, known tshark quirks). */
  ignore?: readonly string[];
  /** Compare only names this accepts (e.g. `(n) => n.startsWith('mip6.')`). */
  only?: (name: string) => boolean;
}

function* ourWalk(nodes: readonly OurField[]): Generator<OurField> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* ourWalk(n.children);
  }
}

/**
 * Our `{name, start, end, value}` against tshark's `{name, pos, size, show}` for one frame. Each of our
 * fields is paired with the first unused tshark node (field or proto, hidden or not) of the same name at
 * the same position; then sizes (skipped for our generated fields) and values (`sameValue`) must agree.
 */
export function diffFields(ours: readonly OurField[], packet: PdmlPacket, opts: DiffOptions = {}): FieldDiff[] {
  const ignore = new Set(opts.ignore ?? []);
  const theirs = [...walkPdml(packet.protos)].filter((n) => n.name !== '');
  const used = new Set<number>();
  const diffs: FieldDiff[] = [];
  for (const f of ourWalk(ours)) {
    if (ignore.has(f.name) || (opts.only && !opts.only(f.name))) continue;
    const at = theirs.findIndex((t, i) => !used.has(i) && t.name === f.name && t.pos === f.start);
    const base = { name: f.name, start: f.start, end: f.end };
    if (at < 0) {
      const elsewhere = theirs.filter((t) => t.name === f.name).map((t) => t.pos);
      const where = elsewhere.length ? `tshark has it at pos ${elsewhere.join(', ')}` : 'tshark has no such field here';
      diffs.push({ ...base, problem: 'missing', detail: `${where}` });
      continue;
    }
    used.add(at);
    const t = theirs[at]!;
    if (!f.generated && t.size !== f.end - f.start) {
      diffs.push({ ...base, problem: 'size', detail: `ours ${f.end - f.start} bytes, tshark ${t.size}` });
    }
    if (!sameValue(f.value, t)) diffs.push({ ...base, problem: 'value', detail: describeValues(f.value, t) });
  }
  return diffs;
}

/** Throws a readable list unless `diffFields` finds nothing. */
export function assertSameFields(ours: readonly OurField[], packet: PdmlPacket, opts: DiffOptions = {}): void {
  const diffs = diffFields(ours, packet, opts);
  if (diffs.length === 0) return;
  const lines = diffs.map((d) => `  ${d.name} [${d.start}, ${d.end}) ${d.problem}: ${d.detail}`);
  throw new Error(`frame ${packet.number}: ${diffs.length} field(s) disagree with tshark:\n${lines.join('\n')}`);
}
