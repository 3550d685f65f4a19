import { macToText, type LayerValue, type OptionValue } from '../../wire/core';
import {
  accessTechnology, macDeviceId, perNodeAuthMethod, registrationReply, registrationRequest, type PmipExtension, type RrqFlags,
} from '../../wire/mipv4';
import { authSpecs, type AuthMode, type SecurityAssociation } from './security';

/*
 * Proxy Registration Request and Reply (RFC 5563 §4.1; seed 000 §4.1.1): Mobile IPv4 Registration
 * Request and Reply (RFC 5944 §3.3, §3.4) sent by the PMA for a mobile device, with the NAI
 * (RFC 2794), the PMIPv4 extensions (RFC 5563 §5), the GRE Key (RFC 6245), Revocation Support
 * (RFC 3543 §3.2) and the authentication extensions last. Builders for the senders, readers for
 * the receivers: both sides agree on the meaning of each extension here.
 */

/** RFC 5944 §3.3: the home agent field asks for dynamic assignment when it is all zeros or all ones (RFC 5563 §4.6). */
export const ALL_ONES = '255.255.255.255';
export const ALL_ZEROS = '0.0.0.0';
export const isDynamicHomeAgent = (a: string): boolean => a === ALL_ONES || a === ALL_ZEROS;

/** RFC 5563 §5.5 Tech-Type 1: the lab's access links are Ethernet (802.3). */
export const TECH_8023 = 1;

export interface ProxyRequestInit {
  lifetime: number;
  /** 0.0.0.0 asks the home agent to assign one (RFC 5563 §4.1.1 step 3); else the assigned address or a hint. */
  homeAddress: string;
  homeAgent: string;
  careOf: string;
  identification: bigint;
  nai: string;
  /** The device's MAC (RFC 5563 §5.3, ID-Type 1): how the home agent's DHCP server finds the binding. */
  deviceMac?: string;
  mode: AuthMode;
  mnHa?: SecurityAssociation | undefined;
  faHa?: SecurityAssociation | undefined;
  /** The key the home agent must put in GRE packets to this PMA (RFC 6245 §5). */
  greKey?: number;
  /** The PMA's clock in seconds, to negotiate Registration Revocation (RFC 3543 §4.2.1). */
  revocationTimestamp?: number;
}

/**
 * The PMA's request (RFC 5563 §4.1.1, §7): D clear (the PMA ends the tunnel, not the device), T set
 * (traffic from the device is tunnelled back, §4.2.1), G with a GRE key. With per-node security the
 * Per-Node Authentication Method goes in (§5.1) and only FA-HA authenticates; per mobile node,
 * MN-HA does, followed by FA-HA when the PMA also shares a key with the home agent (RFC 5944
 * §3.8.2.1 c; RFC 3543 §4.2.1).
 */
export function proxyRequest(r: ProxyRequestInit): LayerValue {
  const pmip: PmipExtension[] = r.mode === 'fa-ha' ? [perNodeAuthMethod(1)] : [];
  if (r.deviceMac) pmip.push(macDeviceId(r.deviceMac));
  pmip.push(accessTechnology(TECH_8023));
  const flags: RrqFlags = { t: true, ...(r.greKey === undefined ? {} : { g: true }) };
  return registrationRequest(
    {
      lifetime: r.lifetime,
      homeAddress: r.homeAddress,
      homeAgent: r.homeAgent,
      careOf: r.careOf,
      identification: r.identification,
      flags,
      nai: r.nai,
      ...(r.greKey === undefined ? {} : { greKey: r.greKey }),
      ...(r.revocationTimestamp === undefined ? {} : { revocationSupport: { timestamp: r.revocationTimestamp } }),
      auth: authSpecs(r.mode === 'fa-ha' ? { faHa: r.faHa } : { mnHa: r.mnHa, faHa: r.faHa }),
    },
    pmip,
  ) as LayerValue;
}

