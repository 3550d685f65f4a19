/**
 * A small XML reader, enough for tshark's PDML: elements, attributes in single or double quotes, the five
 * named entities and numeric character references. Text content, comments, processing instructions,
 * DOCTYPE and CDATA are skipped (PDML keeps everything in attributes).
 *
 * Attribute values are NOT whitespace-normalised (a conforming XML parser would turn a literal tab or
 * newline into a space): tshark writes a tab, CR or LF inside a string field's `show` raw, and we keep
 * it so that `show` is exactly the string tshark built.
 *
 * Test support code: malformed XML throws, with the offset.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref] ?? whole;
  });
}

const NAME = /[A-Za-z_:][-\w.:]*/y;
const ATTR = /\s*([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Parse a document; returns the root element. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  const skipPast = (end: string): void => {
    const at = xml.indexOf(end, i);
    if (at < 0) fail(`unterminated construct, expected ${end}`);
    i = at + end.length;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) skipPast('-->');
    else if (xml.startsWith('<![CDATA[', i)) skipPast(']]>');
    else if (xml.startsWith('<?', i) || xml.startsWith('<!', i)) skipPast('>');
    else if (xml.startsWith('</', i)) {
      i += 2;
      NAME.lastIndex = i;
      const m = NAME.exec(xml) ?? fail('bad closing tag');
      i = NAME.lastIndex;
      const open = stack.pop();
      if (!open || open === root || open.name !== m[0]) fail(`</${m[0]}> does not close <${open?.name ?? ''}>`);
      const gt = xml.indexOf('>', i);
      if (gt < 0) fail('unterminated closing tag');
      i = gt + 1;
    } else {
      i += 1;
      NAME.lastIndex = i;
      const m = NAME.exec(xml) ?? fail('bad tag name');
      i = NAME.lastIndex;
      const el: XmlElement = { name: m[0], attrs: {}, children: [] };
      for (;;) {
        ATTR.lastIndex = i;
        const a = ATTR.exec(xml);
        if (!a) break;
        el.attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
        i = ATTR.lastIndex;
      }
      while (/\s/.test(xml[i] ?? '')) i++;
      stack[stack.length - 1]!.children.push(el);
      if (xml.startsWith('/>', i)) i += 2;
      else if (xml[i] === '>') {
        i += 1;
        stack.push(el);
      } else fail(`bad attribute in <${el.name}>`);
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is never closed`);
  const top = root.children[0];
  if (!top || root.children.length !== 1) throw new Error('XML: expected exactly one root element');
  return top;
}
