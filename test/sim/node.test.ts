import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../src/wire/core';
import { ipv4Packet } from '../../src/wire/ipv4';
import { ipv6Packet } from '../../src/wire/ipv6';
import { proxyBindingUpdate } from '../../src/wire/mh';
import { Network } from '../../src/sim/network';
import { encapsulate, innerPacket, type Delivery, type Tunnel } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';

/*
 * UDP tunnels over IPv4 (RFC 5844 §4, RFC 5845 §7.2; seed 002 §4): the TLV header, and signalling
 * that shares the tunnel's UDP port with the data (DSMIPv6's 4191, RFC 5555 §4.1).
 */

const MAG4 = '10.0.1.1';
const LMA4 = '203.0.113.1';
const LMAA = '2001:db8:ffff::1';

/** mag — lma over IPv4; the LMA also owns its IPv6 LMAA, as in seed 002's layout. */
function build(): { net: Network; got: Delivery[] } {
  const net = new Network(new Rng(1));
  const got: Delivery[] = [];
  const mag = net.addNode('mag', { forwarding: true });
  const lma = net.addNode('lma', { forwarding: true });
  mag.addInterface('core', net.nextMac());
  lma.addInterface('mag', net.nextMac());
  mag.addAddress('core', `${MAG4}/24`);
  lma.addAddress('mag', `${LMA4}/24`);
  lma.addAddress('mag', `${LMAA}/128`);
  mag.addRoute({ dst: parsePrefix(`${LMA4}/32`), iface: 'core', owner: 'static' });
  net.connect('mag-lma', [mag, 'core'], [lma, 'mag'], { delayUs: 1000 });
  lma.agent = { receive: (d) => got.push(d) };
  return { net, got };
}

const udp = (sport: number, dport: number, payload: LayerValue): LayerValue => ipv4Packet({ src: MAG4, dst: LMA4, payload: { proto: 'udp', srcport: sport, dstport: dport, payload } });
const pbu = () => ipv6Packet({ src: '2001:db8:1::1', dst: LMAA, payload: proxyBindingUpdate({ seq: 1, lifetimeSeconds: 60, nai: 'mn1@pmip-lab.example', hnps: ['::/0'], handoff: 1, att: 4 }) });
const tunnel: Tunnel = { id: 't', local: LMA4, remote: MAG4, encap: 'udp', sport: 4191, dport: 4191 };

describe('UDP tunnels over IPv4', () => {
  it('give a node’s agent the signalling addressed to it on a tunnel port, with or without a tunnel from the sender', () => {
    for (const withTunnel of [false, true]) {
      const { net, got } = build();
      if (withTunnel) net.node('lma').tunnels.set('t', tunnel);
      net.node('mag').sendIp(udp(4191, 4191, pbu()));
      net.engine.runAll();
      expect(got).toHaveLength(1);
      // The whole IPv4 packet goes up: the agent needs the outer source and port (RFC 5555 §4.2).
      expect(got[0]!.packet.proto).toBe('ip');
      expect(got[0]!.tunnel).toBeUndefined();
    }
  });

  it('refuse data for someone else from a peer with no tunnel', () => {
    const { net, got } = build();
    net.node('mag').sendIp(udp(5437, 5437, ipv6Packet({ src: '2001:db8:100::1', dst: '2001:db8:cccc::2' })));
    net.engine.runAll();
    expect(got).toEqual([]);
    const p = net.recorder.events.find((e) => e.kind === 'packet');
    expect(p).toMatchObject({ fate: 'filtered', reason: `lma has no tunnel from ${MAG4}` });
  });

  it('put a TLV header after UDP when the tunnel says so, and take it off again', () => {
    const inner = ipv6Packet({ src: '2001:db8:cccc::2', dst: '2001:db8:100::1' });
    const outer = encapsulate(inner, { ...tunnel, tlv: true });
    const udpLayer = outer.payload as LayerValue;
    expect(udpLayer).toMatchObject({ proto: 'udp', srcport: 4191, dstport: 4191 });
    expect((udpLayer.payload as LayerValue).proto).toBe('pmip6.tlv');
    expect(innerPacket(outer, tunnel)).toBe(inner);
    expect(innerPacket(encapsulate(inner, tunnel), tunnel)).toBe(inner);
  });
});
