import {
  bytesToText, fromHex, ipv4, ipv4FromText, ipv4ToText, leaf, macToText, utf8FromText, utf8ToText, type Field, type FieldNode,
} from './core';

/* The field kinds particular to DHCP: the header's chaddr, sname, file and cookie, and option values. */

/** 99.130.83.99: the four octets that say DHCP options follow (RFC 2131 §3, RFC 2132 §2). */
export const DHCP_MAGIC_COOKIE = '99.130.83.99';

export const HARDWARE_TYPES: Readonly<Record<number, string>> = { 1: 'Ethernet', 6: 'IEEE 802', 32: 'InfiniBand' };

/**
 * chaddr (16 octets): the client's hardware address in the first `hlen` octets, then padding.
 * Wireshark shows an Ethernet address (htype 1, hlen 6) as `dhcp.hw.mac_addr` and the rest as
 * `dhcp.hw.addr_padding`. Padding that is not zero is kept in `chaddrPadding`.
 */
export function clientHardwareAddress(): Field<'chaddr', string, false> {
  const label = 'Client hardware address';
  return {
    key: 'chaddr',
    name: 'dhcp.hw.addr',
    label,
    optional: false,
    kind: { t: 'mac' },
    spec: 'RFC 2131 §2',
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const b = cur.bytesOf(16, label);
      if (!b) return undefined;
      const hlen = (msg.hlen as number | undefined) ?? 6;
      const n = Math.min(hlen, 16);
      msg.chaddr = bytesToText(b.subarray(0, n));
      const pad = b.subarray(n);
      if (pad.some((x) => x !== 0)) msg.chaddrPadding = pad.slice();
      scope.spans.set('chaddr', { start, end: cur.pos });
      const nodes: FieldNode[] = [];
      if (hlen > 16) {
        const at = scope.spans.get('hlen') ?? { start, end: start };
        cur.problem('dhcp.hw.len.invalid', 'warn', `Hardware address length ${hlen} is more than the 16 octets of chaddr`, at.start, at.end);
      }
      const addr = bytesToText(b.subarray(0, n));
      if (msg.htype === 1 && hlen === 6) {
        nodes.push(leaf({ name: 'dhcp.hw.mac_addr', label: 'Client MAC address', doc: 'The client’s Ethernet address.' }, start, start + 6, addr, addr));
      } else if (n > 0) {
        nodes.push(leaf({ name: 'dhcp.hw.addr', label }, start, start + n, addr, addr));
      }
      if (n < 16) {
        const text = bytesToText(pad);
        nodes.push(leaf({ name: 'dhcp.hw.addr_padding', label: 'Client hardware address padding' }, start + n, cur.pos, text, text));
      }
      return nodes;
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const addr = fromHex((msg.chaddr as string | undefined) ?? '');
      const out = new Uint8Array(16);
      out.set(addr.subarray(0, 16));
      const pad = msg.chaddrPadding as Uint8Array | undefined;
      const n = Math.min(addr.length, 16);
      if (pad) out.set(pad.subarray(0, 16 - n), n);
      w.bytes(out);
      scope.spans.set('chaddr', { start, end: w.length });
    },
  };
}

/** sname and file: text ended by NUL in a fixed-size field; bytes that text cannot carry stay raw. */
export function fixedText<K extends string>(key: K, name: string, label: string, size: number, empty: string): Field<K, string, true> {
  const pack = (text: string): Uint8Array => {
    const out = new Uint8Array(size);
    out.set(utf8FromText(text).subarray(0, size));
    return out;
  };
  const f: Field<K, string, true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'utf8' },
    spec: 'RFC 2131 §2',
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const b = cur.bytesOf(size, label);
      if (!b) return undefined;
      const nul = b.indexOf(0);
      const text = utf8ToText(b.subarray(0, nul < 0 ? size : nul));
      msg[key] = text;
      if (!pack(text).every((x, i) => x === b[i])) msg[`${key}Raw`] = b.slice();
      scope.spans.set(key, { start, end: cur.pos });
      return leaf(f, start, cur.pos, text, text === '' ? empty : JSON.stringify(text));
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const raw = msg[`${key}Raw`];
      w.bytes(raw instanceof Uint8Array && raw.length === size ? raw : pack((msg[key] as string | undefined) ?? ''));
      scope.spans.set(key, { start, end: w.length });
    },
  };
  return f;
}

/** The magic cookie, absent in a plain 236-octet BOOTP message; sent whenever there are options. */
export function magicCookie(): Field<'cookie', string, true> {
  const inner = ipv4('cookie', 'dhcp.cookie', 'Magic cookie', {
    doc: 'Always 99.130.83.99 (63 82 53 63): DHCP options follow.',
    spec: 'RFC 2131 §3',
  });
  return {
    ...inner,
    optional: true,
    decode(cur, msg, ctx, scope) {
      if (cur.remaining === 0) return undefined;
      const node = inner.decode(cur, msg, ctx, scope) as FieldNode | undefined;
      if (node && msg.cookie !== DHCP_MAGIC_COOKIE) {
        cur.problem('dhcp.cookie.invalid', 'warn', `Magic cookie is ${String(msg.cookie)}, not ${DHCP_MAGIC_COOKIE}`, node.start, node.end);
      }
      if (node) node.display = msg.cookie === DHCP_MAGIC_COOKIE ? 'DHCP' : String(msg.cookie);
      return node;
    },
    encode(w, msg, ctx, scope) {
      const options = msg.options as unknown[] | undefined;
      if (msg.cookie === undefined && !options?.length) return;
      inner.encode(w, { ...msg, cookie: msg.cookie ?? DHCP_MAGIC_COOKIE }, ctx, scope);
    },
  };
}

