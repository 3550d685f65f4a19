import { describe, expect, it } from 'vitest';
import { answerRelayed, poolAddress, type Dhcpv6Pool } from '../../src/protocols/dhcpv6-server';
import { assignedAddress, DHCPV6_OPTION, DHCPV6_TYPE, dhcpv6Message, dhcpv6Option, duidLl, iaNa, relayedMessage, relayMessage, type Dhcpv6Message } from '../../src/wire/dhcpv6';

/* The LMD's DHCPv6 server (seed 003 §4.1 step 2; RFC 8415 §18.3): pHoAs from the advertised prefix. */

const POOL: Dhcpv6Pool = { prefix: '2001:db8:100::/64', firstHost: 0x100, preferredSeconds: 3600, validSeconds: 7200 };
const SERVER = duidLl('02:00:00:01:00:99');
const ifaceId = new TextEncoder().encode('mn1');

function relayed(mac: string, o: { rapid?: boolean; type?: number; iaid?: number } = {}): Dhcpv6Message {
  const inner = dhcpv6Message(o.type ?? DHCPV6_TYPE.Solicit, 0xabcdef, [
    { type: DHCPV6_OPTION.ClientId, duid: duidLl(mac) },
    ...(o.rapid === false ? [] : [{ type: DHCPV6_OPTION.RapidCommit }]),
    iaNa({ iaid: o.iaid ?? 1 }),
  ]);
  return relayMessage({ msgtype: DHCPV6_TYPE.RelayForw, linkaddr: '::', peeraddr: 'fe80::11', interfaceId: ifaceId, inner });
}

describe('the DHCPv6 server of the local mobility domain', () => {
  it('answers a Rapid Commit Solicit with a Reply in a Relay-repl that echoes the peer and the Interface-Id', () => {
    const a = answerRelayed({ relay: relayed('02:00:00:00:00:11'), leases: {}, pool: POOL, serverDuid: SERVER, nowUs: 5 });
    if (a.kind !== 'answer') throw new Error(a.why);
    expect(a.reply).toMatchObject({ msgtype: DHCPV6_TYPE.RelayRepl, peeraddr: 'fe80::11', linkaddr: '::' });
    expect(dhcpv6Option(a.reply, DHCPV6_OPTION.InterfaceId)?.id).toEqual(ifaceId);
    const reply = relayedMessage(a.reply)!;
    expect(reply).toMatchObject({ msgtype: DHCPV6_TYPE.Reply, xid: 0xabcdef });
    expect(assignedAddress(reply)).toEqual({ address: '2001:db8:100::100', preferred: 3600, valid: 7200 });
    expect(dhcpv6Option(reply, DHCPV6_OPTION.RapidCommit)).toBeDefined();
    expect(Object.values(a.leases)).toHaveLength(1);
  });

  it('gives the same client the same address again, and another client the next one', () => {
    const first = answerRelayed({ relay: relayed('02:00:00:00:00:11'), leases: {}, pool: POOL, serverDuid: SERVER, nowUs: 0 });
    if (first.kind !== 'answer') throw new Error(first.why);
    const again = answerRelayed({ relay: relayed('02:00:00:00:00:11'), leases: first.leases, pool: POOL, serverDuid: SERVER, nowUs: 1 });
    const other = answerRelayed({ relay: relayed('02:00:00:00:00:12'), leases: first.leases, pool: POOL, serverDuid: SERVER, nowUs: 2 });
    expect(again.kind === 'answer' && [again.lease.address, again.fresh]).toEqual(['2001:db8:100::100', false]);
    expect(other.kind === 'answer' && other.lease.address).toBe('2001:db8:100::101');
    expect(poolAddress(POOL, 0x1_0000)).toBe('2001:db8:100::1:100');
  });

  it('offers with an Advertise, committing nothing, when the Solicit has no Rapid Commit', () => {
    const a = answerRelayed({ relay: relayed('02:00:00:00:00:11', { rapid: false }), leases: {}, pool: POOL, serverDuid: SERVER, nowUs: 0 });
    expect(a.kind === 'answer' && relayedMessage(a.reply)!.msgtype).toBe(DHCPV6_TYPE.Advertise);
    expect(a.kind === 'answer' && a.leases).toEqual({});
  });

  it('ignores what it cannot answer, saying why', () => {
    expect(answerRelayed({ relay: relayed('02:00:00:00:00:11', { type: 11 }), leases: {}, pool: POOL, serverDuid: SERVER, nowUs: 0 })).toMatchObject({ kind: 'ignore' });
    const noId = relayMessage({ msgtype: 12, linkaddr: '::', peeraddr: 'fe80::1', inner: dhcpv6Message(1, 1, [iaNa({ iaid: 1 })]) });
    expect(answerRelayed({ relay: noId, leases: {}, pool: POOL, serverDuid: SERVER, nowUs: 0 })).toMatchObject({ kind: 'ignore', why: expect.stringMatching(/Client Identifier/) });
  });
});
