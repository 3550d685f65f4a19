/**
 * The IPv4 addressing plan of pmipv6-ipv4-home-address (documentation ranges, RFC 5737), beside
 * the IPv6 plan of the PMIPv6 scenarios (src/scenarios/pmipv6/addressing.ts), kept in one place so
 * lessons and tests can name what a learner sees.
 *
 *   192.0.2.0/24     the mobile nodes' IPv4 home network: its default router .1, the pool from .10
 *   198.51.100.0/24  the correspondent's side: the LMA .1, the CN .2
 *   203.0.113.0/24   the operator's own: MAG n's address .n (DHCP server identifier or giaddr),
 *                    the LMA's DHCP server or relay .100, the standalone DHCP server .200
 */

export const HOME_PREFIX_V4 = '192.0.2.0/24';
/** The mobile nodes' default router (RFC 5844 §3.3.3), the same behind every MAG. */
export const DEFAULT_ROUTER_V4 = '192.0.2.1';
/** The first address a pool hands out. */
export const POOL_START_V4 = '192.0.2.10';

export const LMA_CN_SIDE_V4 = '198.51.100.1';
export const CN_ADDRESS_V4 = '198.51.100.2';
export const CN_PREFIX_LENGTH_V4 = 24;

/** MAG n's own IPv4 address on its access links: the server identifier of seed 002 §3.1, or its giaddr as a relay. */
export const magAddressV4 = (n: number): string => `203.0.113.${n}`;
/** The DHCP server (relay-to-lma) or relay (double-relay) in the LMA. */
export const LMA_DHCP_V4 = '203.0.113.100';
/** The standalone DHCP server of seed 002 Appendix A. */
export const DHCP_SERVER_V4 = '203.0.113.200';
/** Where the MAGs' giaddrs live, as the standalone server behind the LMA routes them. */
export const MAG_ADDRESSES_V4 = '203.0.113.0/28';
