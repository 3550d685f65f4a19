import {
  bytesToText,
  hex,
  hexN,
  hmacMd5,
  leaf,
  message,
  u32,
  u8,
  walk,
  type DecodeContext,
  type EncodeContext,
  type Field,
  type FieldNode,
} from '../core';
import { bindExtension, extType, longLength, MIP_START_HINT, shortLength } from './extensions';

/**
 * Authentication extensions (RFC 5944 §3.5, RFC 3012 §5–§6). The default algorithm is HMAC-MD5
 * with the key of the mobility security association the SPI names, over (RFC 5944 §3.5.1):
 *
 *   the registration message from its Type octet, all prior extensions in their entirety,
 *   and this extension's Type, Length and SPI (for 36 also its Sub-Type, RFC 3012 §6)
 *
 * i.e. every byte from the message's Type octet up to the Authenticator. The IP and UDP headers and
 * the Authenticator itself are not covered.
 */

/** Shared keys by SPI (`ctx.hints.mipKeys`), for computing and verifying authenticators. */
export type MipKeys = Readonly<Record<number, Uint8Array>>;

export const MIP_KEYS_HINT = 'mipKeys';

/** SPIs 0–255 are reserved and never name a mobility security association (RFC 5944 §1.6, RFC 3012 §7). */
export const MIN_SPI = 256;

const keysOf = (ctx: DecodeContext | EncodeContext): MipKeys | undefined => ctx.hints[MIP_KEYS_HINT] as MipKeys | undefined;

const spiText = (spi: number): string => hexN(spi, 4);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The Authenticator: the rest of the extension. An encoder computes it after the bytes it covers are
 * final (a fix-up, STYLE.md principle 4) unless the message sets it; a decoder verifies it when the
 * SPI's key is in the hints, and says what it should have been.
 */
function authenticator(): Field<'authenticator', Uint8Array, true> {
  const f: Field<'authenticator', Uint8Array, true> = {
    key: 'authenticator',
    name: 'mip.auth.auth',
    label: 'Authenticator',
    optional: true,
    kind: { t: 'bytes' },
    doc: 'HMAC-MD5 over every byte from the message Type up to here; only holders of the SPI key can produce it.',
    spec: 'RFC 5944 §3.5.1',
    decode(cur, msg, ctx, scope) {
      if (cur.exhausted) return undefined;
      const start = cur.pos;
      const value = cur.rest().slice();
      msg.authenticator = value;
      scope.spans.set('authenticator', { start, end: cur.pos });
      const node = leaf(f, start, cur.pos, bytesToText(value), hex(value) || '(empty)');
      node.children = [verify(ctx, msg.spi as number | undefined, start, value, cur.pos)];
      return node;
    },
    encode(w, msg, ctx, scope) {
      const at = w.length;
      const given = msg.authenticator as Uint8Array | undefined;
      scope.spans.set('authenticator', { start: at, end: at + (given?.length ?? 16) });
      if (given) {
        w.bytes(given);
        return;
      }
      const spi = (msg.spi as number | undefined) ?? 0;
      const key = keysOf(ctx)?.[spi];
      if (!key) throw new Error(`mip: no key for SPI ${spiText(spi)} in hints.${MIP_KEYS_HINT}; give the key or an authenticator`);
      const from = ctx.hints[MIP_START_HINT] as number | undefined;
      if (from === undefined) {
        throw new Error('mip: an authenticator covers its whole message; encode the extension inside a Mobile IP message');
      }
      w.zeros(16);
      // Runs when this extension ends: its Length is patched by then (an earlier fix-up of the
      // same extension) and every byte before it is final.
      scope.after.push(() => w.patchBytes(at, hmacMd5(key, w.view(from, at))));
    },
  };
  return f;

  function verify(ctx: DecodeContext, spi: number | undefined, start: number, value: Uint8Array, end: number): FieldNode {
    const status = (v: string, display: string): FieldNode => ({
      name: 'mip.auth.auth.status',
      label: 'Authenticator status',
      start,
      end,
      value: v,
      display,
      generated: true,
    });
    const key = spi === undefined ? undefined : keysOf(ctx)?.[spi];
    const from = ctx.hints[MIP_START_HINT] as number | undefined;
    if (!key || from === undefined) {
      return status('Unverified', spi === undefined || !keysOf(ctx) ? 'Unverified' : `Unverified (no key for SPI ${spiText(spi)})`);
    }
    const want = hmacMd5(key, ctx.frame.subarray(from, start));
    if (sameBytes(want, value)) return status('Good', 'Good');
    ctx.problems.push({
      id: 'mip.auth.bad',
      severity: 'error',
      message: `the Authenticator for SPI ${spiText(spi!)} is ${hex(value) || 'empty'} but should be ${hex(want)}: the message was altered or the key differs`,
      start,
      end,
    });
    return status('Bad', `Bad (should be ${hex(want)})`);
  }
}

