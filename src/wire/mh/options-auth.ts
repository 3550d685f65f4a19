import { bytes, u32, u8 } from '../core';
import { mobilityOption } from './options';

/*
 * RFC 4285 §5, the Mobility Message Authentication option: Mobile IPv6 signalling authenticated
 * by a shared key instead of IPsec. It must be the last option of its message, so nothing may pad
 * the message after it: the lab aligns it at 8n+5, where its 19 octets (with 12 of authentication
 * data) end exactly on the 8-octet boundary the Mobility Header needs.
 *
 *                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                  |  Option Type  | Option Length |    Subtype    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Mobility SPI                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Authentication Data ....
 *
 * For the MN-HA subtype the data is First(96, HMAC_SHA1(key, care-of address | home address | MH
 * data up to and including the SPI)), computed with the checksum field zero (§5.1, §5.5).
 */

export const AUTH_SUBTYPE = { MnHa: 1, MnAaa: 2 } as const;

export const mobilityMessageAuthentication = mobilityOption(
  9,
  'mip6.options.auth',
  'Mobility Message Authentication',
  [
    u8('subtype', 'mip6.auth.subtype', 'Subtype', { values: { 1: 'MN-HA authentication mobility option', 2: 'MN-AAA authentication mobility option' } }),
    u32('spi', 'mip6.auth.mobility_spi', 'Mobility SPI', { doc: 'Which security association (which key) authenticates the message.' }),
    bytes('data', 'mip6.auth.auth_data', 'Authentication Data', { doc: 'HMAC-SHA1 over the addresses and the message up to the SPI, first 96 bits.' }),
  ],
  { align: { x: 8, y: 5 }, minLength: 5, spec: 'RFC 4285 §5', summary: (v) => `SPI ${v.spi}` },
);
