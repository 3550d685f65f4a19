import { bitPicture, type FieldNode, type Problem } from '../wire/core/index.ts';

/*
 * A dissected capture as text for a terminal: one line per field, indented under its parent,
 * with the tshark filter name and the byte range, so a reader can go from a line to the hex.
 */

export { linkTypeName } from '../wire/examples/capture.ts';

/**
 * Text from a file or a packet, safe to print: control characters (which could move the cursor
 * or recolour the terminal) are shown as escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** `[14..54)`: the half-open byte range of a node or problem. */
export function range(start: number, end: number): string {
  return `[${start}..${end})`;
}

/** Seconds with six decimals from a microsecond count: `1.234567`, `-0.000250`. */
export function seconds(us: bigint): string {
  const sign = us < 0n ? '-' : '';
  const abs = us < 0n ? -us : us;
  return `${sign}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}`;
}

const picture = /^([01.]{4}(?: [01.]{4})*) = (.*)$/s;

/** The word a bit field sits in, read from the frame (big-endian, `bits` wide). */
function wordAt(frame: Uint8Array, node: FieldNode, bits: number): number {
  let word = 0;
  for (let i = 0; i < bits / 8; i++) word = word * 256 + (frame[node.start + i] ?? 0);
  return word;
}

/**
 * The text of one node: `label: display`, or the display alone when it already starts with the
 * label. A bit field leads with its bit picture (`.... ..1. = Label: Set`), tshark-style.
 */
export function nodeText(node: FieldNode, frame: Uint8Array): string {
  const display = node.display;
  if (node.mask !== undefined && node.bits !== undefined) {
    const m = picture.exec(display);
    const pic = m?.[1] ?? bitPicture(wordAt(frame, node, node.bits), node.mask, node.bits);
    const rest = m ? (m[2] ?? '') : display;
    return `${pic} = ${rest.startsWith(node.label) ? rest : `${node.label}: ${rest}`}`;
  }
  if (display === '' || display === node.label) return node.label;
  return display.startsWith(node.label) ? display : `${node.label}: ${display}`;
}

/** One line per node, depth first, two spaces deeper per level. */
export function treeLines(layers: readonly FieldNode[], frame: Uint8Array, indent = 2): string[] {
  const lines: string[] = [];
  const visit = (node: FieldNode, depth: number): void => {
    let text = printable(nodeText(node, frame));
    if (node.generated) text = `[${text}]`;
    const marks = [node.generated ? 'generated' : '', node.raw ? 'raw' : ''].filter(Boolean);
    const tail = marks.length > 0 ? `  (${marks.join(', ')})` : '';
    lines.push(`${' '.repeat(indent + depth * 2)}${text}  ${node.name}  ${range(node.start, node.end)}${tail}`);
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  for (const layer of layers) visit(layer, 0);
  return lines;
}

/** `error ip.checksum.bad: … [24..26)`. */
export function problemLine(problem: Problem): string {
  return `${problem.severity} ${problem.id}: ${printable(problem.message)} ${range(problem.start, problem.end)}`;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
