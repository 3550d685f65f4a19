/**
 * MD5 (RFC 1321) and HMAC-MD5 (RFC 2104).
 *
 * MD5 is broken as a collision-resistant hash, but the protocols the lab speaks still mandate it:
 * the MIPv4 MN-HA/MN-FA/FA-HA authentication extensions default to HMAC-MD5 (RFC 5944 §3.5.1)
 * and RADIUS uses MD5 for the Response Authenticator and attribute hiding (RFC 2865 §3, §5.2) and
 * HMAC-MD5 for Message-Authenticator (RFC 3579 §3.2). It runs on every such packet, so it is
 * written for speed: 32-bit integer arithmetic, little-endian words read by hand, no allocation
 * per block and no copy of the message (only the final one or two padded blocks are copied).
 *
 * Isomorphic on purpose: Web Crypto has no MD5 and node:crypto does not exist in the browser.
 */

/**
 * T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321 §3.4). Written out rather than computed because
 * ECMAScript leaves Math.sin's precision to the implementation.
 */
const T = Int32Array.of(
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
);

/** Per-round left-rotation amounts (RFC 1321 §3.4), indexed by step mod 4. */
const S1 = Int32Array.of(7, 12, 17, 22);
const S2 = Int32Array.of(5, 9, 14, 20);
const S3 = Int32Array.of(4, 11, 16, 23);
const S4 = Int32Array.of(6, 10, 15, 21);

/** Initial state A, B, C, D (RFC 1321 §3.3: "word A: 01 23 45 67" etc., low-order byte first). */
const IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);

/** Scratch for the 16 message words of one block; safe to share because JS runs one call at a time. */
const X = new Int32Array(16);

/** MD5 block size and HMAC's B (RFC 2104 §2). */
const BLOCK = 64;

/** Processes one 64-byte block of `bytes` starting at `off` into `state` (RFC 1321 §3.4). */
function compress(state: Int32Array, bytes: Uint8Array, off: number): void {
  // §3.4 reads the block as sixteen 32-bit words, low-order byte first.
  for (let i = 0; i < 16; i++, off += 4) {
    X[i] = bytes[off]! | (bytes[off + 1]! << 8) | (bytes[off + 2]! << 16) | (bytes[off + 3]! << 24);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  // Each step: a = b + ((a + f(b,c,d) + X[k] + T[i]) <<< s), then rotate the roles (a,b,c,d) →
  // (d,a,b,c). The `| 0` keeps every intermediate a 32-bit integer, i.e. arithmetic mod 2^32.
  let t: number;
  // Round 1: F(X,Y,Z) = XY v not(X) Z, written as Z xor (X and (Y xor Z)) to save an operation.
  for (let i = 0; i < 16; i++) {
    t = (a + (d ^ (b & (c ^ d))) + X[i]! + T[i]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((t << S1[i & 3]!) | (t >>> (32 - S1[i & 3]!)))) | 0;
  }
  // Round 2: G(X,Y,Z) = XZ v Y not(Z), written as Y xor (Z and (X xor Y)); k = (1 + 5i) mod 16.
  for (let i = 0; i < 16; i++) {
    t = (a + (c ^ (d & (b ^ c))) + X[(1 + 5 * i) & 15]! + T[16 + i]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((t << S2[i & 3]!) | (t >>> (32 - S2[i & 3]!)))) | 0;
  }
  // Round 3: H(X,Y,Z) = X xor Y xor Z; k = (5 + 3i) mod 16.
  for (let i = 0; i < 16; i++) {
    t = (a + (b ^ c ^ d) + X[(5 + 3 * i) & 15]! + T[32 + i]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((t << S3[i & 3]!) | (t >>> (32 - S3[i & 3]!)))) | 0;
  }
  // Round 4: I(X,Y,Z) = Y xor (X v not(Z)); k = 7i mod 16.
  for (let i = 0; i < 16; i++) {
    t = (a + (c ^ (b | ~d)) + X[(7 * i) & 15]! + T[48 + i]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((t << S4[i & 3]!) | (t >>> (32 - S4[i & 3]!)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/**
 * MD5 of `prefix ‖ data`, where `prefix` is empty or exactly one 64-byte block. The prefix exists so
 * HMAC can hash `(K xor ipad) ‖ text` without copying `text` into a new buffer.
 */
function digest(data: Uint8Array, prefix?: Uint8Array): Uint8Array {
  const state = IV.slice();
  let total = data.length;
  if (prefix !== undefined) {
    compress(state, prefix, 0);
    total += BLOCK;
  }
  const full = data.length - (data.length % BLOCK);
  for (let off = 0; off < full; off += BLOCK) compress(state, data, off);

  // §3.1–3.2: append 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian
  // integer. The tail needs a second block when fewer than 9 bytes are left in the first.
  const rem = data.length - full;
  const tail = new Uint8Array(rem < BLOCK - 8 ? BLOCK : 2 * BLOCK);
  tail.set(data.subarray(full));
  tail[rem] = 0x80;
  // The length in bits can exceed 2^32 (messages over 512 MiB), so split it arithmetically.
  const bits = total * 8;
  writeLe32(tail, tail.length - 8, bits % 0x100000000);
  writeLe32(tail, tail.length - 4, Math.floor(bits / 0x100000000));
  for (let off = 0; off < tail.length; off += BLOCK) compress(state, tail, off);

  // §3.5: the digest is A, B, C, D, each low-order byte first.
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) writeLe32(out, 4 * i, state[i]!);
  return out;
}

function writeLe32(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
  buf[off + 1] = (v >>> 8) & 0xff;
  buf[off + 2] = (v >>> 16) & 0xff;
  buf[off + 3] = (v >>> 24) & 0xff;
}

/** The 16-byte MD5 message digest of `data` (RFC 1321). */
export function md5(data: Uint8Array): Uint8Array {
  return digest(data);
}

/**
 * HMAC-MD5 (RFC 2104 §2): MD5((K xor opad) ‖ MD5((K xor ipad) ‖ text)), with B = 64,
 * ipad = 0x36 and opad = 0x5C repeated. Keys longer than B are first replaced by their MD5 digest;
 * shorter keys are padded with zeros to B bytes. Returns the full 16-byte tag (truncation, if a
 * protocol wants it, is the caller's choice per §5).
 */
export function hmacMd5(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = key.length > BLOCK ? digest(key) : key;
  const inner = new Uint8Array(BLOCK).fill(0x36);
  const outer = new Uint8Array(BLOCK).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  return digest(digest(data, inner), outer);
}
