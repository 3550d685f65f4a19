import { ipv6Packet, type Ipv6Packet } from '../../wire/ipv6';
import { BA_STATUS_NAMES, proxyBindingAck, type BindingAck, type PrefixInput } from '../../wire/mh';
import { ipv4ReplyOptions, type Ipv4Grant } from './ipv4-home-address';
import type { PbuFacts } from './pbu';

/*
 * RFC 5213 §5.3.6, the Proxy Binding Acknowledgement the LMA sends for any status:
 *
 *     IPv6 header (src=LMAA, dst=Proxy-CoA)
 *       Mobility header
 *         - BA  (P flag must be set to value of 1)
 *         Mobility Options
 *           - Mobile Node Identifier option            (mandatory)
 *           - Home Network Prefix option(s)            (mandatory)
 *           - Handoff Indicator option                 (mandatory)
 *           - Access Technology Type option            (mandatory)
 *           - Timestamp option                         (optional)
 *           - Mobile Node Link-layer Identifier option (optional)
 *           - Link-local Address option                (optional)
 */

export interface PbaOutcome {
  status: number;
  /** Granted lifetime, seconds; 0 for a de-registration and for a refusal. */
  lifetimeSeconds: number;
  /** Accepted: the session's prefix (or /128 home address). */
  prefix?: string;
  /** 156 and 157: the LMA's own time of day goes back instead of the PBU's (§5.5 ¶8-9). */
  lmaTimestamp?: bigint;
  /** 135: the last accepted sequence number goes back (RFC 6275 §9.5.1). */
  seq?: number;
  /** Accepted with a Link-local Address option: the MAG link-local address of the entry. */
  linkLocal?: string;
  /** For a PBU with an IPv4 Home Address Request (RFC 5844 §3.1.2.6): the address held, or the reply's own status. */
  ipv4Home?: { grant?: Ipv4Grant; replyStatus?: number; dhcpServerAtMag?: boolean };
}

export function pbaMessage(pbu: PbuFacts, o: PbaOutcome): BindingAck {
  const rejected = o.status >= 128;
  // RFC 5844 §3.1.2.6: a request with only the IPv4 Home Address Request option gets no HNP back.
  const ipv4Only = pbu.hnps.length === 0 && pbu.ipv4Home !== undefined;
  const hnps: PrefixInput[] = ipv4Only
    ? []
    : rejected
      ? // Every HNP of the request; ALL_ZERO when it had none.
        pbu.hnps.length > 0 ? pbu.hnps : ['::/0']
      : [o.prefix ?? '::/0'];
  const v4 = o.ipv4Home;
  const ipv4Options = pbu.ipv4Home
    ? ipv4ReplyOptions({
        request: pbu.ipv4Home,
        accepted: !rejected,
        ...(v4?.grant ? { grant: v4.grant } : {}),
        ...(v4?.replyStatus === undefined ? {} : { replyStatus: v4.replyStatus }),
        ...(v4?.dhcpServerAtMag === undefined ? {} : { dhcpServerAtMag: v4.dhcpServerAtMag }),
      })
    : [];
  const timestamp = pbu.timestamp === undefined ? undefined : (o.lmaTimestamp ?? pbu.timestamp);
  const linkLocal = pbu.linkLocal === undefined ? undefined : rejected ? pbu.linkLocal : (o.linkLocal ?? pbu.linkLocal);
  return proxyBindingAck({
    status: o.status,
    // §5.5 ¶5: the sequence number is copied even when the timestamp orders.
    seq: o.seq ?? pbu.seq,
    lifetimeSeconds: rejected ? 0 : o.lifetimeSeconds,
    // A zero-length identifier when the request had none (§5.3.1 ¶4).
    nai: pbu.nai ?? '',
    hnps,
    handoff: pbu.hi ?? 0,
    att: pbu.att ?? 0,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(pbu.mnLinkLayerId === undefined ? {} : { mnLinkLayerId: pbu.mnLinkLayerId }),
    ...(linkLocal === undefined ? {} : { linkLocal }),
    ...(ipv4Options.length > 0 ? { options: ipv4Options } : {}),
  });
}

/** The PBA in its IPv6 packet: from the address the PBU was sent to, back to its source (§5.3.6). */
export function pbaPacket(pbu: PbuFacts, lmaa: string, o: PbaOutcome): Ipv6Packet {
  return ipv6Packet({ src: lmaa, dst: pbu.source, payload: pbaMessage(pbu, o) });
}

export function statusName(status: number): string {
  return `${status} ${BA_STATUS_NAMES[status] ?? 'unknown'}`;
}
