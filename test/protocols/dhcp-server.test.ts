import { describe, expect, it } from 'vitest';
import { answerClient, clientRoute, expireLease, readClientMessage, replyRoute, requestState, type ClientMessage, type Leases, type ServerParams } from '../../src/protocols/dhcp-server';
import { dhcpMessage, dhcpOption, dhcpType } from '../../src/wire/dhcpv4-build';
import { ipv4Packet } from '../../src/wire/ipv4';

/* RFC 2131 §4.3 and §4.1 on the server's side. */

const MAC = '02:00:00:00:00:11';
const P: ServerParams = { serverId: '203.0.113.200', mask: '255.255.255.0', router: '192.0.2.1', leaseSecs: 100 };
const POOL = ['192.0.2.10', '192.0.2.11'];

function client(o: Parameters<typeof dhcpMessage>[0], dst = '255.255.255.255'): { m: ClientMessage; unicast: boolean } {
  const ip = ipv4Packet({ src: o.ciaddr ?? '0.0.0.0', dst, payload: { proto: 'udp', srcport: 68, dstport: 67, payload: dhcpMessage(o) } });
  return { m: readClientMessage(ip)!, unicast: dst !== '255.255.255.255' };
}
const answer = (c: { m: ClientMessage; unicast: boolean }, leases: Leases = {}, pool = POOL, nowUs = 0) => answerClient({ params: P, pool, leases, m: c.m, unicast: c.unicast, nowUs });

describe('a DHCP server', () => {
  it('tells the four kinds of DHCPREQUEST apart (§4.3.2)', () => {
    expect(requestState(client({ type: 'request', xid: 1, chaddr: MAC, serverId: P.serverId, requestedIp: POOL[0] }).m, false)).toBe('selecting');
    expect(requestState(client({ type: 'request', xid: 1, chaddr: MAC, requestedIp: POOL[0] }).m, false)).toBe('init-reboot');
    const renewing = client({ type: 'request', xid: 1, chaddr: MAC, ciaddr: POOL[0] }, P.serverId);
    expect(requestState(renewing.m, renewing.unicast)).toBe('renewing');
    expect(requestState(client({ type: 'request', xid: 1, chaddr: MAC, ciaddr: POOL[0] }).m, false)).toBe('rebinding');
  });

  it('offers the first free address, binds it on the request naming it, and renews it', () => {
    const offer = answer(client({ type: 'discover', xid: 7, chaddr: MAC, broadcast: true }));
    expect(offer).toMatchObject({ kind: 'reply', lease: { address: POOL[0], state: 'offered' } });
    if (offer.kind !== 'reply') throw new Error('no offer');
    expect(dhcpType(offer.reply)).toBe(2);
    expect(offer.reply).toMatchObject({ xid: 7, yiaddr: POOL[0], chaddr: MAC });
    expect([dhcpOption(offer.reply, 54), dhcpOption(offer.reply, 51), dhcpOption(offer.reply, 58), dhcpOption(offer.reply, 59), dhcpOption(offer.reply, 3)]).toEqual([P.serverId, 100, 50, 87, [P.router]]);
    const ack = answer(client({ type: 'request', xid: 7, chaddr: MAC, serverId: P.serverId, requestedIp: POOL[0] }), offer.leases, POOL, 1e6);
    expect(ack).toMatchObject({ kind: 'reply', lease: { address: POOL[0], state: 'bound', expiresUs: 101e6 } });
    const renew = answer(client({ type: 'request', xid: 8, chaddr: MAC, ciaddr: POOL[0] }, P.serverId), ack.leases, POOL, 50e6);
    expect(renew).toMatchObject({ kind: 'reply', lease: { expiresUs: 150e6 }, text: /RENEWING/ });
  });

  it('stays silent with nothing to offer (§4.3.1), withdraws its offer when another server is chosen, and is silent on an unknown rebinding client', () => {
    expect(answer(client({ type: 'discover', xid: 1, chaddr: MAC }), {}, [])).toMatchObject({ kind: 'silent', text: /No free address/ });
    const offered = answer(client({ type: 'discover', xid: 1, chaddr: MAC }));
    const other = answer(client({ type: 'request', xid: 1, chaddr: MAC, serverId: '203.0.113.1', requestedIp: POOL[0] }), offered.leases);
    expect(other).toMatchObject({ kind: 'silent', leases: {} });
    expect(answer(client({ type: 'request', xid: 1, chaddr: MAC, ciaddr: POOL[1] }))).toMatchObject({ kind: 'silent', text: /no record/ });
  });

  it('refuses with DHCPNAK a request for an address that is not the client’s here', () => {
    const offered = answer(client({ type: 'discover', xid: 1, chaddr: MAC }));
    const nak = answer(client({ type: 'request', xid: 1, chaddr: MAC, serverId: P.serverId, requestedIp: POOL[1] }), offered.leases);
    expect(nak.kind).toBe('reply');
    if (nak.kind === 'reply') expect(dhcpType(nak.reply)).toBe(6);
  });

  it('does not offer another client’s address, and frees an address whose lease ended', () => {
    const first = answer(client({ type: 'discover', xid: 1, chaddr: MAC }));
    const second = answer(client({ type: 'discover', xid: 2, chaddr: '02:00:00:00:00:12' }), first.leases);
    expect(second).toMatchObject({ lease: { address: POOL[1] } });
    expect(expireLease(first.leases, MAC, 29e6)).toBe(first.leases);
    expect(expireLease(first.leases, MAC, 30e6)).toEqual({});
  });

  it('sends its answer to the relay at giaddr, to ciaddr, or on the client’s link (§4.1)', () => {
    const relayed = client({ type: 'discover', xid: 1, chaddr: MAC, giaddr: '203.0.113.1' }).m;
    const reply = dhcpMessage({ type: 'offer', xid: 1, chaddr: MAC, yiaddr: POOL[0] });
    expect(replyRoute(relayed, reply)).toEqual({ dst: '203.0.113.1', port: 67, viaRelay: true });
    expect(clientRoute(dhcpMessage({ type: 'ack', xid: 1, chaddr: MAC, ciaddr: POOL[0], yiaddr: POOL[0] }))).toMatchObject({ dst: POOL[0], port: 68 });
    expect(clientRoute(dhcpMessage({ type: 'offer', xid: 1, chaddr: MAC, yiaddr: POOL[0], broadcast: true }))).toMatchObject({ dst: '255.255.255.255', dstMac: 'ff:ff:ff:ff:ff:ff' });
    expect(clientRoute(dhcpMessage({ type: 'nak', xid: 1, chaddr: MAC }))).toMatchObject({ dst: '255.255.255.255' });
    expect(clientRoute(reply)).toEqual({ dst: POOL[0], port: 68, dstMac: MAC, viaRelay: false });
  });

  it('reads only client messages to port 67', () => {
    const reply = ipv4Packet({ src: P.serverId, dst: '255.255.255.255', payload: { proto: 'udp', srcport: 67, dstport: 68, payload: dhcpMessage({ type: 'offer', xid: 1, chaddr: MAC }) } });
    expect(readClientMessage(reply)).toBeUndefined();
  });
});
