import { fromHex, utf8FromText, type OptionValue } from './core';
import type { DhcpMessage } from './dhcpv4';
import { DHCP_MAGIC_COOKIE } from './dhcpv4-fields';

/* Builders and accessors for the machines: a DHCP message as the lab's entities write and read it. */

/** The value of the first option with this code, typed for the options the lab uses. */
export interface DhcpOptionValues {
  1: string;
  3: string[];
  6: string[];
  12: string;
  50: string;
  51: number;
  53: number;
  54: string;
  55: number[];
  58: number;
  59: number;
  61: Uint8Array;
  82: OptionValue[];
}

export function dhcpOption<C extends number>(
  v: { options?: readonly OptionValue[] | undefined },
  optionCode: C,
): (C extends keyof DhcpOptionValues ? DhcpOptionValues[C] : unknown) | undefined {
  const o = v.options?.find((x) => x.type === optionCode);
  return o?.value as (C extends keyof DhcpOptionValues ? DhcpOptionValues[C] : unknown) | undefined;
}

/** The DHCP message type (option 53), or undefined for plain BOOTP. */
export function dhcpType(v: { options?: readonly OptionValue[] | undefined }): number | undefined {
  const t = dhcpOption(v, 53);
  return typeof t === 'number' ? t : undefined;
}

export const DHCP_TYPE = {
  discover: 1,
  offer: 2,
  request: 3,
  decline: 4,
  ack: 5,
  nak: 6,
  release: 7,
  inform: 8,
} as const;
export type DhcpTypeName = keyof typeof DHCP_TYPE;

const FROM_SERVER: ReadonlySet<number> = new Set([2, 5, 6]);

export interface DhcpBuild {
  type: DhcpTypeName | number;
  xid: number;
  /** The client's MAC address. */
  chaddr: string;
  /** BOOTREQUEST (1) or BOOTREPLY (2); by default what the type implies. */
  op?: 1 | 2;
  ciaddr?: string;
  yiaddr?: string;
  siaddr?: string;
  giaddr?: string;
  hops?: number;
  secs?: number;
  broadcast?: boolean;
  /** Option 61: bytes as given, or a MAC address sent as hardware type 1 and the address. */
  clientId?: Uint8Array | string;
  hostName?: string;
  requestedIp?: string;
  serverId?: string;
  leaseTime?: number;
  renewalTime?: number;
  rebindingTime?: number;
  subnetMask?: string;
  router?: string | readonly string[];
  dns?: readonly string[];
  parameterRequestList?: readonly number[];
  /** Option 82, added last (RFC 3046 §2.1): strings are sent as their UTF-8 octets. */
  relayAgent?: { circuitId?: Uint8Array | string; remoteId?: Uint8Array | string };
  /** More options, before option 82 and End. */
  options?: readonly OptionValue[];
}

const octets = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? utf8FromText(v) : v);

/** Option 82's value from a circuit and a remote id. */
export function agentInformation(a: { circuitId?: Uint8Array | string; remoteId?: Uint8Array | string }): OptionValue {
  const subs: OptionValue[] = [];
  if (a.circuitId !== undefined) subs.push({ type: 1, value: octets(a.circuitId) });
  if (a.remoteId !== undefined) subs.push({ type: 2, value: octets(a.remoteId) });
  return { type: 82, value: subs };
}

/** A DHCP message for the machines: option 53 first, the usual options in a fixed order, End last. */
export function dhcpMessage(b: DhcpBuild): DhcpMessage & { proto: 'dhcp' } {
  const type = typeof b.type === 'number' ? b.type : DHCP_TYPE[b.type];
  const options: OptionValue[] = [{ type: 53, value: type }];
  const add = (t: number, value: unknown): void => {
    if (value !== undefined) options.push({ type: t, value });
  };
  const clientId = typeof b.clientId === 'string' ? Uint8Array.of(1, ...fromHex(b.clientId)) : b.clientId;
  add(61, clientId);
  add(12, b.hostName);
  add(50, b.requestedIp);
  add(54, b.serverId);
  add(51, b.leaseTime);
  add(58, b.renewalTime);
  add(59, b.rebindingTime);
  add(1, b.subnetMask);
  add(3, typeof b.router === 'string' ? [b.router] : b.router?.slice());
  add(6, b.dns?.slice());
  add(55, b.parameterRequestList?.slice());
  options.push(...(b.options ?? []));
  if (b.relayAgent) options.push(agentInformation(b.relayAgent));
  options.push({ type: 255 });
  return {
    proto: 'dhcp',
    op: b.op ?? (FROM_SERVER.has(type) ? 2 : 1),
    htype: 1,
    hops: b.hops ?? 0,
    xid: b.xid >>> 0,
    secs: b.secs ?? 0,
    flags: { broadcast: b.broadcast ?? false },
    ciaddr: b.ciaddr ?? '0.0.0.0',
    yiaddr: b.yiaddr ?? '0.0.0.0',
    siaddr: b.siaddr ?? '0.0.0.0',
    giaddr: b.giaddr ?? '0.0.0.0',
    chaddr: b.chaddr,
    cookie: DHCP_MAGIC_COOKIE,
    options,
  };
}

/**
 * What a relay agent does to a client's message before sending it to the server (RFC 2131 §4.1,
 * RFC 3046 §2.1; the MAG as relay, RFC 5844 §3.4): set giaddr if unset, add one hop, and add
 * option 82 just before End (replacing one already there: the lab has a single relay).
 */
export function dhcpRelayed<T extends DhcpMessage>(
  m: T,
  r: { giaddr: string; circuitId?: Uint8Array | string; remoteId?: Uint8Array | string },
): T {
  const options = (m.options ?? []).filter((o) => o.type !== 255 && o.type !== 82);
  if (r.circuitId !== undefined || r.remoteId !== undefined) options.push(agentInformation(r));
  options.push({ type: 255 });
  const giaddr = m.giaddr === undefined || m.giaddr === '0.0.0.0' ? r.giaddr : m.giaddr;
  return { ...m, giaddr, hops: (m.hops ?? 0) + 1, options };
}

/** A server's reply with option 82 removed, as the relay forwards it to the client (RFC 3046 §2.2). */
export function dhcpUnrelayed<T extends DhcpMessage>(m: T): T {
  return { ...m, options: (m.options ?? []).filter((o) => o.type !== 82) };
}
