import { describe, expect, it } from 'vitest';
import {
  dhcpClient, dhcpStep, prefixLengthOf, readDhcpReply, type DhcpAction, type DhcpClient, type DhcpInput, type DhcpReply,
} from '../../src/protocols/dhcp-client';
import { encode, type LayerValue } from '../../src/wire/core';
import type { DhcpMessage } from '../../src/wire/dhcpv4';
import { dhcpMessage, dhcpOption, dhcpType } from '../../src/wire/dhcpv4-build';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';

const MAC = '02:00:00:00:00:01';
const SERVER = '10.1.0.1';
const ADDR = '10.1.0.20';

/** A client with a clock and a counter for random(). */
function run() {
  let now = 0;
  let r = 100;
  const env = { now: () => now, random: () => r++ };
  let c: DhcpClient = dhcpClient(MAC);
  const log: DhcpAction[][] = [];
  const step = (i: DhcpInput): DhcpAction[] => {
    const out = dhcpStep(c, i, env);
    c = out.client;
    log.push(out.actions);
    return out.actions;
  };
  return { step, client: () => c, at: (us: number) => (now = us), log };
}

const sent = (a: DhcpAction[]) => a.filter((x): x is Extract<DhcpAction, { type: 'send' }> => x.type === 'send');
const timers = (a: DhcpAction[]) => Object.fromEntries(a.filter((x) => x.type === 'timer').map((x) => [(x as { timer: string }).timer, (x as { delayMs: number }).delayMs]));

/** Bytes and back: the packet as a server would read it. */
function wire(p: LayerValue): LayerValue {
  const bytes = encode(ethernet, ethernetFrame({ src: MAC, dst: 'ff:ff:ff:ff:ff:ff', payload: p }));
  return dissect(bytes).value!.payload as LayerValue;
}
const dhcpOf = (ip: LayerValue): DhcpMessage => (ip.payload as LayerValue).payload as unknown as DhcpMessage;

const reply = (message: DhcpReply['message'], xid: number, o: Partial<DhcpReply> = {}): DhcpReply => ({
  message, xid, chaddr: MAC, yiaddr: message === 'nak' ? '0.0.0.0' : ADDR, server: SERVER, mask: '255.255.255.0', router: '10.1.0.1', leaseSecs: 1000, ...o,
});

function bound() {
  const h = run();
  h.step({ type: 'start' });
  h.step({ type: 'reply', reply: reply('offer', h.client().xid) });
  h.step({ type: 'reply', reply: reply('ack', h.client().xid) });
  return h;
}

