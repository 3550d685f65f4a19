import { describe, expect, it } from 'vitest';
import { autoconfigure, INFINITE_LIFETIME, interfaceIdFromMac, isLinkLocal, linkLocalAddress, TWO_HOURS, updatedValidLifetime } from '../../src/protocols/slaac';
import { eui64, linkLocalFor } from '../../src/sim/prefix';
import { macFromText } from '../../src/wire/core';

const pio = (o: Partial<Parameters<typeof autoconfigure>[0]> = {}) => ({
  prefix: '2001:db8:100::',
  prefixLength: 64,
  autonomous: true,
  onLink: true,
  valid: 86400,
  preferred: 14400,
  ...o,
});

describe('SLAAC (RFC 4862)', () => {
  it('makes the modified EUI-64 interface identifier of RFC 4291 App. A, as the simulator does', () => {
    // RFC 4291 App. A's example: 34-56-78-9A-BC-DE → 36:56:78:ff:fe:9a:bc:de.
    expect([...interfaceIdFromMac('34:56:78:9a:bc:de')]).toEqual([0x36, 0x56, 0x78, 0xff, 0xfe, 0x9a, 0xbc, 0xde]);
    for (const mac of ['02:00:00:00:00:01', '00:1b:21:3c:4d:5e']) {
      expect(interfaceIdFromMac(mac)).toEqual(eui64(macFromText(mac)));
      expect(linkLocalAddress(mac)).toBe(linkLocalFor(macFromText(mac)));
    }
  });

  it('forms prefix + interface identifier from an autonomous /64', () => {
    expect(autoconfigure(pio(), interfaceIdFromMac('02:00:00:00:00:01'))).toEqual({ use: true, address: '2001:db8:100::ff:fe00:1' });
  });

  it('refuses what §5.5.3 (a)–(d) refuse, saying which rule', () => {
    const iid = interfaceIdFromMac('02:00:00:00:00:01');
    expect(autoconfigure(pio({ autonomous: false }), iid)).toMatchObject({ use: false, why: expect.stringContaining('(§5.5.3 a)') });
    expect(autoconfigure(pio({ prefix: 'fe80::' }), iid)).toMatchObject({ use: false, why: expect.stringContaining('(§5.5.3 b)') });
    expect(autoconfigure(pio({ preferred: 90000 }), iid)).toMatchObject({ use: false, why: expect.stringContaining('(§5.5.3 c)') });
    expect(autoconfigure(pio({ prefixLength: 56 }), iid)).toMatchObject({ use: false, why: expect.stringContaining('(§5.5.3 d)') });
  });

  it('applies the two-hour rule of §5.5.3 (e)', () => {
    expect(updatedValidLifetime(100, 50_000)).toBe(50_000); // above two hours: as advertised
    expect(updatedValidLifetime(100, 200)).toBe(200); // longer than what is left
    expect(updatedValidLifetime(3000, 60)).toBe(3000); // two hours or less left: kept
    expect(updatedValidLifetime(INFINITE_LIFETIME, 60)).toBe(TWO_HOURS); // otherwise two hours
    expect(updatedValidLifetime(5, INFINITE_LIFETIME)).toBe(INFINITE_LIFETIME);
  });

  it('knows link-local addresses (fe80::/10)', () => {
    expect(['fe80::1', 'febf::1', 'fec0::1', '2001:db8::1'].map(isLinkLocal)).toEqual([true, true, false, false]);
  });
});
