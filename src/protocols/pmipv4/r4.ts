import type { LayerValue } from '../../wire/core';
import { ipv4Packet } from '../../wire/ipv4';
import { R4_PORT } from '../../wire/r4';

/*
 * The simplified R4 (src/wire/r4.ts, a lab encoding) between the foreign agents (WiMAX data path
 * functions) and the anchored PMIPv4 client of a split PMA (RFC 5563 §10, Fig. 6): the message a
 * sender builds and what a receiver reads of it.
 */

export interface R4Fields {
  type: number;
  forwarding?: boolean;
  handover?: boolean;
  accepted?: boolean;
  transaction: number;
  dataPath: string;
  homeAddress?: string;
  homeAgent?: string;
  authenticator?: string;
  nai: string;
}

/** An R4 message from `src` to `dst` on the lab's R4 port, with a Mobile IP message embedded (Types 4 and 5). */
export function r4Packet(src: string, dst: string, f: R4Fields, mip?: LayerValue): LayerValue {
  const r4: LayerValue = {
    proto: 'r4',
    type: f.type,
    flags: { forwarding: f.forwarding === true, handover: f.handover === true, accepted: f.accepted === true },
    transaction: f.transaction >>> 0,
    dataPath: f.dataPath,
    homeAddress: f.homeAddress ?? '0.0.0.0',
    homeAgent: f.homeAgent ?? '0.0.0.0',
    authenticator: f.authenticator ?? '0.0.0.0',
    nai: f.nai,
    ...(mip ? { payload: mip } : {}),
  };
  return ipv4Packet({ src, dst, payload: { proto: 'udp', srcport: R4_PORT, dstport: R4_PORT, payload: r4 } });
}

/** What a receiver needs of a decoded R4 message; the embedded Mobile IP message, if any. */
export function readR4(m: LayerValue): R4Fields & { mip?: LayerValue } {
  const flags = (m.flags ?? {}) as Record<string, unknown>;
  const mip = m.payload as LayerValue | undefined;
  return {
    type: m.type as number,
    forwarding: flags.forwarding === true,
    handover: flags.handover === true,
    accepted: flags.accepted === true,
    transaction: m.transaction as number,
    dataPath: m.dataPath as string,
    homeAddress: m.homeAddress as string,
    homeAgent: m.homeAgent as string,
    authenticator: m.authenticator as string,
    nai: m.nai as string,
    ...(mip?.proto === 'mip' ? { mip } : {}),
  };
}

/** The R4 message of a received packet (UDP to the R4 port), if it is one. */
export function r4Of(packet: LayerValue): { src: string; message: LayerValue } | undefined {
  const l4 = packet.payload as LayerValue | undefined;
  if (packet.proto !== 'ip' || l4?.proto !== 'udp' || l4.dstport !== R4_PORT) return undefined;
  const m = l4.payload as LayerValue | undefined;
  return m?.proto === 'r4' ? { src: packet.src as string, message: m } : undefined;
}
