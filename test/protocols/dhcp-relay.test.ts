import { describe, expect, it } from 'vitest';
import { MAX_HOPS, towardsClient, towardsServer } from '../../src/protocols/dhcp-relay';
import { readClientMessage } from '../../src/protocols/dhcp-server';
import { agentInformation, dhcpMessage, dhcpOption } from '../../src/wire/dhcpv4-build';
import { ipv4Packet } from '../../src/wire/ipv4';

/* RFC 2131 §4.1, RFC 1542 §4.1.1 and RFC 3046 §2: what a relay does to a message it passes on. */

const MAC = '02:00:00:00:00:11';
const read = (o: Parameters<typeof dhcpMessage>[0]) =>
  readClientMessage(ipv4Packet({ src: '0.0.0.0', dst: '255.255.255.255', payload: { proto: 'udp', srcport: 68, dstport: 67, payload: dhcpMessage(o) } }))!;

describe('a DHCP relay', () => {
  it('as the first relay sets giaddr, counts a hop and adds option 82 with the access link and the MN identifier', () => {
    const out = towardsServer(read({ type: 'discover', xid: 1, chaddr: MAC }), { address: '203.0.113.1', circuitId: 'mn1', remoteId: 'mn1@example' })!;
    expect(out).toMatchObject({ giaddr: '203.0.113.1', hops: 1 });
    expect(dhcpOption(out, 82)).toEqual(agentInformation({ circuitId: 'mn1', remoteId: 'mn1@example' }).value);
  });

  it('as a second relay keeps giaddr and option 82, and only counts a hop (seed 002 Fig. 15)', () => {
    const first = towardsServer(read({ type: 'request', xid: 1, chaddr: MAC }), { address: '203.0.113.1', remoteId: 'mn1@example' })!;
    const again = read({ type: 'request', xid: 1, chaddr: MAC, giaddr: first.giaddr as string, hops: 1, relayAgent: { remoteId: 'mn1@example' } });
    const second = towardsServer(again, { address: '203.0.113.100' })!;
    expect(second).toMatchObject({ giaddr: '203.0.113.1', hops: 2 });
    expect(dhcpOption(second, 82)).toBeDefined();
  });

  it('discards a request that has crossed too many relays (RFC 1542 §4.1.1)', () => {
    expect(towardsServer(read({ type: 'discover', xid: 1, chaddr: MAC, giaddr: '203.0.113.1', hops: MAX_HOPS }), { address: '203.0.113.100' })).toBeUndefined();
  });

  it('hands the server’s reply to the client without option 82', () => {
    const reply = dhcpMessage({ type: 'ack', xid: 1, chaddr: MAC, yiaddr: '192.0.2.10', giaddr: '203.0.113.1', broadcast: true, relayAgent: { remoteId: 'mn1@example' } });
    const out = towardsClient(reply);
    expect(dhcpOption(out.message, 82)).toBeUndefined();
    expect(out.route).toMatchObject({ dst: '255.255.255.255', port: 68 });
  });
});
