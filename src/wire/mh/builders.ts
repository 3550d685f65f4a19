import { macFromText, type OptionValue } from '../core';
import type { MobilityHeader } from './header';
import type { BindingAckBody, BindingUpdateBody, CodecValue } from './messages';
import type * as ipv4 from './options-ipv4';
import type * as core from './options';
import type * as pmip from './options-pmip';
import { MH_TYPE, OPTION } from './tables';

/*
 * Thin builders for the machines: plain value objects that `encode(mobilityHeader, …)` turns into
 * bytes (padding, Header Len and checksum are filled in then), and typed readers for decoded ones.
 * The mandatory PBU/PBA contents are RFC 5213 §6.9.1.5 and §5.3.6 (PROTOCOLS.md §2.3).
 */

/** Option type → the value its codec reads and writes. */
export interface OptionByType {
  0: CodecValue<typeof core.pad1>;
  1: CodecValue<typeof core.padN>;
  3: CodecValue<typeof core.alternateCareOfAddress>;
  8: CodecValue<typeof core.mobileNodeIdentifier>;
  19: CodecValue<typeof core.vendorSpecific>;
  20: CodecValue<typeof core.serviceSelection>;
  22: CodecValue<typeof pmip.homeNetworkPrefix>;
  23: CodecValue<typeof pmip.handoffIndicator>;
  24: CodecValue<typeof pmip.accessTechnologyType>;
  25: CodecValue<typeof pmip.mnLinkLayerIdentifier>;
  26: CodecValue<typeof pmip.linkLocalAddress>;
  27: CodecValue<typeof pmip.timestamp>;
  28: CodecValue<typeof pmip.restartCounter>;
  29: CodecValue<typeof ipv4.ipv4HomeAddress>;
  30: CodecValue<typeof ipv4.ipv4AddressAck>;
  31: CodecValue<typeof ipv4.natDetection>;
  32: CodecValue<typeof ipv4.ipv4CareOfAddress>;
  33: CodecValue<typeof ipv4.greKey>;
  36: CodecValue<typeof ipv4.ipv4HomeAddressRequest>;
  37: CodecValue<typeof ipv4.ipv4HomeAddressReply>;
  38: CodecValue<typeof ipv4.ipv4DefaultRouter>;
  39: CodecValue<typeof ipv4.ipv4DhcpSupportMode>;
}

type WithOptions = { options?: readonly OptionValue[] | undefined };

/** The first option of this type, typed by its codec. */
export function findOption<K extends keyof OptionByType>(mh: WithOptions, type: K): OptionByType[K] | undefined;
export function findOption(mh: WithOptions, type: number): OptionValue | undefined;
export function findOption(mh: WithOptions, type: number): OptionValue | undefined {
  return mh.options?.find((o) => o.type === type);
}

/** Every option of this type, in order (a PBU may carry several Home Network Prefixes). */
export function findOptions<K extends keyof OptionByType>(mh: WithOptions, type: K): OptionByType[K][];
export function findOptions(mh: WithOptions, type: number): OptionValue[];
export function findOptions(mh: WithOptions, type: number): OptionValue[] {
  return (mh.options ?? []).filter((o) => o.type === type);
}

export type BindingUpdate = MobilityHeader & { mhType: 5; body: BindingUpdateBody };
export type BindingAck = MobilityHeader & { mhType: 6; body: BindingAckBody };

export function isBindingUpdate(mh: MobilityHeader): mh is BindingUpdate {
  return mh.mhType === MH_TYPE.BINDING_UPDATE;
}

export function isBindingAck(mh: MobilityHeader): mh is BindingAck {
  return mh.mhType === MH_TYPE.BINDING_ACK;
}

/** Seconds → the 4-second units of the Lifetime field, rounded down (never grant more than asked). */
export function lifetimeUnits(seconds: number): number {
  const units = Math.floor(seconds / 4);
  if (!Number.isFinite(seconds) || units < 0 || units > 0xffff) throw new RangeError(`lifetime ${seconds} s does not fit in 16 bits of 4 s`);
  return units;
}

// ---- option values -------------------------------------------------------------------------

/** "2001:db8:1::/64", "::/0", or the parts. */
export type PrefixInput = string | { prefix: string; prefixLength: number };

export function mnIdentifierOption(nai: string): OptionByType[8] {
  return { type: OPTION.MN_ID, subtype: 1, identifier: nai };
}

export function homeNetworkPrefixOption(p: PrefixInput): OptionByType[22] {
  if (typeof p !== 'string') return { type: OPTION.HOME_NETWORK_PREFIX, prefixLength: p.prefixLength, prefix: p.prefix };
  const [prefix, len] = p.split('/');
  const prefixLength = len === undefined ? (prefix === '::' ? 0 : 64) : Number(len);
  if (!prefix || !(prefixLength >= 0 && prefixLength <= 128)) throw new RangeError(`not a prefix: ${p}`);
  return { type: OPTION.HOME_NETWORK_PREFIX, prefixLength, prefix };
}

export function handoffIndicatorOption(hi: number): OptionByType[23] {
  return { type: OPTION.HANDOFF_INDICATOR, hi };
}

export function accessTechnologyOption(att: number): OptionByType[24] {
  return { type: OPTION.ACCESS_TECHNOLOGY_TYPE, att };
}

