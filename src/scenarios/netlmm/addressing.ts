/**
 * The addressing plan of the netlmm-* scenarios (documentation prefixes, RFC 3849). Every node but
 * the MNs has one address of its own; links carry no addresses of their own.
 */

/** The prefix every MAG of the local mobility domain advertises, where pHoAs come from (seed 003 §3). */
export const LMD_PREFIX = '2001:db8:100::/64';
/** The GMA's home prefix: the MNs' global home addresses (seed 003 §4.1). */
export const HOME_PREFIX = '2001:db8:8000::/64';

export const LMAA = '2001:db8:ffff::1';
export const GMA_ADDRESS = '2001:db8:9::1';
export const CN_ADDRESS = '2001:db8:cccc::2';
export const DHCP_ADDRESS = '2001:db8:d::1';
export const AAA_ADDRESS = '2001:db8:aaaa::1';
export const RADIUS_SECRET = 'netlmm-lab-secret';

/** MAG n's address: its proxy care-of address (pCoA). */
export const magAddress = (n: number): string => `2001:db8:${n}::1`;
/** PMIP client n's address (client 2 exists only where two clients share the LMD, Appendix B). */
export const clientAddress = (n: number): string => `2001:db8:c::${n}`;

/** The router address on every access link: the same at every MAG, so a handoff is invisible to the MN (§3). */
export const ROUTER_LINK_LOCAL = 'fe80::1';

export const nai = (n: number): string => `mn${n}@netlmm.example`;
/** Mobile node n's global home address at the GMA. */
export const homeAddress = (n: number): string => `2001:db8:8000::${(0x10 + n).toString(16)}`;
/** Mobile node n's MAC: fixed, so its EUI-64 interface identifier is known in advance. */
export const mnMac = (n: number): string => `02:00:00:00:00:${(0x10 + n).toString(16).padStart(2, '0')}`;

/** The DHCPv6 server's pool: LMD_PREFIX::100 onwards. */
export const DHCP_FIRST_HOST = 0x100;
