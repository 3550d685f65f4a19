import { utf8FromText } from '../../wire/core';
import type { SecurityAssociation } from '../../protocols/pmipv4/security';

/**
 * The addressing plan and keys of the PMIPv4 scenarios (documentation ranges, RFC 5737), in one
 * place so lessons and tests can name what a learner sees.
 */

/** The home agent's address: what PMAs register with and where tunnels start. */
export const HA_ADDRESS = '198.51.100.1';
/** MAG n's care-of address on its link to the home agent, and the home agent's end of that link. */
export const careOf = (n: number): string => `198.51.100.${10 + n}`;
export const haSide = (n: number): string => `198.51.100.${20 + n}`;
/** The AAA server, MAG n's NAS address on its link to it, and the server's end of that link. */
export const AAA_ADDRESS = '198.51.100.100';
export const nasAddress = (n: number): string => `198.51.100.${30 + n}`;
export const aaaSide = (n: number): string => `198.51.100.${40 + n}`;
export const RADIUS_SECRET = 'pmip-lab-secret';
/** The correspondent and the home agent's end of its link. */
export const CN_ADDRESS = '203.0.113.10';
export const HA_CN_SIDE = '203.0.113.1';

/** The home network every PMA emulates (RFC 5563 §6): its gateway, mask and the home agent's pool. */
export const HOME_GATEWAY = '192.0.2.1';
export const HOME_MASK = '255.255.255.0';
export const HOME_PREFIX_LENGTH = 24;
export const HOME_POOL = Array.from({ length: 20 }, (_, i) => `192.0.2.${101 + i}`);
/** An address of the home network the home agent never gives out: the prohibited hint. */
export const UNAUTHORIZED_ADDRESS = '192.0.2.250';
/**
 * The MAC every PMA answers for the gateway with, as a VRRP virtual router's (RFC 5798 §7.3): a
 * "common MAC address listened to by all participating ARs" (seed 000 §6.1).
 */
export const GATEWAY_MAC = '00:00:5e:00:01:01';
export const LEASE_SECS = 86_400;

export const nai = (n: number): string => `mn${n}@pmip-lab.example`;

/** Mobile node n's MAC: fixed, so the PMIPv4 Device ID extension and the DHCP chaddr are known in advance. */
export const mnMac = (n: number): string => `02:00:00:00:00:${(0x10 + n).toString(16).padStart(2, '0')}`;

/** Mobile node n's MN-HA association (RFC 5563 §4.3, per device): the AAA server hands the key to the PMA. */
export const mnHa = (n: number): SecurityAssociation => ({ spi: 0x100 + n, key: utf8FromText(`mn${n}-mn-ha-secret`) });
/** MAG n's FA-HA association with the home agent (per node; seed 000 §11: "provisioned by the administrator"). */
export const faHa = (n: number): SecurityAssociation => ({ spi: 0x200 + n, key: utf8FromText(`mag${n}-fa-ha-secret`) });
/** What a misconfigured party holds instead: same SPI, another key. */
export const wrongKey = (sa: SecurityAssociation): SecurityAssociation => ({ spi: sa.spi, key: utf8FromText('not-the-right-key') });
