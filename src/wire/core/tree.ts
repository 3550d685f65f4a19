/**
 * The field tree: the contract between the codecs and everything that shows bytes (DESIGN.md,
 * "Field tree"). Plain data, so a Trace can carry it as JSON.
 */
export type FieldValue = number | string | boolean | null;

export interface FieldNode {
  /** The tshark filter name (`mip6.bu.seqnr`), or the protocol name for a layer (`mipv6`). */
  name: string;
  /** The document's words for the field. */
  label: string;
  /** Byte offsets into the frame: [start, end). */
  start: number;
  end: number;
  value: FieldValue;
  display: string;
  /** For a bit field: its mask on the word that holds it, and that word's width in bits. */
  mask?: number;
  bits?: number;
  children?: FieldNode[];
  /** Where the field is defined, e.g. `RFC 5213 §8.3`. */
  spec?: string;
  /** One sentence a learner reads in the inspector. */
  doc?: string;
  /** Not on the wire: a status or value the decoder worked out (checksum status, verified authenticator). */
  generated?: boolean;
  /** Bytes the decoder did not understand, kept as they were. */
  raw?: boolean;
}

/** Every node of a tree, depth first, parents before children. */
export function* walk(nodes: readonly FieldNode[]): Generator<FieldNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}

/**
 * The deepest non-generated node that covers `offset`: what the inspector highlights for a byte.
 * At the top level (the layers) the innermost layer that covers the byte wins: an SCTP layer spans
 * its chunks, and the user data inside a DATA chunk is also the next layer.
 */
export function nodeAt(nodes: readonly FieldNode[], offset: number): FieldNode | undefined {
  let found: FieldNode | undefined;
  let level: readonly FieldNode[] | undefined = nodes;
  while (level) {
    const covers = (n: FieldNode): boolean => !n.generated && n.start <= offset && offset < n.end;
    const hit: FieldNode | undefined = level === nodes ? [...level].reverse().find(covers) : level.find(covers);
    if (!hit) break;
    found = hit;
    level = hit.children;
  }
  return found;
}

/** The first node with this filter name, depth first. */
export function findField(nodes: readonly FieldNode[], name: string): FieldNode | undefined {
  for (const n of walk(nodes)) if (n.name === name) return n;
  return undefined;
}

export function findFields(nodes: readonly FieldNode[], name: string): FieldNode[] {
  return [...walk(nodes)].filter((n) => n.name === name);
}
