/**
 * tshark as a test oracle: run it on a capture file and read its PDML (`-T pdml`) into plain data.
 *
 *   tshark -n -r <file> -T pdml [-o pref:value]... [-d layer==value,proto]... [-Y filter]
 *
 * tshark runs with TZ=UTC (some absolute-time fields, e.g. `radius.Event_Timestamp`, show local time),
 * LC_ALL=C.UTF-8 and an empty personal configuration directory, so a developer's Wireshark preferences
 * cannot change what a test sees. See README.md beside this file for what `show` and `value` hold.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml, type XmlElement } from './xml';
import { findTshark } from './tools';

/** A `<proto>` or `<field>` element. Attributes are kept exactly as tshark wrote them (entities decoded). */
export interface PdmlNode {
  kind: 'proto' | 'field';
  /** Filter name (`mip6.bu.seqnr`); "" for a text-only label node such as "Binding Update". */
  name: string;
  showname: string | undefined;
  show: string | undefined;
  /** Hex of the bytes; for a field with a bit mask, the masked and shifted value in uppercase hex. */
  value: string | undefined;
  /** Only on fields with a bit mask: hex of the bytes that hold the field. */
  unmaskedvalue: string | undefined;
  /** Offset in the frame, or -1 when tshark gave none (rare: the "fake-field-wrapper" proto). */
  pos: number;
  /** Length in bytes, or -1 when tshark gave none; 0 for generated fields (checksum status, expert infos). */
  size: number;
  hide: boolean;
  children: PdmlNode[];
}

export interface PdmlPacket {
  /** Frame number, 1-based (from geninfo `num`). */
  number: number;
  protos: PdmlNode[];
}

export interface FlatField {
  name: string;
  pos: number;
  size: number;
  show: string | undefined;
  value: string | undefined;
  unmaskedvalue: string | undefined;
  showname: string | undefined;
  hide: boolean;
  /** Name of the innermost `<proto>` that holds the field (`mipv6`, `udp`, ...). */
  proto: string;
}

export interface TsharkOptions {
  /** Preferences for `-o`: `{ 'radius.shared_secret': 'secret' }` or `['sctp.checksum:CRC-32c']`. */
  prefs?: Record<string, string | boolean | number> | readonly string[];
  /** Decode-As rules for `-d`, e.g. `udp.port==4191,ipv6`. */
  decodeAs?: readonly string[];
  /** Display filter for `-Y`: only matching frames are returned. */
  filter?: string;
  /**
   * Validate IPv4, UDP and TCP checksums (`-o ip.check_checksum:TRUE` and so on). Default true: tshark
   * leaves them unverified otherwise (status 2). ICMP/ICMPv6 checksums are always checked; the MH checksum
   * never is (PROTOCOLS.md §1.3).
   */
  checkChecksums?: boolean;
}

export const CHECKSUM_PREFS = ['ip.check_checksum:TRUE', 'udp.check_checksum:TRUE', 'tcp.check_checksum:TRUE'] as const;

function prefArgs(opts: TsharkOptions): string[] {
  const prefs: string[] = opts.checkChecksums === false ? [] : [...CHECKSUM_PREFS];
  if (Array.isArray(opts.prefs)) prefs.push(...(opts.prefs as readonly string[]));
  else if (opts.prefs) {
    for (const [k, v] of Object.entries(opts.prefs)) prefs.push(`${k}:${v === true ? 'TRUE' : v === false ? 'FALSE' : v}`);
  }
  const args = prefs.flatMap((p) => ['-o', p]);
  for (const d of opts.decodeAs ?? []) args.push('-d', d);
  if (opts.filter) args.push('-Y', opts.filter);
  return args;
}

