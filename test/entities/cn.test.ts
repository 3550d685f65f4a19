import { describe, expect, it } from 'vitest';
import { cn, cnEvent, cnMachine, type CnContext } from '../../src/entities/cn';
import { DATA_PORT as STREAM_PORT, ECHO_IDENTIFIER, readStamp } from '../../src/protocols/data-stream';
import { DATA_PORT } from '../../src/sim/network';
import { encode, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { icmpv6Echo } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { harness, onTheWire } from '../support/entity';

const CN = '2001:db8:cccc::2';
const HOME = '2001:db8:100::ff:fe00:1';

const start = (o: Record<string, unknown> = {}) => harness(cnMachine, { name: 'CN', address: CN, mode: 'echo', ...o });

/** The MN's answer, through real bytes and back into the CN's event. */
function reply(seq: number, o: { src?: string; ident?: number } = {}) {
  const pkt = ipv6Packet({ src: o.src ?? HOME, dst: CN, payload: icmpv6Echo({ reply: true, ident: o.ident ?? ECHO_IDENTIFIER, seq }) });
  const d = dissect(encode(ethernet, ethernetFrame({ src: '02:00:00:00:00:09', dst: '02:00:00:00:00:0a', payload: pkt }))).value!;
  return cnEvent({ packet: d.payload as LayerValue })!;
}

const ctx = (h: ReturnType<typeof start>) => h.actor.getSnapshot().context as CnContext;

describe('CN: the correspondent’s traffic', () => {
  it('sends nothing until it knows where to, then pings every interval with a fixed identifier and rising sequence', () => {
    const h = start({ intervalMs: 100 });
    h.actor.send({ type: 'app.start' });
    expect(h.state()).toBe('idle');
    expect(h.of('note')).toHaveLength(1);
    h.actor.send({ type: 'app.start', target: HOME });
    h.advance(250);
    const sent = h.of('tx');
    expect(sent.map((t) => t.at)).toEqual([0, 100_000, 200_000]);
    const packets = sent.map((t) => onTheWire(t).packet);
    expect(packets.map((p) => [p.src, p.dst])).toEqual(Array(3).fill([CN, HOME]));
    expect(packets.map((p) => (p.payload as LayerValue).ident)).toEqual([ECHO_IDENTIFIER, ECHO_IDENTIFIER, ECHO_IDENTIFIER]);
    expect(packets.map((p) => (p.payload as LayerValue).seq)).toEqual([1, 2, 3]);
    // The data carries the same sequence and the send time, so a capture tells them apart too.
    expect(readStamp((packets[2]!.payload as LayerValue).data as Uint8Array)).toEqual({ seq: 3, sentUs: 200_000 });
  });

  it('records round trips, counts unanswered requests as lost after the timeout, and duplicates apart', () => {
    const h = start({ target: HOME, startUs: 0, replyTimeoutMs: 300 });
    h.advance(0);
    h.advance(30);
    h.actor.send(reply(1));
    h.actor.send(reply(1));
    h.advance(600);
    const c = ctx(h);
    expect(c.records[0]).toEqual({ seq: 1, sentUs: 0, receivedUs: 30_000 });
    expect(c.duplicates).toBe(1);
    // Seven sent, at 0…600 ms; at 600 ms those unanswered 300 ms or more are lost: sequences 2, 3, 4.
    expect(cn.tables(c).Traffic).toEqual([{ mode: 'ICMPv6 echo', target: HOME, sent: 7, received: 1, 'lost so far': 3, 'last rtt ms': 30 }]);
  });

  it('ignores replies that are not its own', () => {
    const h = start({ target: HOME, startUs: 0 });
    h.advance(10);
    h.actor.send(reply(1, { ident: 7 }));
    h.actor.send(reply(1, { src: '2001:db8:100::99' }));
    expect(ctx(h).received).toBe(0);
  });

  it('starts and stops at the scenario’s times, with timers that have ids', () => {
    const h = start({ target: HOME, startUs: 1_000_000, stopUs: 1_250_000, intervalMs: 100 });
    h.advance(5000);
    expect(h.of('tx').map((t) => t.at)).toEqual([1_000_000, 1_100_000, 1_200_000]);
    expect(h.state()).toBe('idle');
    expect(h.engine.pending).toBe(0);
  });

  it('sends a UDP stream to the data port whose payload says its sequence', () => {
    const h = start({ target: HOME, mode: 'udp', startUs: 0, intervalMs: 50 });
    h.advance(100);
    const packets = h.of('tx').map((t) => onTheWire(t).packet);
    const udp = packets.map((p) => p.payload as LayerValue);
    expect(udp.map((u) => [u.proto, u.srcport, u.dstport])).toEqual(Array(3).fill(['udp', DATA_PORT, DATA_PORT]));
    expect(udp.map((u) => readStamp((u.payload as LayerValue).data as Uint8Array)!.seq)).toEqual([1, 2, 3]);
    expect(cn.tables(ctx(h)).Traffic).toEqual([{ mode: `UDP to port ${DATA_PORT}`, target: HOME, sent: 3, received: null, 'lost so far': null, 'last rtt ms': null }]);
  });

  it('uses the same data port as the trace’s data-plane marking', () => {
    expect(STREAM_PORT).toBe(DATA_PORT);
  });

  it('maps only echo replies to events', () => {
    const pkt = ipv6Packet({ src: HOME, dst: CN, payload: icmpv6Echo({ ident: 1, seq: 1 }) });
    expect(cnEvent({ packet: pkt })).toBeUndefined();
  });
});
