import type { Cursor } from './cursor';
import type { Problem } from './problem';
import type { FieldNode } from './tree';
import type { Writer } from './writer';

/** Addresses of the enclosing IP header, for upper-layer checksums (RFC 768, RFC 8200 §8.1). */
export interface PseudoHeader {
  version: 4 | 6;
  src: Uint8Array;
  dst: Uint8Array;
}

/** What a decoder knows beyond its own bytes. */
export interface DecodeContext {
  frame: Uint8Array;
  problems: Problem[];
  /** The protocol layers found so far, outermost first: the dissection's top level. */
  layers: FieldNode[];
  /** Encapsulation depth, bounded so hostile nesting cannot recurse without end. */
  depth: number;
  pseudo?: PseudoHeader;
  /** Facts an outer layer passes down, e.g. `mhOverUdp` (RFC 5844: the MH checksum is zero). */
  hints: Readonly<Record<string, unknown>>;
}

export interface EncodeContext {
  pseudo?: PseudoHeader;
  hints: Readonly<Record<string, unknown>>;
}

/** What a field needs of the message being decoded around it. */
export interface DecodeScope {
  /** Frame offset of the message's first byte. */
  readonly start: number;
  readonly cur: Cursor;
  /** Offsets of the fields read so far, by key. */
  readonly spans: Map<string, { start: number; end: number }>;
  /** Work that needs the whole message, e.g. verifying a checksum. */
  readonly after: ((end: number) => void)[];
  readonly node: FieldNode;
}

export interface EncodeScope {
  readonly start: number;
  readonly spans: Map<string, { start: number; end: number }>;
  /** Fix-ups run once the whole message (payload included) is written, innermost first. */
  readonly after: ((end: number) => void)[];
}

/** The shape of a field's value, so tests can build arbitraries from declarations. */
export type FieldKind =
  | { t: 'uint'; bits: 8 | 16 | 32 }
  | { t: 'u64' }
  | { t: 'ipv4' }
  | { t: 'ipv6' }
  | { t: 'mac' }
  | { t: 'bytes'; size?: number }
  | { t: 'utf8' }
  | { t: 'bitfield'; bits: 8 | 16 | 32; parts: readonly { key: string; mask: number; flag: boolean }[] }
  | { t: 'fixup' }
  | { t: 'other' };

type Msg = Record<string, unknown>;

/**
 * One declaration drives decode, encode and annotation (STYLE.md principle 1). `O` is true for
 * fields an encoder may leave out (lengths, checksums, reserved bits, defaults).
 */
export interface Field<K extends string = string, V = unknown, O extends boolean = boolean> {
  readonly key: K;
  readonly name: string;
  readonly label: string;
  readonly optional: O;
  readonly kind: FieldKind;
  readonly doc?: string;
  readonly spec?: string;
  /** Read the field into `msg[key]` and return its node(s); undefined when nothing could be read. */
  decode(cur: Cursor, msg: Msg, ctx: DecodeContext, scope: DecodeScope): FieldNode | FieldNode[] | undefined;
  encode(w: Writer, msg: Msg, ctx: EncodeContext, scope: EncodeScope): void;
  /** Phantom for type inference. */
  readonly _v?: V;
}

export type AnyField = Field<string, unknown, boolean>;