// One empty configuration directory shared by every run (tshark -r writes nothing there), so no
// temporary directories pile up.
const CONFIG_DIR = join(tmpdir(), 'pmip-oracle-wireshark-config');
function tsharkEnv(): NodeJS.ProcessEnv {
  mkdirSync(CONFIG_DIR, { recursive: true });
  return { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8', WIRESHARK_CONFIG_DIR: CONFIG_DIR };
}

/** Run tshark with these arguments; resolves stdout, rejects with tshark's stderr. */
export function runTshark(args: readonly string[]): Promise<string> {
  const bin = findTshark();
  if (!bin) return Promise.reject(new Error('tshark not found: apt-get install tshark'));
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      ['-n', ...args],
      { maxBuffer: 1 << 30, timeout: 120_000, env: tsharkEnv(), encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const why = stderr.split('\n').filter((l) => l && !l.startsWith('Running as user')).join('\n');
          reject(new Error(`tshark ${args.join(' ')} failed (${err.code ?? err.signal}): ${why || err.message}`));
        } else resolve(stdout);
      },
    );
  });
}

/** `tshark -T pdml` on a capture file, parsed. */
export async function tsharkPdml(file: string, opts: TsharkOptions = {}): Promise<PdmlPacket[]> {
  return parsePdml(await runTshark(['-r', file, '-T', 'pdml', ...prefArgs(opts)]));
}

function toNode(el: XmlElement): PdmlNode {
  const num = (s: string | undefined): number => (s === undefined || s === '' ? -1 : Number(s));
  return {
    kind: el.name === 'proto' ? 'proto' : 'field',
    name: el.attrs.name ?? '',
    showname: el.attrs.showname,
    show: el.attrs.show,
    value: el.attrs.value,
    unmaskedvalue: el.attrs.unmaskedvalue,
    pos: num(el.attrs.pos),
    size: num(el.attrs.size),
    hide: el.attrs.hide === 'yes',
    children: el.children.filter((c) => c.name === 'proto' || c.name === 'field').map(toNode),
  };
}

/** PDML text → packets. Throws if it is not PDML. */
export function parsePdml(xml: string): PdmlPacket[] {
  const root = parseXml(xml);
  if (root.name !== 'pdml') throw new Error(`not PDML: root element is <${root.name}>`);
  return root.children
    .filter((c) => c.name === 'packet')
    .map((p, index) => {
      const protos = p.children.filter((c) => c.name === 'proto').map(toNode);
      const num = protos.find((n) => n.name === 'geninfo')?.children.find((f) => f.name === 'num')?.show;
      return { number: num === undefined ? index + 1 : Number(num), protos };
    });
}

/** Every node, depth first in document order. */
export function* walkPdml(nodes: readonly PdmlNode[]): Generator<PdmlNode> {
  for (const n of nodes) {
    yield n;
    yield* walkPdml(n.children);
  }
}

/**
 * The named `<field>`s of a packet in document order, each with the innermost proto that holds it.
 * Skips `<proto>` elements, unnamed label nodes, and, unless `hidden: true`, fields tshark hides
 * (`hide="yes"`: aliases such as `ip.addr`, `udp.port`, `dhcp.option.value`).
 */
export function flattenFields(packet: PdmlPacket, opts: { hidden?: boolean } = {}): FlatField[] {
  const out: FlatField[] = [];
  const visit = (nodes: readonly PdmlNode[], proto: string): void => {
    for (const n of nodes) {
      if (n.kind === 'proto') {
        visit(n.children, n.name);
        continue;
      }
      if (n.name !== '' && (opts.hidden || !n.hide)) {
        const { name, pos, size, show, value, unmaskedvalue, showname, hide } = n;
        out.push({ name, pos, size, show, value, unmaskedvalue, showname, hide, proto });
      }
      visit(n.children, proto);
    }
  };
  visit(packet.protos, '');
  return out;
}

/** All nodes (protos and fields, hidden or not) with this name, in document order. */
export function findAll(packet: PdmlPacket, name: string): PdmlNode[] {
  return [...walkPdml(packet.protos)].filter((n) => n.name === name);
}

/** The one node with this name; throws when there is none or more than one. */
export function findOne(packet: PdmlPacket, name: string): PdmlNode {
  const all = findAll(packet, name);
  if (all.length !== 1) throw new Error(`frame ${packet.number}: expected one ${name}, found ${all.length}`);
  return all[0]!;
}

