import { describe, expect, it } from 'vitest';
import { decode, encode, utf8FromText, type LayerValue } from '../../../src/wire/core';
import { mip } from '../../../src/wire/mipv4';
import type { MobilityBinding } from '../../../src/protocols/pmipv4/bindings';
import { CODE, decideRequest, type HaPolicy, type HaView } from '../../../src/protocols/pmipv4/decide';
import { ntpNow, trueClock } from '../../../src/protocols/pmipv4/identification';
import { proxyRequest, type ProxyRequestInit } from '../../../src/protocols/pmipv4/registration';
import { keyHints } from '../../../src/protocols/pmipv4/security';

/* The home agent's rules (RFC 5944 §3.8.2.1, RFC 5563 §8.1) on requests encoded and decoded as on the wire. */

const HA = '198.51.100.1';
const PMA = '198.51.100.11';
const NAI = 'mn1@pmip-lab.example';
const mnHa = { spi: 0x101, key: utf8FromText('mn1-mn-ha-secret') };
const faHa = { spi: 0x201, key: utf8FromText('mag1-fa-ha-secret') };
const now = 5_000_000;
const clock = ntpNow(trueClock(), now);

const policy: HaPolicy = {
  address: HA,
  proxyEnabled: true,
  allowedPmas: '*',
  subscribers: { [NAI]: { mnHa } },
  pmas: { [PMA]: faHa },
  pool: ['192.0.2.101', '192.0.2.102'],
  lifetimeCapSeconds: 3600,
  toleranceS: 7,
};
const view: HaView = { bindings: {}, accepted: {}, remembered: {}, clock };

function request(o: Partial<ProxyRequestInit> = {}, keys = { mnHa, faHa }): LayerValue {
  const init: ProxyRequestInit = { lifetime: 60, homeAddress: '0.0.0.0', homeAgent: HA, careOf: PMA, identification: clock, nai: NAI, mode: 'mn-ha', mnHa, faHa, ...o };
  return decode(mip, encode(mip, proxyRequest(init) as never, { hints: keyHints(keys.mnHa, keys.faHa) })).value!;
}
const decided = (m: LayerValue, p: HaPolicy = policy, v: HaView = view, from = PMA) => decideRequest(m, from, p, v).decision;
const code = (m: LayerValue, p?: HaPolicy, v?: HaView) => {
  const d = decided(m, p, v);
  return d.kind === 'deny' ? d.code : d.kind;
};
const binding = (o: Partial<MobilityBinding> = {}): MobilityBinding => ({
  nai: NAI, homeAddress: '192.0.2.101', careOf: PMA, homeAgent: HA, identification: clock - (1n << 32n), lifetimeSeconds: 60, expiresUs: now + 1e6,
  encapsulation: 'ip-in-ip', fromPool: true, tunnel: `ipip-${PMA}`, state: 'active', ...o,
});

describe('the home agent’s decision on a Proxy Registration Request', () => {
  it('accepts an authentic, timely request and assigns the first free address', () => {
    expect(decided(request())).toMatchObject({ kind: 'accept', action: 'create', homeAddress: '192.0.2.101', lifetimeSeconds: 60, fromPool: true });
  });

  it('renews at the same care-of address, moves at another, and de-registers only the care-of address named', () => {
    const v: HaView = { ...view, bindings: { [NAI]: binding() } };
    expect(decided(request(), policy, v)).toMatchObject({ action: 'renew', homeAddress: '192.0.2.101' });
    const otherPma = '198.51.100.12';
    const p2 = { ...policy, pmas: { ...policy.pmas, [otherPma]: faHa } };
    expect(decideRequest(request({ careOf: otherPma }), otherPma, p2, v).decision).toMatchObject({ action: 'move', previous: { careOf: PMA } });
    expect(decided(request({ lifetime: 0, homeAddress: '192.0.2.101' }), policy, v)).toMatchObject({ action: 'deregister' });
    expect(decideRequest(request({ lifetime: 0, careOf: otherPma }), otherPma, p2, v).decision).toMatchObject({ action: 'nothing-to-deregister' });
  });

  it('silently discards what it cannot authenticate at all (RFC 5944 §3.8.2.1 a, d)', () => {
    expect(decided(request({ mode: 'mn-ha', mnHa: undefined, faHa: undefined }, {} as never))).toMatchObject({ kind: 'discard' });
    expect(decided(request({ mnHa: { spi: 0x999, key: mnHa.key } }, { mnHa: { spi: 0x999, key: mnHa.key }, faHa }))).toMatchObject({ kind: 'discard' });
    const noFa = { ...policy, pmas: {} };
    expect(decided(request(), noFa)).toMatchObject({ kind: 'discard', section: expect.stringMatching(/3\.8\.2\.1 d/) });
  });

  it('answers 131 for a bad MN-HA authenticator, 132 for a bad FA-HA one', () => {
    expect(code(request({}, { mnHa: { spi: mnHa.spi, key: utf8FromText('wrong') }, faHa }))).toBe(CODE.MN_AUTH_FAILED);
    expect(code(request({}, { mnHa, faHa: { spi: faHa.spi, key: utf8FromText('wrong') } }))).toBe(CODE.FA_AUTH_FAILED);
    expect(code(request({ mode: 'fa-ha' }, { mnHa, faHa: { spi: faHa.spi, key: utf8FromText('wrong') } }))).toBe(CODE.FA_AUTH_FAILED);
  });

  it('answers 133 to a timestamp far from its clock and to a replay, with its own seconds in the Identification', () => {
    const late = clock + (30n << 32n);
    const d = decided(request({ identification: late }));
    expect(d).toMatchObject({ kind: 'deny', code: CODE.ID_MISMATCH });
    if (d.kind === 'deny') expect(d.identification).toBe((clock & ~0xffffffffn) | (late & 0xffffffffn));
    expect(code(request(), policy, { ...view, accepted: { [NAI]: clock } })).toBe(CODE.ID_MISMATCH);
  });

  it('answers 149 when it takes no proxy registrations, 150 to a PMA it does not take them from', () => {
    expect(code(request(), { ...policy, proxyEnabled: false })).toBe(CODE.PMIP_UNSUPPORTED);
    expect(code(request(), { ...policy, allowedPmas: ['198.51.100.12'] })).toBe(CODE.PMIP_DISALLOWED);
  });

  it('answers 129 to a home address it may not give, 136 to a request for another home agent, 130 when the pool is spent', () => {
    expect(code(request({ homeAddress: '192.0.2.250' }))).toBe(CODE.PROHIBITED);
    expect(code(request({ homeAddress: '192.0.2.102' }), policy, { ...view, remembered: { 'mn2@pmip-lab.example': '192.0.2.102' } })).toBe(CODE.PROHIBITED);
    expect(code(request({ homeAgent: '198.51.100.9' }))).toBe(CODE.UNKNOWN_HA);
    const full = { ...view, bindings: { a: binding({ nai: 'a', homeAddress: '192.0.2.101' }), b: binding({ nai: 'b', homeAddress: '192.0.2.102' }) } };
    expect(code(request(), policy, full)).toBe(CODE.INSUFFICIENT_RESOURCES);
  });

  it('takes a discovery request (home agent all ones) and gives a device back the address it had', () => {
    expect(decided(request({ homeAgent: '255.255.255.255' }))).toMatchObject({ kind: 'accept', action: 'create' });
    expect(decided(request(), policy, { ...view, remembered: { [NAI]: '192.0.2.102' } })).toMatchObject({ homeAddress: '192.0.2.102' });
  });
});
