/*
 * The little markdown a lesson uses, as a token tree the UI renders as text nodes and the CLI
 * flattens to plain text: paragraphs, "- " lists, *emphasis*, **strong**, `code` and links to
 * http(s) addresses. Everything else, HTML included, stays literal text.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block = { kind: 'paragraph'; children: Inline[] } | { kind: 'list'; items: Inline[][] };

const ITEM = /^\s{0,3}[-*]\s+(.*)$/;
const SAFE_HREF = /^https?:\/\/[^\s<>"'`]+$/i;

export function markdown(source: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  let items: string[] | undefined;
  const flush = (): void => {
    if (para.length > 0) blocks.push({ kind: 'paragraph', children: inline(para.join(' ')) });
    if (items) blocks.push({ kind: 'list', items: items.map(inline) });
    para = [];
    items = undefined;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const item = ITEM.exec(raw);
    if (line === '') flush();
    else if (item) {
      if (para.length > 0) flush();
      (items ??= []).push(item[1]!.trim());
    } else if (items) items[items.length - 1] += ` ${line}`;
    else para.push(line);
  }
  flush();
  return blocks;
}

/** Inline markup, innermost first; a marker without its closing twin is text. */
export function inline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const push = (node: Inline): void => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const code = /^`([^`]+)`/.exec(rest);
    const strong = /^\*\*(.+?)\*\*/.exec(rest);
    const em = /^([*_])(?!\s)(.+?)(?<!\s)\1/.exec(rest);
    const link = /^\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))*)\)/.exec(rest);
    if (code) push({ kind: 'code', text: code[1]! });
    else if (strong) push({ kind: 'strong', children: inline(strong[1]!) });
    else if (em && !rest.startsWith('**')) push({ kind: 'em', children: inline(em[2]!) });
    else if (link) {
      const children = inline(link[1]!);
      // A link to anything but http(s) keeps its words and loses its target.
      if (SAFE_HREF.test(link[2]!)) push({ kind: 'link', href: link[2]!, children });
      else for (const c of children) push(c);
    } else {
      plain += text[i];
      i++;
      continue;
    }
    i += (code ?? strong ?? (em && !rest.startsWith('**') ? em : undefined) ?? link)![0].length;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

/** Plain text for a terminal: links keep their address in brackets, lists their dashes. */
export function flatten(blocks: readonly Block[]): string {
  return blocks
    .map((b) => (b.kind === 'paragraph' ? plainText(b.children) : b.items.map((item) => `- ${plainText(item)}`).join('\n')))
    .join('\n\n');
}

export function plainText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text' || n.kind === 'code') return n.text;
      if (n.kind === 'link') return `${plainText(n.children)} (${n.href})`;
      return plainText(n.children);
    })
    .join('');
}