/**
 * `tshark -T fields -e f1 -e f2 ... -E occurrence=a`: one row per frame, each field mapped to all its
 * occurrences in that frame ([] when absent). Separators are ASCII RS/US, which no field text contains
 * in practice. A string holding a newline would split a row: use `tsharkPdml` for such fields.
 */
export async function tsharkFields(
  file: string,
  fields: readonly string[],
  opts: TsharkOptions = {},
): Promise<Record<string, string[]>[]> {
  const SEP = '\x1e';
  const AGG = '\x1f';
  const args = ['-r', file, '-T', 'fields', '-E', `separator=${SEP}`, '-E', `aggregator=${AGG}`, '-E', 'occurrence=a'];
  for (const f of fields) args.push('-e', f);
  const out = await runTshark([...args, ...prefArgs(opts)]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cols = line.split(SEP);
      return Object.fromEntries(fields.map((f, i) => [f, cols[i] ? cols[i]!.split(AGG) : []]));
    });
}

// ---------------------------------------------------------------------------------------------------
// Expert infos and malformed packets.
//
// Read from the PDML tree, not from `-z expert`: `-z expert` only prints totals per message, without
// frame numbers. In PDML every expert info is a `_ws.expert` field under the field it is about, with
// children `<proto-specific expert field>`, `_ws.expert.message`, `_ws.expert.severity` and
// `_ws.expert.group`; a dissector exception adds a `<proto name="_ws.malformed">` holding one (Error).
// Checksum verdicts are separate generated fields `*.checksum.status`: 0 Bad, 1 Good, 2 Unverified,
// 3 Not present, 4 Illegal (`tshark -G values`; 0, 1, 2 and 4 seen on ip, udp, icmpv6).

export type Severity = 'comment' | 'chat' | 'note' | 'warn' | 'error';
const SEVERITY: Record<number, Severity> = {
  0x00100000: 'comment',
  0x00200000: 'chat',
  0x00400000: 'note',
  0x00600000: 'warn',
  0x00800000: 'error',
};
const RANK: Record<Severity, number> = { comment: 0, chat: 1, note: 2, warn: 3, error: 4 };
const GROUP: Record<number, string> = {
  0x01000000: 'checksum', 0x02000000: 'sequence', 0x03000000: 'response', 0x04000000: 'request',
  0x05000000: 'undecoded', 0x06000000: 'reassemble', 0x07000000: 'malformed', 0x08000000: 'debug',
  0x09000000: 'protocol', 0x0a000000: 'security', 0x0b000000: 'comment', 0x0c000000: 'decryption',
  0x0d000000: 'assumption', 0x0e000000: 'deprecated',
};

export interface ExpertInfo {
  frame: number;
  severity: Severity;
  group: string;
  message: string;
  /** The dissector's own expert field, e.g. `ip.checksum_bad.expert`, `_ws.malformed.expert`. */
  expert: string;
  /** The field the info is attached to (`ip.checksum`), or the proto for a malformed packet. */
  on: string;
  pos: number;
  proto: string;
}

function toExpert(frame: number, n: PdmlNode, on: string, proto: string): ExpertInfo {
  const child = (name: string): PdmlNode | undefined => n.children.find((c) => c.name === name);
  return {
    frame,
    severity: SEVERITY[Number(child('_ws.expert.severity')?.show)] ?? 'error',
    group: GROUP[Number(child('_ws.expert.group')?.show)] ?? 'unknown',
    message: child('_ws.expert.message')?.show ?? n.showname ?? '',
    expert: n.children.find((c) => !c.name.startsWith('_ws.expert'))?.name ?? '',
    on,
    pos: n.pos,
    proto,
  };
}