const spiField = (): Field<'spi', number, false> =>
  u32('spi', 'mip.auth.spi', 'SPI', {
    hex: true,
    doc: 'Security Parameter Index: which shared key and algorithm the receiver must use (256 and up).',
    spec: 'RFC 5944 §3.5.2',
  });

// ---- Mobile-Home (32), Mobile-Foreign (33), Foreign-Home (34), RFC 5944 §3.5.2–§3.5.4 ----------
//  |  Type   | Length = 4 + authenticator |           SPI ....
//  |      ... SPI (cont.)                 |     Authenticator (16 for HMAC-MD5) ...
function classicAuth(type: 32 | 33 | 34, id: string, label: string, spec: string) {
  return bindExtension(
    type,
    message(id, label, [extType(type), shortLength(), spiField(), authenticator()], {
      spec,
      summary: (v) => `${label}: SPI ${v.spi === undefined ? '?' : spiText(v.spi)}`,
    }),
  );
}

export const mnHaAuthExtension = classicAuth(32, 'mip.ext.mhauth', 'Mobile-Home Authentication Extension', 'RFC 5944 §3.5.2');
export const mnFaAuthExtension = classicAuth(33, 'mip.ext.mfauth', 'Mobile-Foreign Authentication Extension', 'RFC 5944 §3.5.3');
export const faHaAuthExtension = classicAuth(34, 'mip.ext.fhauth', 'Foreign-Home Authentication Extension', 'RFC 5944 §3.5.4');

// ---- Generalized Mobile IP Authentication (36), RFC 3012 §5; subtype 1 MN-AAA, §6 ----------------
//  | Type=36 | Subtype | Length (16)          |
//  |                 SPI                      |
//  |          Authenticator ...
export const GEN_AUTH_SUBTYPE: Readonly<Record<number, string>> = { 1: 'MN-AAA authentication' };

export const generalizedAuthExtension = bindExtension(
  36,
  message('mip.ext.genauth', 'Generalized Mobile IP Authentication Extension', [
    extType(36),
    u8('subtype', 'mip.ext.auth.subtype', 'Subtype', {
      values: GEN_AUTH_SUBTYPE,
      default: 1,
      doc: 'Which pair of parties share the key; 1 is the mobile node and its home AAA server.',
    }),
    longLength(),
    spiField(),
    authenticator(),
  ], {
    spec: 'RFC 3012 §5',
    summary: (v) => `Generalized Authentication (${GEN_AUTH_SUBTYPE[v.subtype ?? 1] ?? `subtype ${v.subtype}`}): SPI ${v.spi === undefined ? '?' : spiText(v.spi)}`,
  }),
);

export interface AuthCheck {
  /** Extension type: 32 MN-HA, 33 MN-FA, 34 FA-HA, 36 generalized (MN-AAA). */
  type: number;
  spi: number;
  status: 'good' | 'bad' | 'unverified';
  /** The authenticator's bytes in the message. */
  start: number;
  end: number;
}

/**
 * The authentication extensions found in a decoded tree, with the verdict of each: what a home
 * agent or PMA checks before it believes a registration (see `verifyAuthenticators`).
 */
export function authChecks(nodes: readonly FieldNode[]): AuthCheck[] {
  const checks: AuthCheck[] = [];
  for (const ext of walk(nodes)) {
    const type = ext.children?.find((c) => c.name === 'mip.ext.type')?.value;
    const auth = ext.children?.find((c) => c.name === 'mip.auth.auth');
    const spi = ext.children?.find((c) => c.name === 'mip.auth.spi')?.value;
    if (typeof type !== 'number' || typeof spi !== 'number' || !auth) continue;
    const status = auth.children?.[0]?.value;
    checks.push({
      type,
      spi,
      status: status === 'Good' ? 'good' : status === 'Bad' ? 'bad' : 'unverified',
      start: auth.start,
      end: auth.end,
    });
  }
  return checks;
}
