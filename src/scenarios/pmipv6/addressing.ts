/**
 * The addressing plan of the PMIPv6 scenarios (documentation prefixes, RFC 3849), kept in one
 * place so lessons and tests can name the addresses a learner sees.
 */
export const LMAA = '2001:db8:ffff::1';
export const AAA_ADDRESS = '2001:db8:aaaa::1';
export const CN_ADDRESS = '2001:db8:cccc::2';
export const LMA_CN_SIDE = '2001:db8:cccc::1';
export const RADIUS_SECRET = 'pmip-lab-secret';

/** MAG n's Proxy-CoA on its link to the LMA, and the LMA's end of that link. */
export const proxyCoa = (n: number): string => `2001:db8:${n}::1`;
export const lmaSide = (n: number): string => `2001:db8:${n}::2`;
/** MAG n's address on its link to the AAA, and the AAA's end. */
export const magAaaSide = (n: number): string => `2001:db8:aa0${n}::1`;
export const aaaSide = (n: number): string => `2001:db8:aa0${n}::2`;

/** The home network prefix of mobile node n in the per-MN-prefix model (from its profile). */
export const homePrefix = (n: number): string => `2001:db8:${(0x100 + n - 1).toString(16)}::/64`;
/** Prefixes the LMA hands out when the profile says "allocate". */
export const LMA_POOL = ['2001:db8:1000::/64', '2001:db8:1001::/64', '2001:db8:1002::/64', '2001:db8:1003::/64'];
/** The one prefix all MNs share in the shared-prefix model (seed 001 §5.3). */
export const SHARED_PREFIX = '2001:db8:5000::/64';

export const nai = (n: number): string => `mn${n}@pmip-lab.example`;

/** Mobile node n's MAC: fixed, so its interface identifier and home address are known in advance. */
export const mnMac = (n: number): string => {
  const v = 0x10 + n;
  return `02:00:00:00:${((v >> 8) & 0xff).toString(16).padStart(2, '0')}:${(v & 0xff).toString(16).padStart(2, '0')}`;
};
/** MAG n's link-local address on its access links (the RA's source, and the router the MN withdraws on handover). */
export const magLinkLocal = (n: number): string => `fe80::${n}`;
