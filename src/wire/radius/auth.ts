import {
  bytes, bytesToText, fromHex, hmacMd5, leaf, md5, utf8FromText, utf8ToText, walk, type DecodeContext, type EncodeContext,
  type EncodeScope, type Field, type FieldNode,
} from '../core';

/*
 * The three things a RADIUS shared secret protects (RFC 2865 §3, §5.2; RFC 3579 §3.2):
 *
 *   Response Authenticator = MD5(Code | Identifier | Length | Request Authenticator | Attributes | Secret)
 *   User-Password          c1 = p1 XOR MD5(Secret | Request Authenticator), ci = pi XOR MD5(Secret | c(i-1))
 *   Message-Authenticator  = HMAC-MD5(Secret, the whole packet with these 16 octets zero), with the
 *                            Request Authenticator in the Authenticator field for a reply
 *
 * The secret and, for replies, the Request Authenticator come in the context's hints:
 * `radiusSecret` (text or bytes) and `requestAuthenticator` (bytes or hex).
 */

/** Codes whose Authenticator is computed over the reply with the request's (RFC 2865 §3, RFC 2866 §4, RFC 5176 §2.3). */
export const REPLY_CODES: ReadonlySet<number> = new Set([2, 3, 5, 11, 41, 42, 44, 45]);
/** Requests whose Authenticator is MD5 over the packet with 16 zero octets in its place (RFC 2866 §3, RFC 5176 §2.3). */
export const HASHED_REQUEST_CODES: ReadonlySet<number> = new Set([4, 40, 43]);

const ZERO16 = new Uint8Array(16);

/** The shared secret from the hints, as octets; undefined when the caller gave none. */
export function secretOf(ctx: DecodeContext | EncodeContext): Uint8Array | undefined {
  const s = ctx.hints.radiusSecret;
  if (s instanceof Uint8Array) return s;
  return typeof s === 'string' ? utf8FromText(s) : undefined;
}