export interface ReplyInit {
  code: number;
  lifetime: number;
  homeAddress: string;
  homeAgent: string;
  identification: bigint;
  nai?: string | undefined;
  /** Per-node security: the Method extension is repeated in the reply (RFC 5563 §5.1). */
  perNode: boolean;
  greKey?: number | undefined;
  revocationTimestamp?: number | undefined;
  mnHa?: SecurityAssociation | undefined;
  faHa?: SecurityAssociation | undefined;
}

export function proxyReply(r: ReplyInit): LayerValue {
  return registrationReply({
    code: r.code,
    lifetime: r.lifetime,
    homeAddress: r.homeAddress,
    homeAgent: r.homeAgent,
    identification: r.identification,
    ...(r.nai === undefined ? {} : { nai: r.nai }),
    ...(r.perNode ? { pmipExtensions: [{ type: 47, subtype: 1, method: 1 }] } : {}),
    ...(r.greKey === undefined ? {} : { greKey: r.greKey }),
    ...(r.revocationTimestamp === undefined ? {} : { revocationSupport: { timestamp: r.revocationTimestamp } }),
    auth: authSpecs({ mnHa: r.mnHa, faHa: r.faHa }),
  }) as LayerValue;
}

// ---- reading ---------------------------------------------------------------------------------

const exts = (m: LayerValue): OptionValue[] => (m.extensions as OptionValue[] | undefined) ?? [];

/** What the extensions of a registration message say, whichever side reads them. */
export interface ExtensionFacts {
  nai?: string;
  /** RFC 5563 §5.1 Method (1 = FA-HA), when the Per-Node Authentication Method extension is there. */
  perNodeMethod?: number;
  /** Any PMIPv4 extension (47 or 147): the sender speaks proxy Mobile IPv4. */
  pmip: boolean;
  deviceMac?: string;
  greKey?: number;
  revocation?: { timestamp: number; i: boolean };
  /** SPIs of the MN-HA and FA-HA extensions. */
  mnHaSpi?: number;
  faHaSpi?: number;
}

export function readExtensions(m: LayerValue): ExtensionFacts {
  const out: ExtensionFacts = { pmip: false };
  for (const e of exts(m)) {
    switch (e.type) {
      case 131:
        out.nai = e.nai as string;
        break;
      case 47:
        out.pmip = true;
        if (e.subtype === 1) out.perNodeMethod = e.method as number;
        break;
      case 147:
        out.pmip = true;
        if (e.subtype === 2 && e.idType === 1 && (e.identifier as Uint8Array).length === 6) out.deviceMac = macToText(e.identifier as Uint8Array);
        break;
      case 48:
        out.greKey = e.key as number;
        break;
      case 137:
        out.revocation = { timestamp: e.timestamp as number, i: (e.flags as { i?: boolean } | undefined)?.i === true };
        break;
      case 32:
        out.mnHaSpi = e.spi as number;
        break;
      case 34:
        out.faHaSpi = e.spi as number;
        break;
    }
  }
  return out;
}

export interface RequestFacts extends ExtensionFacts {
  lifetime: number;
  homeAddress: string;
  homeAgent: string;
  careOf: string;
  identification: bigint;
  flags: RrqFlags;
}

export function readRequest(m: LayerValue): RequestFacts {
  return {
    ...readExtensions(m),
    lifetime: m.lifetime as number,
    homeAddress: m.homeAddress as string,
    homeAgent: m.homeAgent as string,
    careOf: m.careOf as string,
    identification: m.identification as bigint,
    flags: (m.flags as RrqFlags | undefined) ?? {},
  };
}

export interface ReplyFacts extends ExtensionFacts {
  code: number;
  lifetime: number;
  homeAddress: string;
  homeAgent: string;
  identification: bigint;
}

export function readReply(m: LayerValue): ReplyFacts {
  return {
    ...readExtensions(m),
    code: m.code as number,
    lifetime: m.lifetime as number,
    homeAddress: m.homeAddress as string,
    homeAgent: m.homeAgent as string,
    identification: m.identification as bigint,
  };
}
