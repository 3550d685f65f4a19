import type { Network } from '../../sim/network';
import type { Params } from '../params';
import { homeAddress, mnMac, nai } from './addressing';
import { NetlmmLab, type NetlmmMnSpec } from './topology';

/* Parameters both netlmm-* scenarios take, and the lab they build from them. */

export const addressParam = {
  name: 'address',
  label: 'pHoA configuration',
  doc: 'dhcp: the MN asks DHCPv6 and the MAG, as relay, learns the pHoA (§4.1 step 2); stateless: the MN configures it itself and two PMIP clients check it is unique (Appendix B).',
  type: 'enum',
  values: ['dhcp', 'stateless'],
  default: 'dhcp',
} as const;

export const securityParam = {
  name: 'security',
  label: 'Client–LMA security',
  doc: 'preconfigured: the client and the LMA already share what protects the PBUs; aaa: both fetch a per-MN key from the local AAA server, and the PBU carries an authenticator made with it (Appendix C).',
  type: 'enum',
  values: ['preconfigured', 'aaa'],
  default: 'preconfigured',
} as const;

export const delayParam = {
  name: 'delay',
  label: 'Core delay',
  doc: 'One-way delay of the MAG–LMA and client–LMA links: a longer one delays the PBAck, and with it the tunnel to the new MAG.',
  type: 'number',
  min: 0,
  max: 1000,
  default: 5,
  unit: 'ms',
} as const;

export const lossParam = {
  name: 'loss',
  label: 'Core loss',
  doc: 'Frames lost on the MAG–LMA and client–LMA links: the client sends a lost PBU again with a new sequence number (RFC 6275 §11.8).',
  type: 'number',
  min: 0,
  max: 90,
  default: 0,
  unit: '%',
} as const;

/** The binding lifetime the client and the MN ask for, s. */
export const LIFETIME_SECONDS = 60;

export function mnSpec(n: number, o: Partial<NetlmmMnSpec> = {}): NetlmmMnSpec {
  return { n, id: `mn${n}`, nai: nai(n), mac: mnMac(n), hoa: homeAddress(n), mip6: true, label: n === 1 ? 'MN' : `MN${n}`, ...o };
}

export function netlmmLab(net: Network, params: Params, o: { mns: readonly NetlmmMnSpec[]; forwarding?: boolean; trafficIntervalMs: number }): NetlmmLab {
  const stateless = params.address === 'stateless';
  return new NetlmmLab(net, {
    address: stateless ? 'stateless' : 'dhcp',
    // Appendix B's check among PMIP clients needs more than one.
    clients: stateless ? 2 : 1,
    security: params.security === 'aaa' ? 'aaa' : 'preconfigured',
    forwarding: o.forwarding ?? true,
    coreDelayMs: params.delay as number,
    lossPercent: params.loss as number,
    lifetimeSeconds: LIFETIME_SECONDS,
    mns: o.mns,
    trafficIntervalMs: o.trafficIntervalMs,
  });
}

/**
 * When the MN's binding at the GMA is done, so the CN's traffic can start: its DAD takes RetransTimer
 * (1 s) after the pHoA, and the signalling crosses the core links a few times. With loss the
 * retransmissions (1 + 2 + 4 s …) come first.
 */
export function bindingDoneUs(params: Params, attachUs: number): number {
  if ((params.loss as number) > 0) return attachUs + 16_000_000;
  return attachUs + 1_200_000 + (params.delay as number) * 8000;
}
