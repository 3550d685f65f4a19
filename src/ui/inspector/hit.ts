import type { FieldNode, Problem } from '../../wire/core';

/**
 * The inspector's one hit-test (STYLE.md principle 12): the hex view and the field tree are two
 * views over the same range tree, and both ask these functions what a byte or a field is. A field
 * is named by its key, the path of child indices from the layers down (`1.3.0`), so a selection is
 * plain data that survives re-rendering.
 */

export type FieldKey = string;

export function keyOf(path: readonly number[]): FieldKey {
  return path.join('.');
}

/** The node a key names, or undefined when the tree has no such path. */
export function nodeOf(layers: readonly FieldNode[], key: FieldKey): FieldNode | undefined {
  if (key === '') return undefined;
  let level: readonly FieldNode[] | undefined = layers;
  let node: FieldNode | undefined;
  for (const part of key.split('.')) {
    const i = Number(part);
    node = Number.isInteger(i) ? level?.[i] : undefined;
    if (!node) return undefined;
    level = node.children;
  }
  return node;
}

/** The keys of a node's ancestors, outermost first (the `<details>` that must be open to show it). */
export function ancestorsOf(key: FieldKey): FieldKey[] {
  const parts = key.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/**
 * The deepest field at a byte, as a key. At the top the innermost layer wins (the user data of an
 * SCTP DATA chunk is also the next layer). Below, the first field that covers the byte, skipping
 * generated nodes, which are not on the wire. The bit fields of a valued field (the LG and IG bits of
 * a MAC address, the flags of a flags byte) share its bytes, so the hit stops at the field that
 * holds them rather than picking one bit at random; the bit fields of a layer or a structure
 * (IPv4's Version and Header Length) are fields in their own right and are hit.
 */
export function keyAt(layers: readonly FieldNode[], offset: number): FieldKey | undefined {
  const covers = (n: FieldNode): boolean => !n.generated && n.start <= offset && offset < n.end;
  let top = -1;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (covers(layers[i]!)) {
      top = i;
      break;
    }
  }
  if (top < 0) return undefined;
  const path = [top];
  let node = layers[top]!;
  for (;;) {
    const children = node.children ?? [];
    const holdsBits = path.length > 1 && node.value !== null;
    const i = children.findIndex((c) => covers(c) && !(holdsBits && c.mask !== undefined));
    if (i < 0) break;
    path.push(i);
    node = children[i]!;
  }
  return keyOf(path);
}

/** The bytes of a field: [start, end) of the frame. */
export function rangeOf(layers: readonly FieldNode[], key: FieldKey): [number, number] | undefined {
  const n = nodeOf(layers, key);
  return n && [n.start, n.end];
}

/** What is wrong or unknown about each byte, as flags. */
export const BYTE = {
  /** Inside a node the decoder kept as raw bytes (not understood). */
  RAW: 1,
  /** Inside the range of a problem (malformed). */
  PROBLEM: 2,
  /** No layer covers it (bytes after the last layer). */
  UNCLAIMED: 4,
} as const;

export function byteMarks(layers: readonly FieldNode[], problems: readonly Problem[], length: number): Uint8Array {
  const marks = new Uint8Array(length).fill(BYTE.UNCLAIMED);
  const paint = (start: number, end: number, flag: number, on: boolean): void => {
    for (let i = Math.max(0, start); i < Math.min(length, end); i++) marks[i] = on ? marks[i]! | flag : marks[i]! & ~flag;
  };
  for (const layer of layers) paint(layer.start, layer.end, BYTE.UNCLAIMED, false);
  const visit = (nodes: readonly FieldNode[]): void => {
    for (const n of nodes) {
      if (n.raw) paint(n.start, n.end, BYTE.RAW, true);
      if (n.children) visit(n.children);
    }
  };
  visit(layers);
  // A problem with an empty range (a missing field at the end) marks the byte before it.
  for (const p of problems) paint(p.start, p.end > p.start ? p.end : p.start + 1, BYTE.PROBLEM, true);
  return marks;
}

/** `byte 14` or `bytes 14–33` (inclusive, as a learner counts them). */
export function rangeText(start: number, end: number): string {
  if (end <= start) return `at byte ${start}`;
  return end - start === 1 ? `byte ${start}` : `bytes ${start}–${end - 1}`;
}

/**
 * A bit field drawn bit by bit: the word that holds it, most significant bit first, the field's
 * bits as `0`/`1` and the others as `.`, in groups of four (Wireshark's `0100 .... = Version: 4`).
 * Undefined when the node is not a bit field or its word is not all in the frame.
 */
export function bitPicture(frame: Uint8Array, node: FieldNode): { bit: '0' | '1' | '.'; inField: boolean }[][] | undefined {
  const { mask, bits } = node;
  if (mask === undefined || bits === undefined || bits % 8 !== 0 || bits === 0 || bits > 48) return undefined;
  const width = bits / 8;
  if (node.start < 0 || node.start + width > frame.length) return undefined;
  let word = 0;
  for (let i = 0; i < width; i++) word = word * 256 + frame[node.start + i]!;
  const groups: { bit: '0' | '1' | '.'; inField: boolean }[][] = [];
  for (let b = bits - 1; b >= 0; b--) {
    const weight = 2 ** b;
    const inField = Math.floor(mask / weight) % 2 === 1;
    const bit = inField ? (Math.floor(word / weight) % 2 === 1 ? '1' : '0') : '.';
    if ((bits - 1 - b) % 4 === 0) groups.push([]);
    groups[groups.length - 1]!.push({ bit, inField });
  }
  return groups;
}

/**
 * The field's value without the bit picture and label a bit field's display repeats
 * (`.... 0101 = Header Length: 20 bytes (5)` → `20 bytes (5)`), so the tree can draw the bits itself.
 */
export function valueText(node: FieldNode): string {
  let text = node.display;
  const picture = /^[01.][01. ]* = /.exec(text);
  if (picture && node.mask !== undefined) text = text.slice(picture[0].length);
  if (text.startsWith(`${node.label}: `)) text = text.slice(node.label.length + 2);
  return text;
}
