/*
 * NAT detection between a MAG and its LMA over IPv4, as seed 002 §4.1 takes it from DSMIPv6
 * (RFC 5555 §4.2, §4.3): the MAG puts its own IPv4 address in the IPv4 Care-of Address option; the
 * LMA compares it with the source address of the IPv4 packet that carried the PBU. If they differ,
 * a NAT rewrote the packet on the way, and the PBA carries the NAT Detection option with a refresh
 * time for the keepalives that hold the NAT binding open. Pure rules, no state.
 */

/** RFC 5555 §6: the default NAT keepalive period, s. */
export const NATKATIMEOUT_S = 110;
/** RFC 5555 §3.2.2: a refresh time of all ones says no keepalives are needed (no NAT was detected). */
export const NO_KEEPALIVE = 0xffffffff;

export interface NatVerdict {
  detected: boolean;
  /** The comparison in words, for the narration. */
  why: string;
}

/** RFC 5555 §4.2: "If the two addresses match, no NAT device was in the path. Otherwise, a NAT was in the path". */
export function detectNat(o: { outerSource: string; careOfAddress: string | undefined }): NatVerdict {
  if (o.careOfAddress === undefined) {
    return { detected: false, why: `the PBU has no IPv4 Care-of Address option to compare with its source ${o.outerSource}, so a NAT cannot be seen` };
  }
  if (o.careOfAddress === o.outerSource) {
    return { detected: false, why: `its IPv4 Care-of Address option (${o.careOfAddress}) matches the packet's source address: no NAT on the path` };
  }
  return {
    detected: true,
    why: `the packet comes from ${o.outerSource} but its IPv4 Care-of Address option says ${o.careOfAddress}: a NAT rewrote the source on the way`,
  };
}

/** What the LMA writes in the NAT Detection option (RFC 5555 §3.2.2). */
export interface NatDetectionReply {
  /** F: UDP encapsulation must be used. */
  f: boolean;
  /** Refresh time, s; NO_KEEPALIVE when there is no NAT to keep open. */
  refreshTime: number;
}

/**
 * Whether the PBA carries the NAT Detection option, and with what: after a detected NAT, with F and
 * the configured refresh time (RFC 5555 §4.2, §4.3; seed 002 §4.3.2 "If the NAT is detected, the NAT
 * detection option MUST be used"); for a PBU that forced UDP with its F flag and no NAT, with F and
 * no keepalives (RFC 5844 §4.2.2, which keeps the option only for this); otherwise not at all.
 */
export function natDetectionReply(o: { natDetected: boolean; forced: boolean; refreshSeconds: number }): NatDetectionReply | undefined {
  if (o.natDetected) return { f: true, refreshTime: o.refreshSeconds };
  if (o.forced) return { f: true, refreshTime: NO_KEEPALIVE };
  return undefined;
}

/**
 * How often the MAG refreshes the NAT binding, from the option in the PBA (RFC 5555 §4.3: "the
 * mobile node SHOULD use the value suggested by the home agent"; zero means the default
 * NATKATIMEOUT; all ones, none). Undefined: no keepalives.
 */
export function keepaliveSeconds(option: { refreshTime: number } | undefined): number | undefined {
  if (!option || option.refreshTime === NO_KEEPALIVE) return undefined;
  return option.refreshTime === 0 ? NATKATIMEOUT_S : option.refreshTime;
}
