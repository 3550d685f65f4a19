import { pmipv4ProfileAttributes } from '../protocols/pmipv4/aaa-profile';
import type { MnHaKey } from '../protocols/netlmm/mn-ha-auth';
import type { ProfileFormat } from './aaa';

/*
 * The local AAA server of seed 003 Appendix C: for each MN, the key of the MN-specific security
 * association between its PMIP client and the LMA. It gives the key to whoever shares a RADIUS
 * secret with it (the client, then the LMA), in the 3GPP2 MN-HA SPI and key attributes, the key
 * salt-encrypted for the asker (src/protocols/pmipv4/aaa-profile.ts has the attributes).
 */

export interface NetlmmKeyProfile {
  sa: MnHaKey;
  reject?: boolean;
}

/** Bad configuration fails at load (STYLE.md principle 13). */
export function checkNetlmmKeyProfiles(profiles: Readonly<Record<string, NetlmmKeyProfile>>): void {
  for (const [nai, p] of Object.entries(profiles)) {
    if (p.sa.spi < 256 || p.sa.spi > 0xffffffff) throw new RangeError(`AAA profile ${nai}: SPI ${p.sa.spi} is reserved (0 to 255)`);
    if (p.sa.key.length < 16 || p.sa.key.length > 64) throw new RangeError(`AAA profile ${nai}: the key must be 16 to 64 octets`);
  }
}

export const netlmmKeyProfiles: ProfileFormat = {
  attributes: (_nai, profile, seal) => {
    const p = profile as NetlmmKeyProfile;
    return pmipv4ProfileAttributes({ mnHa: p.sa }, { secret: seal.secret, requestAuthenticator: seal.requestAuthenticator, salt: seal.random() & 0x7fff });
  },
  describe: (nai, profile) => {
    const p = profile as NetlmmKeyProfile;
    return {
      text: `gives the key of ${nai}'s security association (SPI ${p.sa.spi}), salt-encrypted with the secret it shares with the asker: the asker is authorized to use it.`,
      section: 'draft-singh-netlmm-protocol-02 Appendix C; RFC 2868 §3.5',
      why: `SPI ${p.sa.spi}`,
    };
  },
  row: (nai, profile) => {
    const p = profile as NetlmmKeyProfile;
    return { NAI: nai, SPI: p.sa.spi, access: p.reject ? 'refused' : 'allowed' };
  },
  refuses: (p) => (p as NetlmmKeyProfile).reject === true,
};