/** One packet in document order: `expert` for each `_ws.expert` node, `node` for every other node. */
function scan(packet: PdmlPacket, expert: (info: ExpertInfo) => void, node: (n: PdmlNode) => void): void {
  const visit = (nodes: readonly PdmlNode[], parent: string, proto: string): void => {
    for (const n of nodes) {
      if (n.name === '_ws.expert') {
        expert(toExpert(packet.number, n, parent, proto));
        continue;
      }
      node(n);
      visit(n.children, n.name || parent, n.kind === 'proto' ? n.name : proto);
    }
  };
  visit(packet.protos, '', '');
}

/** Expert infos of these packets at or above `minSeverity` (default warn), in document order. */
export function expertInfos(packets: readonly PdmlPacket[], minSeverity: Severity = 'warn'): ExpertInfo[] {
  const out: ExpertInfo[] = [];
  for (const p of packets) scan(p, (e) => RANK[e.severity] >= RANK[minSeverity] && out.push(e), () => {});
  return out;
}

/** `tshark -T pdml` on a file, then its warnings and errors (see `expertInfos`). */
export async function tsharkExpert(file: string, opts: TsharkOptions = {}): Promise<ExpertInfo[]> {
  return expertInfos(await tsharkPdml(file, opts), 'warn');
}

export interface PdmlProblem {
  frame: number;
  kind: 'malformed' | 'expert' | 'checksum';
  name: string;
  pos: number;
  detail: string;
}

const CHECKSUM_STATUS = /(^|\.)(checksum|chksum|cksum|crc32|crc)\.status$/i;
const BAD_STATUS: Record<string, string> = { '0': 'Bad', '4': 'Illegal' };

export interface ProblemOptions {
  /** Report expert infos at or above this severity (default 'error'). */
  minSeverity?: Severity;
  /** Expert field names or checksum-status field names to accept (known tshark quirks). */
  ignore?: readonly string[];
}

/**
 * In document order per frame: malformed-packet markers, expert infos at or above `minSeverity`
 * (default error), and checksum statuses Bad (0) or Illegal (4). A bad ICMPv6 checksum is only a
 * Warning expert info, but its status field still reports it.
 */
export function pdmlProblems(packets: readonly PdmlPacket[], opts: ProblemOptions = {}): PdmlProblem[] {
  const ignore = new Set(opts.ignore ?? []);
  const min = RANK[opts.minSeverity ?? 'error'];
  const out: PdmlProblem[] = [];
  for (const packet of packets) {
    const frame = packet.number;
    let malformedSeen = false;
    const onExpert = (e: ExpertInfo): void => {
      if (RANK[e.severity] < min || ignore.has(e.expert)) return;
      const kind = e.expert === '_ws.malformed.expert' ? 'malformed' : 'expert';
      out.push({ frame, kind, name: e.expert, pos: e.pos, detail: `${e.severity}/${e.group} on ${e.on || e.proto}: ${e.message}` });
    };
    const onNode = (n: PdmlNode): void => {
      if (n.name === '_ws.malformed' && !malformedSeen) {
        // Normally holds an `_ws.expert` (reported by onExpert); a bare marker is reported here.
        malformedSeen = true;
        if (!n.children.some((c) => c.name === '_ws.expert') && !ignore.has('_ws.malformed.expert')) {
          out.push({ frame, kind: 'malformed', name: n.name, pos: n.pos, detail: n.showname ?? 'Malformed Packet' });
        }
      }
      const bad = n.show === undefined ? undefined : BAD_STATUS[n.show];
      if (bad && CHECKSUM_STATUS.test(n.name) && !ignore.has(n.name)) {
        out.push({ frame, kind: 'checksum', name: n.name, pos: n.pos, detail: `${bad} (${n.showname ?? ''})` });
      }
    };
    scan(packet, onExpert, onNode);
  }
  return out;
}

/** Throws, listing each problem per frame, unless tshark found nothing wrong (see `pdmlProblems`). */
export function assertNoMalformed(packets: readonly PdmlPacket[], opts: ProblemOptions = {}): void {
  const problems = pdmlProblems(packets, opts);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  frame ${p.frame} @${p.pos} ${p.kind} ${p.name}: ${p.detail}`);
  throw new Error(`tshark reports ${problems.length} problem(s):\n${lines.join('\n')}`);
}
