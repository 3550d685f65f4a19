import type { Ipv4Encoding } from '../../protocols/pmipv6';
import type { Network } from '../../sim/network';
import type { ScenarioDefinition } from '../definition';
import type { Params } from '../params';
import { delayParam, Lab, lossParam } from '../pmipv6/topology';
import { ipv4Core, NAT_BINDING_TIMEOUT_S, NAT_REFRESH_S } from './ipv4-core';
import { transportSteps, wiresharkNotes } from './transport-steps';

/*
 * pmipv6-ipv4-transport (SCENARIOS.md; seed 002 §4, Figs. 7-13): MAG1 reaches the LMA only over
 * IPv4, by default from behind a NAT. The MN attaches, MAG1 registers it over IPv4/UDP, the LMA
 * detects the NAT and both sides tunnel in UDP; the CN's echo flows; then the run goes quiet past
 * the NAT's binding timeout, and the echo resumes: with keepalives it gets through, without them
 * the NAT drops it until the MAG's next PBU makes a new binding.
 */

export const ATTACH_AT_US = 10_000;
export const TRAFFIC_FOR_US = 500_000;
/** Well after the NAT binding would have expired without keepalives (the last packet ~0.7 s + 30 s). */
export const QUIET_TRAFFIC_AT_US = 45_000_000;
/** After the renewal at 80 % of the 60 s lifetime (48 s), which a MAG sends keepalives or not. */
export const LATE_TRAFFIC_AT_US = 49_000_000;
export const LATE_TRAFFIC_FOR_US = 300_000;
export const DURATION_US = 50_000_000;
export const LIFETIME_S = 60;

const SEED = 'draft-ietf-netlmm-pmip6-ipv4-support-02';

export const encodingParam = {
  name: 'encoding',
  label: 'Encoding',
  doc: 'rfc5844: the Mobility Header right after UDP 5436, data on 5437 (Wireshark reads it); draft-02: seed 002’s whole IPv6 PBU inside UDP 4191, as DSMIPv6 does.',
  type: 'enum',
  values: ['rfc5844', 'draft-02'],
  default: 'rfc5844',
} as const;

export const natParam = {
  name: 'nat',
  label: 'NAT',
  doc: 'mag-behind-nat: MAG1 has a private address behind a NAT, which the LMA detects and the tunnel traverses in UDP; none: a direct IPv4 path.',
  type: 'enum',
  values: ['mag-behind-nat', 'none'],
  default: 'mag-behind-nat',
} as const;

export const refreshParam = {
  name: 'refresh',
  label: 'NAT keepalives',
  doc: 'Off: the MAG ignores the refresh time, the NAT binding expires while the path is quiet, and the LMA’s packets are dropped at the NAT.',
  type: 'boolean',
  default: true,
} as const;

export const forceUdpParam = {
  name: 'force-udp',
  label: 'Force UDP (F flag)',
  doc: 'The MAG sets F in its PBUs: UDP encapsulation without a NAT, RFC 5844’s remaining use of the flag.',
  type: 'boolean',
  default: false,
} as const;

export const tlvHeaderParam = {
  name: 'tlv-header',
  label: 'TLV header (T flag)',
  doc: 'The MAG sets T: tunnelled packets carry a TLV header after UDP (seed 002 Figs. 10, 13; RFC 5845 §7.2).',
  type: 'boolean',
  default: false,
} as const;

export interface TransportVariant {
  encoding: Ipv4Encoding;
  nat: boolean;
  refresh: boolean;
  forceUdp: boolean;
  tlvHeader: boolean;
}

export function variantOf(params: Params): TransportVariant {
  return {
    encoding: params.encoding as Ipv4Encoding,
    nat: params.nat === 'mag-behind-nat',
    refresh: params.refresh as boolean,
    forceUdp: params['force-udp'] as boolean,
    tlvHeader: params['tlv-header'] as boolean,
  };
}

/** The lab for a variant: MAG1 behind a NAT or not, MAG2 always on a direct IPv4 link (for a move). */
export function transportLab(net: Network, v: TransportVariant, o: { delayMs: number; lossPercent: number; mns?: number }): Lab {
  return new Lab(net, {
    mns: o.mns ?? 1,
    addressing: 'per-mn-prefix',
    prefix: 'profile',
    lifetimeSeconds: LIFETIME_S,
    magLmaDelayMs: [o.delayMs, o.delayMs],
    lossPercent: o.lossPercent,
    trafficIntervalMs: 100,
    core: ipv4Core({
      encoding: v.encoding,
      natted: [v.nat, false],
      forceUdp: v.forceUdp,
      tlvHeader: v.tlvHeader,
      natKeepalive: v.refresh,
      // With a NAT the lab runs seed 002's traversal, in either layout.
      natTraversal: v.nat,
    }),
  });
}

export const pmipv6Ipv4Transport: ScenarioDefinition = {
  id: 'pmipv6-ipv4-transport',
  params: [encodingParam, natParam, refreshParam, forceUdpParam, tlvHeaderParam, delayParam, lossParam],
  build(net, params) {
    const v = variantOf(params);
    const delay = params.delay as number;
    const lab = transportLab(net, v, { delayMs: delay, lossPercent: params.loss as number });
    for (const text of wiresharkNotes(v)) net.recorder.note({ time: 0, text, section: `${SEED} §4; RFC 5844 §4`, capture: true });
    if (v.nat && v.encoding === 'rfc5844') {
      net.recorder.note({
        time: 0,
        text:
          'RFC 5844 does not support this deployment: it assumes no NAT between MAG and LMA (§4), takes the IPv4-Proxy-CoA from the source of the PBU’s packet (§4.1.1), so a NAT’s address would become the care-of address with nothing to compare it with, and sends tunnelled data to the fixed port 5437 (Fig. 12), for which the NAT holds no binding. The lab runs seed 002’s behaviour instead: the IPv4 Care-of Address option, NAT detection, UDP encapsulation to the translated port, and keepalive PBUs, in RFC 5844’s packet layout.',
        section: `${SEED} §4.1; RFC 5844 §4, §4.1.1; RFC 5555 §4.2`,
        capture: true,
      });
    }
    lab.attach('mn1', 1, ATTACH_AT_US);
    // With loss the PBU may need its back-off (1 + 2 + 4 s…): start the echo once the MN has its address.
    const start = (params.loss as number) > 0 ? 8_000_000 : 200_000 + delay * 4000;
    lab.startTraffic('mn1', start);
    lab.stopTraffic(start + TRAFFIC_FOR_US);
    lab.startTraffic('mn1', QUIET_TRAFFIC_AT_US);
    lab.stopTraffic(QUIET_TRAFFIC_AT_US + LATE_TRAFFIC_FOR_US);
    lab.startTraffic('mn1', LATE_TRAFFIC_AT_US);
    lab.stopTraffic(LATE_TRAFFIC_AT_US + LATE_TRAFFIC_FOR_US);
    if (v.nat) {
      net.recorder.note({
        time: QUIET_TRAFFIC_AT_US,
        text: `The CN sends again after a quiet spell longer than the NAT's ${NAT_BINDING_TIMEOUT_S} s idle timeout: its echo reaches MAG1 only if the NAT still holds MAG1's binding, which ${v.refresh ? `MAG1's PBUs every ${NAT_REFRESH_S} s are meant to keep` : 'nothing has refreshed since the last echo reply'}.`,
        section: `${SEED} §4.2.2; RFC 5555 §4.3`,
        entity: 'nat1',
      });
    }
    return { entities: lab.entities, durationUs: DURATION_US, steps: transportSteps(v), move: (node, to) => lab.move(node, to) };
  },
};