/** The Request Authenticator from the hints (bytes or hex text), if it is 16 octets. */
export function requestAuthenticatorOf(ctx: DecodeContext | EncodeContext): Uint8Array | undefined {
  const v = ctx.hints.requestAuthenticator;
  let b: Uint8Array | undefined;
  if (v instanceof Uint8Array) b = v;
  else if (typeof v === 'string') {
    try {
      b = fromHex(v);
    } catch {
      b = undefined;
    }
  }
  return b?.length === 16 ? b : undefined;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** RFC 2865 §5.2: the password padded with zeros to a multiple of 16 octets, then chained XOR with MD5. */
export function hidePassword(password: Uint8Array, secret: Uint8Array, requestAuthenticator: Uint8Array): Uint8Array {
  const size = Math.max(16, Math.ceil(password.length / 16) * 16);
  const out = new Uint8Array(size);
  out.set(password);
  let prev = requestAuthenticator;
  for (let i = 0; i < size; i += 16) {
    const b = md5(concat(secret, prev));
    for (let j = 0; j < 16; j++) out[i + j]! ^= b[j]!;
    prev = out.subarray(i, i + 16);
  }
  return out;
}

/** The inverse of `hidePassword`, trailing zero padding removed. Any length decodes (a short last block is XORed as far as it goes). */
export function revealPassword(cipher: Uint8Array, secret: Uint8Array, requestAuthenticator: Uint8Array): Uint8Array {
  const out = new Uint8Array(cipher.length);
  let prev = requestAuthenticator;
  for (let i = 0; i < cipher.length; i += 16) {
    const b = md5(concat(secret, prev));
    for (let j = 0; j < 16 && i + j < cipher.length; j++) out[i + j] = cipher[i + j]! ^ b[j]!;
    prev = cipher.subarray(i, i + 16);
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/** MD5 over the packet as given (its Authenticator field already holding what the formula puts there) and the secret. */
export function packetDigest(packet: Uint8Array, secret: Uint8Array): Uint8Array {
  return md5(concat(packet, secret));
}

/** What the Authenticator field holds while the Message-Authenticator is computed. */
function maBase(code: number, own: Uint8Array, request: Uint8Array | undefined): Uint8Array | undefined {
  if (REPLY_CODES.has(code)) return request;
  return HASHED_REQUEST_CODES.has(code) ? ZERO16 : own;
}

/** What the Authenticator should be, or undefined when it is the caller's random Request Authenticator. */
function expectedAuthenticator(packet: Uint8Array, code: number, secret: Uint8Array, request: Uint8Array | undefined): Uint8Array | undefined {
  const base = REPLY_CODES.has(code) ? request : HASHED_REQUEST_CODES.has(code) ? ZERO16 : undefined;
  if (!base) return undefined;
  const copy = packet.slice();
  copy.set(base, 4);
  return packetDigest(copy, secret);
}

/** Offsets of Message-Authenticator values an encoder must fill in, per message being encoded. */
const pendingMa = new WeakMap<EncodeScope, number[]>();
export function pendingMessageAuthenticators(scope: EncodeScope): number[] {
  let list = pendingMa.get(scope);
  if (!list) pendingMa.set(scope, (list = []));
  return list;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function status(name: string, start: number, value: 'Good' | 'Bad' | 'Unverified', display: string): FieldNode {
  return { name, label: 'Status', start, end: start + 16, value, display, generated: true };
}

/**
 * The Authenticator field (RFC 2865 §3). Encode: written as given; otherwise computed for replies
 * and accounting requests, after any Message-Authenticator (RFC 3579 §3.2). An Access-Request's
 * Request Authenticator is random, so the caller must supply it (from the run's seeded RNG).
 * Decode: both authenticators are checked when the hints carry what they need.
 */
export function authenticator(codeName: (code: number) => string): Field<'authenticator', Uint8Array, true> {
  const name = 'radius.authenticator';
  const label = 'Authenticator';
  const f: Field<'authenticator', Uint8Array, true> = {
    key: 'authenticator',
    name,
    label,
    optional: true,
    kind: { t: 'bytes', size: 16 },
    spec: 'RFC 2865 §3',
    doc: 'A request carries 16 random octets; a reply carries an MD5 hash over itself, the request’s octets and the shared secret.',
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const b = cur.bytesOf(16, label);
      if (!b) return undefined;
      const own = b.slice();
      msg.authenticator = own;
      scope.spans.set('authenticator', { start, end: cur.pos });
      const node = leaf(f, start, cur.pos, bytesToText(own), bytesToText(own));
      scope.after.push((end) => {
        const code = msg.code as number;
        const packet = ctx.frame.slice(scope.start, end);
        const whole = msg.length === packet.length;
        const secret = secretOf(ctx);
        const request = code === 1 ? own : requestAuthenticatorOf(ctx);
        const why = !secret ? 'no shared secret' : !whole ? 'the packet is incomplete' : 'no Request Authenticator';
        if (REPLY_CODES.has(code) || HASHED_REQUEST_CODES.has(code)) {
          const want = secret && whole ? expectedAuthenticator(packet, code, secret, request) : undefined;
          if (!want) node.children = [status(`${name}.status`, start, 'Unverified', `Unverified (${why})`)];
          else if (same(want, own)) node.children = [status(`${name}.status`, start, 'Good', 'Good')];
          else {
            node.children = [status(`${name}.status`, start, 'Bad', `Bad (should be ${bytesToText(want)})`)];
            cur.problem(`${name}.bad`, 'error', `The ${codeName(code)} Authenticator is ${bytesToText(own)} but should be ${bytesToText(want)}`, start, start + 16);
          }
        }
        for (const ma of walk(scope.node.children ?? [])) {
          if (ma.name !== 'radius.Message_Authenticator' || ma.raw || ma.end - ma.start !== 16) continue;
          const base = maBase(code, own, request);
          const sent = packet.slice(ma.start - scope.start, ma.end - scope.start);
          let want: Uint8Array | undefined;
          if (secret && whole && base) {
            const copy = packet.slice();
            copy.set(base, 4);
            copy.fill(0, ma.start - scope.start, ma.end - scope.start);
            want = hmacMd5(secret, copy);
          }
          const mname = 'radius.Message_Authenticator.status';
          if (!want) ma.children = [status(mname, ma.start, 'Unverified', `Unverified (${why})`)];
          else if (same(want, sent)) ma.children = [status(mname, ma.start, 'Good', 'Good')];
          else {
            ma.children = [status(mname, ma.start, 'Bad', `Bad (should be ${bytesToText(want)})`)];
            cur.problem('radius.message_authenticator.bad', 'error', `Message-Authenticator is ${bytesToText(sent)} but should be ${bytesToText(want)}`, ma.start, ma.end);
          }
        }
      });
      return node;
    },
    encode(w, msg, ctx, scope) {
      const at = w.length;
      const given = msg.authenticator as Uint8Array | undefined;
      w.bytes(given ?? ZERO16);
      scope.spans.set('authenticator', { start: at, end: w.length });
      const pending = pendingMessageAuthenticators(scope);
      scope.after.push((end) => {
        const code = msg.code as number;
        const secret = secretOf(ctx);
        const request = requestAuthenticatorOf(ctx);
        const need = (what: string): never => {
          throw new Error(`radius: encoding ${codeName(code)} needs ${what}`);
        };
        if (pending.length > 0) {
          const base = maBase(code, given ?? ZERO16, request) ?? need('ctx.hints.requestAuthenticator for its Message-Authenticator');
          w.patchBytes(at, base);
          const mac = hmacMd5(secret ?? need('ctx.hints.radiusSecret for its Message-Authenticator'), w.view(scope.start, end));
          for (const off of pending) w.patchBytes(off, mac);
        }
        if (given) return w.patchBytes(at, given);
        if (!REPLY_CODES.has(code) && !HASHED_REQUEST_CODES.has(code)) need('an authenticator from the caller (a Request Authenticator is random, RFC 2865 §3)');
        w.patchBytes(at, REPLY_CODES.has(code) ? (request ?? need('ctx.hints.requestAuthenticator')) : ZERO16);
        w.patchBytes(at, packetDigest(w.view(scope.start, end), secret ?? need('ctx.hints.radiusSecret')));
      });
    },
  };
  return f;
}

/** User-Password (RFC 2865 §5.2): hidden with the secret and the Request Authenticator; revealed when the hints allow. */
export function userPassword(): Field<'value', Uint8Array, false> {
  const f: Field<'value', Uint8Array, false> = {
    key: 'value',
    name: 'radius.User_Password_encrypted',
    label: 'User-Password (encrypted)',
    optional: false,
    kind: { t: 'bytes' },
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const b = cur.rest().slice();
      msg.value = b;
      scope.spans.set('value', { start, end: cur.pos });
      if (b.length < 16 || b.length > 128 || b.length % 16 !== 0) {
        cur.problem('radius.avp.len.invalid', 'warn', `User-Password holds ${b.length} octets; RFC 2865 §5.2 sends 16 to 128 in steps of 16`, start, cur.pos);
      }
      const node = leaf(f, start, cur.pos, bytesToText(b), bytesToText(b) || '(empty)', {
        doc: 'The password XORed with MD5 of the shared secret and the Request Authenticator: only the server can read it.',
      });
      const secret = secretOf(ctx);
      const request = requestAuthenticatorOf(ctx);
      if (secret && request) {
        const password = utf8ToText(revealPassword(b, secret, request));
        msg.password = password;
        node.children = [
          { name: 'radius.User_Password', label: 'User-Password', start, end: cur.pos, value: password, display: JSON.stringify(password), generated: true },
        ];
      }
      return node;
    },
    encode(w, msg, ctx, scope) {
      const start = w.length;
      const given = msg.value as Uint8Array | undefined;
      if (given) w.bytes(given);
      else {
        const secret = secretOf(ctx);
        const request = requestAuthenticatorOf(ctx);
        if (!secret || !request || typeof msg.password !== 'string') {
          throw new Error('radius: User-Password needs `password`, ctx.hints.radiusSecret and the Request Authenticator');
        }
        w.bytes(hidePassword(utf8FromText(msg.password), secret, request));
      }
      scope.spans.set('value', { start, end: w.length });
    },
  };
  return f;
}

/** Message-Authenticator's 16 octets: zero on the wire until the packet computes them (RFC 3579 §3.2). */
export function messageAuthenticatorValue(): Field<'value', Uint8Array, true> {
  const inner = bytes('value', 'radius.Message_Authenticator', 'Message-Authenticator', {
    size: 16,
    doc: 'HMAC-MD5 of the whole packet under the shared secret; it guards every attribute, unlike the Request Authenticator.',
  });
  return {
    ...inner,
    optional: true,
    encode(w, msg, ctx, scope) {
      if (msg.value instanceof Uint8Array) return inner.encode(w, msg, ctx, scope);
      (ctx.hints.radiusPendingMa as number[] | undefined)?.push(w.length);
      scope.spans.set('value', { start: w.length, end: w.length + 16 });
      w.zeros(16);
    },
  };
}