/** Octets after End: padding (RFC 2131 §2 keeps the BOOTP minimum of 300 octets this way). */
export function padding(): Field<'padding', Uint8Array, true> {
  return {
    key: 'padding',
    name: 'dhcp.option.padding',
    label: 'Padding',
    optional: true,
    kind: { t: 'bytes' },
    decode(cur, msg, _ctx, scope) {
      if (cur.remaining === 0) return undefined;
      const start = cur.pos;
      const b = cur.rest().slice();
      msg.padding = b;
      scope.spans.set('padding', { start, end: cur.pos });
      return leaf({ name: 'dhcp.option.padding', label: 'Padding' }, start, cur.pos, bytesToText(b), `${b.length} octet${b.length === 1 ? '' : 's'}`);
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const b = msg.padding as Uint8Array | undefined;
      if (b) w.bytes(b);
      scope.spans.set('padding', { start, end: w.length });
    },
  };
}

/** The code octet: read into `type` but shown on the option node itself, as Wireshark does. */
export function code(label: string): Field<'type', number, false> {
  return {
    key: 'type',
    name: 'dhcp.option.type',
    label,
    optional: false,
    kind: { t: 'uint', bits: 8 },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const v = cur.u8(label);
      if (v === undefined) return undefined;
      msg.type = v;
      scope.spans.set('type', { start, end: cur.pos });
      return undefined;
    },
    encode(w, msg, _ctx, scope) {
      scope.spans.set('type', { start: w.length, end: w.length + 1 });
      w.u8(msg.type as number);
    },
  };
}

/** A run of equal-sized items, one node each (Router, DNS, Parameter Request List). */
export function list<K extends string, V>(
  key: K,
  name: string,
  label: string,
  size: 1 | 4,
  read: (b: Uint8Array) => { value: V; node: number | string; display: string },
  write: (v: V) => Uint8Array,
): Field<K, V[], false> {
  const f: Field<K, V[], false> = {
    key,
    name,
    label,
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const values: V[] = [];
      const nodes: FieldNode[] = [];
      while (cur.remaining >= size) {
        const at = cur.pos;
        const r = read(cur.bytesOf(size, label)!);
        values.push(r.value);
        nodes.push(leaf(f, at, cur.pos, r.node, r.display));
      }
      msg[key] = values;
      scope.spans.set(key, { start, end: cur.pos });
      return nodes;
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      for (const v of (msg[key] as V[] | undefined) ?? []) w.bytes(write(v));
      scope.spans.set(key, { start, end: w.length });
    },
  };
  return f;
}

export const ipv4List = (key: 'value', name: string, label: string) =>
  list(key, name, label, 4, (b) => ({ value: ipv4ToText(b), node: ipv4ToText(b), display: ipv4ToText(b) }), ipv4FromText);

export const codeList = (key: 'value', name: string, label: string, names: Readonly<Record<number, string>>) =>
  list(
    key,
    name,
    label,
    1,
    (b) => ({ value: b[0]!, node: b[0]!, display: `(${b[0]}) ${names[b[0]!] ?? 'Unknown'}` }),
    (v: number) => Uint8Array.of(v),
  );

/** Option 61 (RFC 2132 §9.14): a type octet (1 = Ethernet, then the MAC; 0 = text) and the identifier. */
export function clientIdentifier(): Field<'value', Uint8Array, false> {
  return {
    key: 'value',
    name: 'dhcp.client_id',
    label: 'Client identifier',
    optional: false,
    kind: { t: 'bytes' },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const b = cur.rest().slice();
      msg.value = b;
      scope.spans.set('value', { start, end: cur.pos });
      if (b.length === 7 && b[0] === 1) {
        return [
          leaf({ name: 'dhcp.hw.type', label: 'Hardware type' }, start, start + 1, 1, 'Ethernet (0x01)'),
          leaf({ name: 'dhcp.hw.mac_addr', label: 'Client MAC address' }, start + 1, start + 7, macToText(b.subarray(1)), macToText(b.subarray(1))),
        ];
      }
      if (b.length >= 1 && b[0] === 0) {
        const text = utf8ToText(b.subarray(1));
        return [
          leaf({ name: 'dhcp.client_id.type', label: 'Type' }, start, start + 1, 0, '0 (text)'),
          leaf({ name: 'dhcp.client_id.undef', label: 'Client Identifier' }, start + 1, cur.pos, text, JSON.stringify(text)),
        ];
      }
      if (b.length === 0) return undefined;
      return leaf({ name: 'dhcp.option.value', label: 'Value' }, start, cur.pos, bytesToText(b), bytesToText(b));
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      w.bytes((msg.value as Uint8Array | undefined) ?? new Uint8Array(0));
      scope.spans.set('value', { start, end: w.length });
    },
  };
}

/** Seconds as Wireshark words them: `(3600s) 1 hour`, `(3150s) 52 minutes, 30 seconds`. */
export function secondsText(v: number): string {
  if (v === 0xffffffff) return `(${v}s) infinity`;
  const parts: string[] = [];
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = v;
  for (const [size, word] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
  }
  return `(${v}s) ${parts.join(', ') || '0 seconds'}`;
}