export function timestampOption(timestamp: bigint): OptionByType[27] {
  return { type: OPTION.TIMESTAMP, timestamp };
}

export function linkLocalAddressOption(address: string): OptionByType[26] {
  return { type: OPTION.LINK_LOCAL_ADDRESS, address };
}

/** A MAC address text ("02:00:00:00:00:01") or the identifier's bytes. */
export function mnLinkLayerIdOption(id: string | Uint8Array): OptionByType[25] {
  return { type: OPTION.MN_LINK_LAYER_ID, lli: typeof id === 'string' ? macFromText(id) : id };
}

/** With a key (Length 6), or without one to ask for GRE without keys (Length 2). */
export function greKeyOption(key?: number): OptionByType[33] {
  return key === undefined ? { type: OPTION.GRE_KEY } : { type: OPTION.GRE_KEY, key };
}

/** 0.0.0.0 asks the LMA to allocate an address (RFC 5844 §3.3.1). */
export function ipv4HomeAddressRequestOption(address = '0.0.0.0', prefixLength = 0): OptionByType[36] {
  return { type: OPTION.IPV4_HOA_REQUEST, flags: { prefixLength }, address };
}

export function ipv4HomeAddressReplyOption(status: number, address: string, prefixLength: number): OptionByType[37] {
  return { type: OPTION.IPV4_HOA_REPLY, status, flags: { prefixLength }, address };
}

export function ipv4DefaultRouterOption(address: string): OptionByType[38] {
  return { type: OPTION.IPV4_DEFAULT_ROUTER, address };
}

/** `server`: the MAG is the DHCP server (S=1) rather than a relay. */
export function ipv4DhcpSupportModeOption(server: boolean): OptionByType[39] {
  return { type: OPTION.IPV4_DHCP_SUPPORT_MODE, flags: { s: server } };
}

export function ipv4CareOfAddressOption(address: string): OptionByType[32] {
  return { type: OPTION.IPV4_COA, address };
}

/** NAT Detection: `udp` sets F; `refreshTime` 0xFFFFFFFF says no keepalives are needed. */
export function natDetectionOption(udp: boolean, refreshTime: number): OptionByType[31] {
  return { type: OPTION.NAT_DETECTION, flags: { f: udp }, refreshTime };
}

// ---- PBU / PBA ----------------------------------------------------------------------------

/** The PMIPv6 options of a PBU or PBA, in the order the lab sends them. */
export interface PmipOptionParams {
  nai?: string;
  hnps?: readonly PrefixInput[];
  handoff?: number;
  att?: number;
  timestamp?: bigint;
  linkLocal?: string;
  mnLinkLayerId?: string | Uint8Array;
  /** Further options (GRE key, IPv4 requests…), appended in order. */
  options?: readonly OptionValue[];
}

function pmipOptions(p: PmipOptionParams): OptionValue[] {
  return [
    ...(p.nai === undefined ? [] : [mnIdentifierOption(p.nai)]),
    ...(p.hnps ?? []).map(homeNetworkPrefixOption),
    ...(p.handoff === undefined ? [] : [handoffIndicatorOption(p.handoff)]),
    ...(p.att === undefined ? [] : [accessTechnologyOption(p.att)]),
    ...(p.timestamp === undefined ? [] : [timestampOption(p.timestamp)]),
    ...(p.mnLinkLayerId === undefined ? [] : [mnLinkLayerIdOption(p.mnLinkLayerId)]),
    ...(p.linkLocal === undefined ? [] : [linkLocalAddressOption(p.linkLocal)]),
    ...(p.options ?? []),
  ];
}

export interface PbuParams extends PmipOptionParams {
  seq: number;
  /** 0 de-registers (RFC 5213 §6.9.1.2). */
  lifetimeSeconds: number;
  nai: string;
  hnps: readonly PrefixInput[];
  handoff: number;
  att: number;
  /** Flags besides A and P (which a PBU always sets), e.g. `{ t: true }` for the TLV header. */
  flags?: BindingUpdateBody['flags'];
}

/** A Proxy Binding Update (RFC 5213 §6.9.1.5): A and P set (0x8200), MN-ID, HNP(s), HI, ATT. */
export function proxyBindingUpdate(p: PbuParams): BindingUpdate {
  return {
    proto: 'mipv6',
    mhType: MH_TYPE.BINDING_UPDATE,
    body: { seq: p.seq, flags: { ...p.flags, a: true, p: true }, lifetime: lifetimeUnits(p.lifetimeSeconds) },
    options: pmipOptions(p),
  };
}

export interface PbaParams extends PmipOptionParams {
  status: number;
  /** The PBU's sequence number, echoed. */
  seq: number;
  lifetimeSeconds: number;
  flags?: BindingAckBody['flags'];
}

/** A Proxy Binding Acknowledgement (RFC 5213 §5.3.6): P set, the PBU's options echoed. */
export function proxyBindingAck(p: PbaParams): BindingAck {
  return {
    proto: 'mipv6',
    mhType: MH_TYPE.BINDING_ACK,
    body: { status: p.status, flags: { ...p.flags, p: true }, seq: p.seq, lifetime: lifetimeUnits(p.lifetimeSeconds) },
    options: pmipOptions(p),
  };
}
