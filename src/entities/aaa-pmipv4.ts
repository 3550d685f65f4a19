import { hexN } from '../wire/core';
import { pmipv4ProfileAttributes, type Pmipv4Profile } from '../protocols/pmipv4/aaa-profile';
import type { ProfileFormat } from './aaa';

/*
 * The AAA server's profiles for Proxy Mobile IPv4 (RFC 5563 §7; seed 000 §4.1.1 step 1b): the home
 * agent, the MN-HA association with its key sealed for the PMA that asked, and a fixed home address
 * if there is one (src/protocols/pmipv4/aaa-profile.ts has the attributes).
 */

/** Bad configuration fails at load (STYLE.md principle 13). */
export function checkPmipv4Profiles(profiles: Readonly<Record<string, Pmipv4Profile>>): void {
  for (const [nai, p] of Object.entries(profiles)) {
    if (p.mnHa.spi < 256 || p.mnHa.spi > 0xffffffff) throw new RangeError(`AAA profile ${nai}: SPI ${p.mnHa.spi} is reserved (RFC 5944 §1.6: 256 and up)`);
    if (p.mnHa.key.length === 0 || p.mnHa.key.length > 200) throw new RangeError(`AAA profile ${nai}: the MN-HA key must be 1 to 200 octets`);
  }
}

export const pmipv4Profiles: ProfileFormat = {
  attributes: (_nai, profile, seal) => {
    const salt = seal.random() & 0x7fff;
    return pmipv4ProfileAttributes(profile as Pmipv4Profile, { secret: seal.secret, requestAuthenticator: seal.requestAuthenticator, salt });
  },
  describe: (nai, profile) => {
    const p = profile as Pmipv4Profile;
    const ha = p.homeAgent ? `home agent ${p.homeAgent}` : 'no home agent (the PMA will discover one)';
    return {
      text: `knows ${nai}: its profile (${ha}, MN-HA SPI ${hexN(p.mnHa.spi, 4)}${p.homeAddress ? `, home address ${p.homeAddress}` : ''}) goes back, the MN-HA key salt-encrypted with the shared secret.`,
      section: 'RFC 5563 §7; seed 000 §4.1.1 step 1b; RFC 2868 §3.5',
      why: ha,
    };
  },
  row: (nai, profile) => {
    const p = profile as Pmipv4Profile;
    return {
      NAI: nai,
      HA: p.homeAgent ?? 'discovered',
      'home address': p.homeAddress ?? 'HA assigns',
      'MN-HA SPI': hexN(p.mnHa.spi, 4),
      lifetime: p.lifetimeSeconds ?? null,
      access: p.reject ? 'refused' : 'allowed',
    };
  },
  refuses: (p) => (p as Pmipv4Profile).reject === true,
};
