import type { Encapsulation } from './tunnels';

/*
 * The home agent's mobility binding list (RFC 5944 §3.8.2.2; "MBE" in RFC 5563 §8.1). One binding
 * per mobile device, looked up by NAI (RFC 5563 §8.1), since the home address may not be known
 * when a request arrives (0.0.0.0, RFC 2794 §3).
 */

export interface MobilityBinding {
  nai: string;
  homeAddress: string;
  /** The PMA's care-of address, where the tunnel ends. */
  careOf: string;
  /** The home agent address the binding was registered with. */
  homeAgent: string;
  identification: bigint;
  lifetimeSeconds: number;
  expiresUs: number;
  encapsulation: Encapsulation;
  /** GRE keys (RFC 6245 §5): the PMA's, for packets to it; the home agent's, for packets from it. */
  greKeys?: { toPma: number; toHa: number };
  /** Revocation Support negotiated with this PMA (RFC 3543 §4.2.1), with its timestamp. */
  revocation?: { pmaTimestamp: number };
  /** From the PMIPv4 Device ID extension (RFC 5563 §5.3): the device's MAC, for DHCP. */
  deviceMac?: string;
  /** The home address came from the pool, and returns to it when the binding goes. */
  fromPool: boolean;
  tunnel: string;
  /**
   * `active`: routed and answered. `tentative`: RFC 5563 §11.1 step 2, a 3GPP2 AGW has updated the
   * binding to the new PMA but not committed it; `replaces` is the previous PMA, whose tunnel share
   * is kept until the commit (step 5).
   */
  state: 'active' | 'tentative';
  replaces?: { careOf: string; tunnel: string };
}

export type BindingList = Readonly<Record<string, MobilityBinding>>;

/** The first address of the pool that no binding holds. */
export function freeAddress(pool: readonly string[], bindings: BindingList, reserved: ReadonlySet<string>): string | undefined {
  const used = new Set(Object.values(bindings).map((b) => b.homeAddress));
  return pool.find((a) => !used.has(a) && !reserved.has(a));
}
