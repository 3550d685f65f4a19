import type { Network } from '../../sim/network';
import type { Params } from '../params';
import { Lab, type LabOptions } from './topology';

/** Parameters every PMIPv4 scenario shares, and the Lab built from them. */

export const addressingParam = {
  name: 'addressing',
  label: 'Address configuration',
  doc: 'dhcp: the MN asks for its address with DHCP; ipcp: it is on a PPP link and IPCP gives it the address (Configure-Nak with the home address, RFC 5563 §6.4).',
  type: 'enum',
  values: ['dhcp', 'ipcp'],
  default: 'dhcp',
} as const;

export const dhcpParam = {
  name: 'dhcp',
  label: 'DHCP in the access router',
  doc: 'server: the MAG is the DHCP server and offers the home address; relay: it relays to the DHCP server at the home agent (RFC 5563 §6.3).',
  type: 'enum',
  values: ['server', 'relay'],
  default: 'server',
} as const;

export const tunnelParam = {
  name: 'tunnel',
  label: 'Tunnel',
  doc: 'ip-in-ip (the default of RFC 5563 §4.2.1) or gre, with the GRE keys the request and the reply exchange (RFC 6245).',
  type: 'enum',
  values: ['ip-in-ip', 'gre'],
  default: 'ip-in-ip',
} as const;

export const authParam = {
  name: 'auth',
  label: 'Security association',
  doc: 'mn-ha: the MN-HA key from the AAA profile authenticates each request (per device); fa-ha: one key per MAG, with the Per-Node Authentication Method extension (RFC 5563 §4.3, §5.1).',
  type: 'enum',
  values: ['mn-ha', 'fa-ha'],
  default: 'mn-ha',
} as const;

export const lifetimeParam = {
  name: 'lifetime',
  label: 'Registration lifetime',
  doc: 'The lifetime the MAG asks for, s; it re-registers at 80 % of it.',
  type: 'number',
  min: 4,
  max: 65534,
  default: 60,
  unit: 's',
  integer: true,
} as const;

export const delayParam = {
  name: 'delay',
  label: 'MAG–HA delay',
  doc: 'One-way delay of each MAG–home agent link: a longer one delays the reply, and with it the MN’s address.',
  type: 'number',
  min: 0,
  max: 1000,
  default: 5,
  unit: 'ms',
} as const;

export const lossParam = {
  name: 'loss',
  label: 'MAG–HA loss',
  doc: 'Frames lost on the MAG–home agent links: an unanswered request is sent again with a new Identification (RFC 5944 §3.6.3).',
  type: 'number',
  min: 0,
  max: 90,
  default: 0,
  unit: '%',
} as const;

export const commonParams = [addressingParam, dhcpParam, tunnelParam, authParam] as const;

/** The Lab of a single-MN scenario with the shared parameters applied. */
export function labFor(net: Network, params: Params, more: Partial<LabOptions> = {}): Lab {
  const delay = (params.delay as number | undefined) ?? 5;
  return new Lab(net, {
    mns: 1,
    addressing: (params.addressing as LabOptions['addressing'] | undefined) ?? 'dhcp',
    dhcp: (params.dhcp as LabOptions['dhcp'] | undefined) ?? 'server',
    tunnel: (params.tunnel as LabOptions['tunnel'] | undefined) ?? 'ip-in-ip',
    auth: (params.auth as LabOptions['auth'] | undefined) ?? 'mn-ha',
    lifetimeSeconds: (params.lifetime as number | undefined) ?? 60,
    magHaDelayMs: [delay, delay],
    lossPercent: (params.loss as number | undefined) ?? 0,
    trafficIntervalMs: 100,
    ...more,
  });
}
