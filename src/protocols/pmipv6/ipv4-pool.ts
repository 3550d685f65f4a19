import { ipv4FromText, ipv4ToText } from '../../wire/core';

/*
 * IPv4 home addresses (seed 002 §3.3.2; RFC 5844 §3.1.2.2): an IPv4 home network prefix, its
 * default router, and the addresses an allocator (the LMA, or a DHCP server) hands out one by one.
 * Seed 002 leaves "how the LMA allocates the home address" out of scope; here it is the first free
 * address of the pool in order, so runs are deterministic and the pool's size says when it runs out.
 */

export interface Ipv4Pool {
  /** The IPv4 home network prefix, "192.0.2.0/24". */
  prefix: string;
  prefixLength: number;
  /** The mobile node's default router on that network (RFC 5844 §3.3.3), never handed out. */
  defaultRouter: string;
  /** The addresses to hand out, in order. */
  addresses: readonly string[];
}

const toNumber = (addr: string): number => ipv4FromText(addr).reduce((n, b) => n * 256 + b, 0);
const fromNumber = (n: number): string => ipv4ToText(Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));

/** "192.0.2.0/24" → its network number and length; bad text throws (configuration fails at load). */
function parse(prefix: string): { network: number; length: number } {
  const [addr, len] = prefix.split('/');
  const length = Number(len);
  if (!addr || !Number.isInteger(length) || length < 0 || length > 32) throw new RangeError(`not an IPv4 prefix: ${prefix}`);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return { network: (toNumber(addr) & mask) >>> 0, length };
}

/** Is `addr` inside `prefix`? */
export function inIpv4Prefix(prefix: string, addr: string): boolean {
  const p = parse(prefix);
  const mask = p.length === 0 ? 0 : (0xffffffff << (32 - p.length)) >>> 0;
  return ((toNumber(addr) & mask) >>> 0) === p.network;
}

/** The dotted mask of a prefix length (DHCP option 1, RFC 2132 §3.3). */
export function ipv4Mask(length: number): string {
  return fromNumber(length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);
}

/**
 * `size` addresses from `first` on, inside `prefix`. Neither the network's own address, its
 * broadcast address nor the default router may be among them: configuration that would hand one
 * out fails here.
 */
export function ipv4Pool(o: { prefix: string; defaultRouter: string; first: string; size: number }): Ipv4Pool {
  const p = parse(o.prefix);
  if (!Number.isInteger(o.size) || o.size < 0) throw new RangeError(`an IPv4 pool holds a whole number of addresses, not ${o.size}`);
  if (!inIpv4Prefix(o.prefix, o.defaultRouter)) throw new RangeError(`the default router ${o.defaultRouter} is not in ${o.prefix}`);
  const hosts = 2 ** (32 - p.length);
  const start = toNumber(o.first);
  const addresses: string[] = [];
  for (let i = 0; i < o.size; i++) {
    const n = start + i;
    const offset = n - p.network;
    const a = fromNumber(n);
    if (offset <= 0 || offset >= hosts - 1) throw new RangeError(`a pool of ${o.size} from ${o.first} leaves ${o.prefix} or takes its network or broadcast address`);
    if (a === o.defaultRouter) throw new RangeError(`the pool would hand out the default router ${o.defaultRouter}`);
    addresses.push(a);
  }
  return { prefix: `${fromNumber(p.network)}/${p.length}`, prefixLength: p.length, defaultRouter: o.defaultRouter, addresses };
}

/** The first address of the pool nobody holds, or undefined when the pool is exhausted. */
export function allocateIpv4(pool: Ipv4Pool, inUse: ReadonlySet<string>): string | undefined {
  return pool.addresses.find((a) => !inUse.has(a));
}
