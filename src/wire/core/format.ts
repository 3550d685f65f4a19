/**
 * Text forms of addresses and bytes, as tshark shows them: dotted IPv4, RFC 5952 IPv6, colon MAC,
 * lowercase hex. Parsers are for building messages from scenario text, so they throw on bad text
 * (configuration errors fail loudly; bytes never reach these parsers).
 */

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError(`not hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

export function hexN(v: number, bytes: number): string {
  return `0x${v.toString(16).padStart(bytes * 2, '0')}`;
}

export function ipv4ToText(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

export function ipv4FromText(text: string): Uint8Array {
  const parts = text.split('.');
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (nums.length !== 4 || nums.some((n) => !(n >= 0 && n <= 255))) throw new RangeError(`not an IPv4 address: ${text}`);
  return Uint8Array.from(nums);
}

/** RFC 5952: lowercase, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function ipv6ToText(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // IPv4-mapped addresses keep their dotted tail, as tshark prints them.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4ToText(b.subarray(12, 16))}`;
  }
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestAt < 0) return text.join(':');
  const head = text.slice(0, bestAt).join(':');
  const tail = text.slice(bestAt + bestLen).join(':');
  return `${head}::${tail}`;
}

export function ipv6FromText(text: string): Uint8Array {
  const fail = (): never => {
    throw new RangeError(`not an IPv6 address: ${text}`);
  };
  let s = text;
  const out = new Uint8Array(16);
  // A dotted IPv4 tail (::ffff:192.0.2.1) becomes the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  let tail4: Uint8Array | undefined;
  if (dotted) {
    tail4 = ipv4FromText(dotted[1]!);
    s = s.slice(0, -dotted[1]!.length) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) fail();
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : fail()));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) fail();
  if (halves.length === 2 && head.length + tail.length > 7) fail();
  const groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4) out.set(tail4, 12);
  return out;
}

export function macToText(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function macFromText(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new RangeError(`not a MAC address: ${text}`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** Bytes as tshark shows a byte field: colon-separated lowercase hex. */
export function bytesToText(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** UTF-8 without throwing: invalid sequences become U+FFFD, as a dissector must show them. */
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8enc = new TextEncoder();
export function utf8ToText(b: Uint8Array): string {
  return utf8.decode(b);
}
export function utf8FromText(s: string): Uint8Array {
  return utf8enc.encode(s);
}