describe('DHCPv4 client (RFC 2131 §4.4)', () => {
  it('INIT → SELECTING: a broadcast DISCOVER from 0.0.0.0:68 to 255.255.255.255:67 with chaddr and a random xid', () => {
    const h = run();
    expect(h.client().state).toBe('INIT');
    const a = h.step({ type: 'start' });
    expect(h.client()).toMatchObject({ state: 'SELECTING', xid: 100 });
    const [d] = sent(a);
    expect(d!.broadcast).toBe(true);
    const ip = wire(d!.packet);
    expect(ip).toMatchObject({ src: '0.0.0.0', dst: '255.255.255.255', payload: { srcport: 68, dstport: 67 } });
    const m = dhcpOf(ip);
    expect(m).toMatchObject({ op: 1, xid: 100, chaddr: MAC, flags: { broadcast: true } });
    expect(dhcpType(m)).toBe(1);
    expect(timers(a)).toEqual({ retransmit: 4000 });
  });

  it('OFFER → REQUESTING: a broadcast REQUEST with options 50 and 54 and the same xid; ACK → BOUND with T1/T2/lease', () => {
    const h = run();
    h.step({ type: 'start' });
    // A reply for another transaction or another client is not ours.
    expect(h.step({ type: 'reply', reply: reply('offer', 99) })).toEqual([]);
    expect(h.step({ type: 'reply', reply: { ...reply('offer', 100), chaddr: '02:00:00:00:00:09' } })).toEqual([]);
    h.at(1_000_000);
    const a = h.step({ type: 'reply', reply: reply('offer', 100) });
    expect(h.client().state).toBe('REQUESTING');
    const m = dhcpOf(wire(sent(a)[0]!.packet));
    expect(dhcpType(m)).toBe(3);
    expect([m.xid, dhcpOption(m, 50), dhcpOption(m, 54), m.flags?.broadcast]).toEqual([100, ADDR, SERVER, true]);
    h.at(1_010_000);
    const b = h.step({ type: 'reply', reply: reply('ack', 100) });
    expect(h.client().state).toBe('BOUND');
    expect(b).toContainEqual({ type: 'bind', renewed: false, lease: expect.objectContaining({ address: ADDR, prefixLength: 24, server: SERVER, router: '10.1.0.1', t1Secs: 500, t2Secs: 875, startUs: 1_000_000 }) });
    // The lease runs from when the REQUEST was sent (§4.4.1).
    expect(timers(b)).toEqual({ t1: 499_990, t2: 874_990, expire: 999_990 });
  });

  it('uses options 58 and 59 for T1 and T2 when the server sends them', () => {
    const h = run();
    h.step({ type: 'start' });
    h.step({ type: 'reply', reply: reply('offer', 100) });
    const b = h.step({ type: 'reply', reply: reply('ack', 100, { t1Secs: 100, t2Secs: 200 }) });
    expect(timers(b)).toEqual({ t1: 100_000, t2: 200_000, expire: 1_000_000 });
  });

  it('retransmits DISCOVER at 4, 8, 16 … s, at most 64 s apart', () => {
    const h = run();
    h.step({ type: 'start' });
    const delays = [1, 2, 3, 4, 5, 6].map(() => timers(h.step({ type: 'retransmit' })).retransmit);
    expect(delays).toEqual([8000, 16000, 32000, 64000, 64000, 64000]);
    expect(h.log.slice(1).every((a) => sent(a).length === 1)).toBe(true);
  });

  it('T1: RENEWING, a unicast REQUEST to the server with ciaddr and neither option 50 nor 54', () => {
    const h = bound();
    h.at(500_000_000);
    const a = h.step({ type: 't1' });
    expect(h.client().state).toBe('RENEWING');
    const s = sent(a)[0]!;
    expect(s.broadcast).toBe(false);
    const ip = wire(s.packet);
    expect(ip).toMatchObject({ src: ADDR, dst: SERVER });
    const m = dhcpOf(ip);
    expect(m).toMatchObject({ ciaddr: ADDR, flags: { broadcast: false }, xid: 101 });
    expect([dhcpType(m), dhcpOption(m, 50), dhcpOption(m, 54)]).toEqual([3, undefined, undefined]);
    // §4.4.5: retransmit after half the time to T2, at least 60 s.
    expect(timers(a)).toEqual({ retransmit: 187_500 });
    // An ACK to the renewal extends the lease without re-adding the address.
    h.at(501_000_000);
    const b = h.step({ type: 'reply', reply: reply('ack', 101) });
    expect(h.client().state).toBe('BOUND');
    expect(b).toContainEqual(expect.objectContaining({ type: 'bind', renewed: true }));
    // The new lease runs from the renewal request, sent 1 s earlier.
    expect(timers(b)).toEqual({ t1: 499_000, t2: 874_000, expire: 999_000 });
  });

  it('T2 without an answer: REBINDING, a broadcast REQUEST from the leased address', () => {
    const h = bound();
    h.step({ type: 't1' });
    h.at(875_000_000);
    const a = h.step({ type: 't2' });
    expect(h.client().state).toBe('REBINDING');
    const s = sent(a)[0]!;
    expect(s.broadcast).toBe(true);
    const ip = wire(s.packet);
    expect(ip).toMatchObject({ src: ADDR, dst: '255.255.255.255' });
    expect(dhcpOf(ip)).toMatchObject({ ciaddr: ADDR });
    // 125 s left: half is 62.5 s; then 62.5 s left: at least 60 s; then 2.5 s left: no more.
    expect(timers(a)).toEqual({ retransmit: 62_500 });
    h.at(937_500_000);
    expect(timers(h.step({ type: 'retransmit' }))).toEqual({ retransmit: 60_000 });
    h.at(997_500_000);
    const last = h.step({ type: 'retransmit' });
    expect([sent(last).length, timers(last)]).toEqual([1, {}]);
  });

  it('at the end of the lease: unbinds and starts again from INIT', () => {
    const h = bound();
    h.step({ type: 't1' });
    h.step({ type: 't2' });
    const a = h.step({ type: 'expire' });
    expect(a).toContainEqual(expect.objectContaining({ type: 'unbind', lease: expect.objectContaining({ address: ADDR }) }));
    expect(h.client()).toMatchObject({ state: 'SELECTING' });
    expect(h.client().lease).toBeUndefined();
    expect(dhcpType(dhcpOf(wire(sent(a)[0]!.packet)))).toBe(1);
  });

  it('NAK: back to INIT and a new DISCOVER, dropping a lease it had', () => {
    const h = run();
    h.step({ type: 'start' });
    h.step({ type: 'reply', reply: reply('offer', 100) });
    const a = h.step({ type: 'reply', reply: reply('nak', 100) });
    expect(a.some((x) => x.type === 'unbind')).toBe(false);
    expect(h.client()).toMatchObject({ state: 'SELECTING', xid: 101 });
    const b = bound();
    b.step({ type: 't1' });
    const n = b.step({ type: 'reply', reply: reply('nak', b.client().xid) });
    expect(n.map((x) => x.type)).toContain('unbind');
    expect(b.client().state).toBe('SELECTING');
  });

  it('keeps a lease when the link comes back: an attach while bound changes nothing', () => {
    const h = bound();
    expect(h.step({ type: 'start' })).toEqual([]);
    expect(h.client().state).toBe('BOUND');
  });

  it('reads OFFER, ACK and NAK to port 68 from decoded packets, nothing else', () => {
    const m = dhcpMessage({ type: 'ack', xid: 5, chaddr: MAC, yiaddr: ADDR, serverId: SERVER, leaseTime: 3600, renewalTime: 1200, subnetMask: '255.255.0.0', router: '10.1.0.254' });
    const ip = wire(ipv4Packet({ src: SERVER, dst: ADDR, payload: { proto: 'udp', srcport: 67, dstport: 68, payload: m } }));
    expect(readDhcpReply(ip)).toEqual({ message: 'ack', xid: 5, chaddr: MAC, yiaddr: ADDR, server: SERVER, mask: '255.255.0.0', router: '10.1.0.254', leaseSecs: 3600, t1Secs: 1200 });
    const disc = wire(ipv4Packet({ src: '0.0.0.0', dst: '255.255.255.255', payload: { proto: 'udp', srcport: 68, dstport: 67, payload: dhcpMessage({ type: 'discover', xid: 5, chaddr: MAC }) } }));
    expect(readDhcpReply(disc)).toBeUndefined();
    expect(prefixLengthOf('255.255.252.0')).toBe(22);
  });
});
