import { describe, expect, it } from 'vitest';
import { isValidAdvertisement, readAdvertisement, updateRouterList } from '../../src/protocols/nd-host';
import { encode, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { routerAdvertisement } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { prefixInfo, sourceLinkLayer } from '../../src/wire/ndp';

describe('router discovery, host side (RFC 4861 §6.3)', () => {
  it('reads an RA from its bytes: lifetime, M flag, the SLLA and every Prefix Information option', () => {
    const ra = routerAdvertisement({
      routerLifetime: 1800,
      managed: true,
      options: [sourceLinkLayer('02:00:00:00:01:01'), prefixInfo({ prefix: '2001:db8:100::', valid: 600, preferred: 300 }), prefixInfo({ prefix: '2001:db8:200::', autonomous: false, valid: 60, preferred: 60 })],
    });
    const frame = ethernetFrame({ src: '02:00:00:00:01:99', dst: '33:33:00:00:00:01', payload: ipv6Packet({ src: 'fe80::1', dst: 'ff02::1', hopLimit: 255, payload: ra }) });
    const d = dissect(encode(ethernet, frame)).value!;
    expect(readAdvertisement(d.payload as LayerValue, d.src as string)).toEqual({
      src: 'fe80::1',
      hopLimit: 255,
      mac: '02:00:00:00:01:01',
      routerLifetime: 1800,
      managed: true,
      prefixes: [
        { prefix: '2001:db8:100::', prefixLength: 64, onLink: true, autonomous: true, valid: 600, preferred: 300 },
        { prefix: '2001:db8:200::', prefixLength: 64, onLink: true, autonomous: false, valid: 60, preferred: 60 },
      ],
    });
  });

  it('takes the frame’s source when the RA has no SLLA, and reads nothing from other packets', () => {
    const ip = ipv6Packet({ src: 'fe80::1', dst: 'ff02::1', payload: routerAdvertisement({ routerLifetime: 0 }) });
    expect(readAdvertisement(ip, '02:00:00:00:01:99')?.mac).toBe('02:00:00:00:01:99');
    expect(readAdvertisement(ipv6Packet({ src: 'fe80::1', dst: 'ff02::1' }), 'x')).toBeUndefined();
  });

  it('accepts only RAs with hop limit 255 from a link-local source (§6.1.2)', () => {
    expect(isValidAdvertisement({ hopLimit: 255, src: 'fe80::1' })).toBe(true);
    expect(isValidAdvertisement({ hopLimit: 254, src: 'fe80::1' })).toBe(false);
    expect(isValidAdvertisement({ hopLimit: 255, src: '2001:db8::1' })).toBe(false);
  });

  it('keeps the Default Router List newest first, and a zero lifetime withdraws a known router (§6.3.4, seed 001 §7.3)', () => {
    const a = { src: 'fe80::1', mac: 'a', routerLifetime: 1800 };
    const b = { src: 'fe80::2', mac: 'b', routerLifetime: 1800 };
    let r = updateRouterList([], a, 0);
    expect(r.change).toBe('added');
    r = updateRouterList(r.routers, b, 1_000_000);
    expect(r.routers.map((x) => x.router)).toEqual(['fe80::2', 'fe80::1']);
    expect(r.routers[0]!.expiresUs).toBe(1_801_000_000);
    expect(updateRouterList(r.routers, a, 2).change).toBe('refreshed');
    const w = updateRouterList(r.routers, { ...a, routerLifetime: 0 }, 3);
    expect([w.change, w.routers.map((x) => x.router)]).toEqual(['withdrawn', ['fe80::2']]);
    expect(updateRouterList(w.routers, { ...a, routerLifetime: 0 }, 4).change).toBe('none');
  });
});
