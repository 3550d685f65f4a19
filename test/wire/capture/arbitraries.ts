import fc from 'fast-check';
import type { CaptureFile, CaptureInterface, CapturePacket, ReadResult } from '../../../src/wire/pcapng';

/** Text a pcapng option can hold: any Unicode scalar values but NUL. */
export const text = (maxLength = 24): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', maxLength }).filter((s) => !s.includes('\u0000'));

const linkType = fc.oneof(fc.constantFrom(0, 1, 9, 101, 228, 229), fc.integer({ min: 0, max: 0xffff }));

/** Resolutions that hold every µs exactly (coarser ones round down, tested by example). */
const tsresol = fc.constantFrom(undefined, 6, 7, 8, 9);

export const captureInterface = (link = linkType): fc.Arbitrary<CaptureInterface> =>
  fc.record(
    // 0 is "no limit"; any other snap length must cover the largest packet (48 bytes here).
    { linkType: link, name: text(), snaplen: fc.oneof(fc.constant(0), fc.integer({ min: 48, max: 0xffffffff })), tsresol },
    { requiredKeys: ['linkType'] },
  );

/**
 * pcapng: up to 2^53 µs, so even ns ticks fit the EPB's 64 bits. pcap: up to its 32-bit seconds
 * (2106). Both as numbers and as bigints.
 */
const timestampUs = (format: 'pcapng' | 'pcap'): fc.Arbitrary<bigint | number> => {
  const max = format === 'pcap' ? 2n ** 32n * 1_000_000n - 1n : 2n ** 53n;
  const safe = max < 2n ** 53n ? max : 2n ** 53n - 1n;
  return fc.oneof(fc.bigInt({ min: 0n, max }), fc.bigInt({ min: 0n, max: safe }).map(Number));
};

const packet = (interfaces: number, format: 'pcapng' | 'pcap'): fc.Arbitrary<CapturePacket> =>
  fc
    .record(
      {
        interfaceId: fc.nat({ max: interfaces - 1 }),
        timestampUs: timestampUs(format),
        data: fc.uint8Array({ maxLength: 48 }),
        extra: fc.option(fc.nat({ max: 100_000 }), { nil: undefined }),
        comment: fc.option(text(), { nil: undefined }),
      },
    )
    .map(({ extra, comment, ...p }) => ({
      ...p,
      ...(extra === undefined ? {} : { originalLength: p.data.length + extra }),
      ...(comment === undefined ? {} : { comment }),
    }));

/** A capture the writers accept. `linkTypes` pins every interface to one type, as classic pcap needs. */
export const capture = (
  format: 'pcapng' | 'pcap' = 'pcapng',
  options: { maxInterfaces?: number; maxPackets?: number } = {},
): fc.Arbitrary<CaptureFile> =>
  fc
    .integer({ min: 1, max: options.maxInterfaces ?? 4 })
    .chain((n) =>
      fc.record(
        {
          format: fc.constant(format),
          interfaces: fc.array(captureInterface(), { minLength: n, maxLength: n }),
          packets: fc.array(packet(n, format), { maxLength: options.maxPackets ?? 8 }),
          application: text(),
          comments: fc.array(text(), { maxLength: 3 }),
        },
        { requiredKeys: ['format', 'interfaces', 'packets'] },
      ),
    );

/** What a reader can give back: defaults left out, timestamps as bigints, for `toEqual`. */
export function normalized(c: CaptureFile) {
  return {
    format: c.format,
    application: c.application,
    comments: c.comments?.length ? c.comments : undefined,
    interfaces: c.interfaces.map((i) => ({
      linkType: i.linkType,
      name: i.name,
      snaplen: i.snaplen || undefined,
      tsresol: i.tsresol === 6 ? undefined : i.tsresol,
    })),
    packets: c.packets.map((p) => ({
      interfaceId: p.interfaceId,
      timestampUs: BigInt(p.timestampUs),
      data: p.data,
      originalLength: p.originalLength === p.data.length ? undefined : p.originalLength,
      comment: p.comment,
    })),
  };
}

/** One change to a valid file; positions are taken modulo its length. */
export type Mutation =
  | { kind: 'xor'; pos: number; mask: number }
  | { kind: 'u32'; pos: number; value: number; aligned: boolean }
  | { kind: 'cut'; pos: number }
  | { kind: 'delete'; pos: number; count: number }
  | { kind: 'insert'; pos: number; bytes: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('xor' as const), pos: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  // Lengths and ids are 32-bit fields: small values, multiples of 4 and all-ones find the edge cases.
  fc.record({
    kind: fc.constant('u32' as const),
    pos: fc.nat(),
    // pcapng fields sit on 32-bit boundaries; pcap records do not.
    aligned: fc.boolean(),
    value: fc.oneof(fc.nat({ max: 64 }), fc.nat({ max: 64 }).map((n) => n * 4), fc.constant(0xffffffff), fc.nat()),
  }),
  fc.record({ kind: fc.constant('cut' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), pos: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.pos % bytes.length;
  const out = Uint8Array.from(bytes);
  switch (m.kind) {
    case 'xor':
      if (out.length > 0) out[at] = out[at]! ^ m.mask;
      return out;
    case 'u32': {
      const from = m.aligned ? at & ~3 : at;
      for (let i = 0; i < 4 && from + i < out.length; i++) out[from + i] = (m.value >>> (8 * i)) & 0xff;
      return out;
    }
    case 'cut':
      return out.slice(0, at);
    case 'delete':
      return Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
    case 'insert':
      return Uint8Array.from([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
  }
}

/**
 * What must hold for any read of any bytes: problems are well-formed and lie inside the file, every
 * packet names an interface that exists, and a result says something. Returns the violations.
 */
export function invariantViolations(bytes: Uint8Array, result: ReadResult): string[] {
  const out: string[] = [];
  for (const p of result.problems) {
    const where = `${p.id} [${p.start}, ${p.end})`;
    if (!/^[a-z0-9]+(\.[a-z0-9]+)+$/.test(p.id)) out.push(`${where}: id is not dotted lowercase`);
    if (!['error', 'warn', 'info'].includes(p.severity)) out.push(`${where}: severity ${p.severity}`);
    if (p.message.length === 0) out.push(`${where}: empty message`);
    if (!Number.isInteger(p.start) || !Number.isInteger(p.end)) out.push(`${where}: offsets are not integers`);
    if (!(p.start >= 0 && p.start <= p.end && p.end <= bytes.length)) out.push(`${where}: outside the ${bytes.length}-byte file`);
  }
  const c = result.capture;
  if (!c && result.problems.length === 0) out.push('no capture and no problem');
  for (const [i, p] of (c?.packets ?? []).entries()) {
    if (!c?.interfaces[p.interfaceId]) out.push(`packet ${i} names interface ${p.interfaceId}, which does not exist`);
  }
  return out;
}
