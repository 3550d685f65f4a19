import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, Registry, type FieldNode, type OptionValue } from '../../src/wire/core';
import '../../src/wire/data';
import { udp } from '../../src/wire/udp';
import {
  agentSubOptionCodecs,
  dhcp,
  dhcpMessage,
  dhcpOption,
  dhcpOptionCodecs,
  dhcpRelayed,
  dhcpType,
  dhcpUnrelayed,
  type DhcpBuild,
  type DhcpMessage,
} from '../../src/wire/dhcpv4';

const numRuns = process.env.CI ? 20_000 : 1_000;
const MAC = '02:00:00:00:00:01';

/*
 * scapy 2.5.0 (/usr/bin/python3), mac = bytes.fromhex('020000000001'):
 *   bytes(BOOTP(chaddr=mac, xid=0x12345678, flags=0x8000)/DHCP(options=[('message-type','discover'),
 *     ('client_id', b'\x01'+mac), ('hostname', b'mn1'), ('param_req_list', [1, 3, 6, 51, 54]), 'end']))
 */
const DISCOVER = fromHex(`
  010106001234567800008000000000000000000000000000000000000200000000010000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063825363
  3501013d07010200000000010c036d6e3137050103063336ff`);

/*
 *   bytes(BOOTP(hops=1, giaddr='10.0.0.1', chaddr=mac, xid=0x12345678)/DHCP(options=[('message-type','request'),
 *     ('requested_addr','10.0.0.5'), ('server_id','10.1.0.1'),
 *     ('relay_agent_information', b'\x01\x04mag1\x02\x06'+mac), 'end']))
 */
const RELAYED_REQUEST = fromHex(`
  0101060112345678000000000000000000000000000000000a0000010200000000010000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063825363
  35010332040a00000536040a010001520e01046d6167310206020000000001ff`);

/*
 *   bytes(BOOTP(op=2, yiaddr='10.0.0.5', giaddr='10.0.0.1', chaddr=mac, xid=0x12345678)/DHCP(options=[
 *     ('message-type','ack'), ('server_id','10.1.0.1'), ('lease_time',3600), ('renewal_time',1800),
 *     ('rebinding_time',3150), ('subnet_mask','255.255.255.0'), ('router','10.0.0.1'),
 *     ('name_server','192.0.2.53','192.0.2.54'), 'end']))
 */
const ACK = fromHex(`
  020106001234567800000000000000000a000005000000000a0000010200000000010000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063825363
  35010536040a010001330400000e103a04000007083b0400000c4e0104ffffff0003040a0000010608c0000235c00002
  36ff`);

/*
 *   bytes(BOOTP(chaddr=mac, xid=1)/DHCP(options=['pad', ('message-type','inform'), (200, b'\xaa\xbb'),
 *     'end', 'pad', 'pad']))
 */
const INFORM_WITH_PADDING = fromHex(`
  010106000000000100000000000000000000000000000000000000000200000000010000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063825363
  00350108c802aabbff0000`);

const span = (n: FieldNode | undefined) => n && { start: n.start, end: n.end, value: n.value };

/** Every node lies inside its parent and inside the frame. */
function expectNested(nodes: readonly FieldNode[], lo: number, hi: number): void {
  for (const n of nodes) {
    expect(n.start).toBeGreaterThanOrEqual(lo);
    expect(n.end).toBeLessThanOrEqual(hi);
    expect(n.start).toBeLessThanOrEqual(n.end);
    if (n.children) expectNested(n.children, n.start, n.end);
  }
}

/** A copy of `bytes` with some octets changed. */
const withBytes = (bytes: Uint8Array, at: number, ...values: number[]): Uint8Array => {
  const b = bytes.slice();
  values.forEach((v, i) => (b[at + i] = v));
  return b;
};

const DHCP_END = 240;
const optionsOf = (hexOptions: string): Uint8Array => Uint8Array.from([...DISCOVER.subarray(0, DHCP_END), ...fromHex(hexOptions)]);

describe('dhcp header (RFC 2131 §2)', () => {
  it('decodes every fixed field of a scapy Discover by tshark name, value and byte range', () => {
    const { value, layers, problems } = decode(dhcp, DISCOVER);
    expect(problems).toEqual([]);
    expect(layers[0]!.display).toBe('DHCP Discover - Transaction ID 0x12345678');
    expect([layers[0]!.start, layers[0]!.end]).toEqual([0, 265]);
    const at = (name: string) => span(findField(layers, name));
    expect(at('dhcp.type')).toEqual({ start: 0, end: 1, value: 1 });
    expect(at('dhcp.hw.type')).toEqual({ start: 1, end: 2, value: 1 });
    expect(at('dhcp.hw.len')).toEqual({ start: 2, end: 3, value: 6 });
    expect(at('dhcp.hops')).toEqual({ start: 3, end: 4, value: 0 });
    expect(at('dhcp.id')).toEqual({ start: 4, end: 8, value: 0x12345678 });
    expect(at('dhcp.secs')).toEqual({ start: 8, end: 10, value: 0 });
    expect(at('dhcp.flags')).toEqual({ start: 10, end: 12, value: 0x8000 });
    expect(findField(layers, 'dhcp.flags.bc')).toMatchObject({ value: true, mask: 0x8000, bits: 16 });
    expect(at('dhcp.flags.reserved')).toEqual({ start: 10, end: 12, value: 0 });
    expect(at('dhcp.ip.client')).toEqual({ start: 12, end: 16, value: '0.0.0.0' });
    expect(at('dhcp.ip.your')).toEqual({ start: 16, end: 20, value: '0.0.0.0' });
    expect(at('dhcp.ip.server')).toEqual({ start: 20, end: 24, value: '0.0.0.0' });
    expect(at('dhcp.ip.relay')).toEqual({ start: 24, end: 28, value: '0.0.0.0' });
    expect(at('dhcp.hw.mac_addr')).toEqual({ start: 28, end: 34, value: MAC });
    expect(at('dhcp.hw.addr_padding')).toEqual({ start: 34, end: 44, value: '00:00:00:00:00:00:00:00:00:00' });
    expect(at('dhcp.server')).toEqual({ start: 44, end: 108, value: '' });
    expect(at('dhcp.file')).toEqual({ start: 108, end: 236, value: '' });
    expect(at('dhcp.cookie')).toEqual({ start: 236, end: 240, value: '99.130.83.99' });
    expect(value).toMatchObject({ op: 1, xid: 0x12345678, chaddr: MAC, flags: { broadcast: true } });
  });

  it('decodes the options of a Discover, each a dhcp.option.type node over the whole option', () => {
    const { value, layers } = decode(dhcp, DISCOVER);
    const options = findFields(layers, 'dhcp.option.type');
    expect(options.map((o) => [o.value, o.start, o.end])).toEqual([
      [53, 240, 243],
      [61, 243, 252],
      [12, 252, 257],
      [55, 257, 264],
      [255, 264, 265],
    ]);
    expect(options[0]!.display).toBe('Option: (53) DHCP Message Type (Discover)');
    expect(span(findField(layers, 'dhcp.option.dhcp'))).toEqual({ start: 242, end: 243, value: 1 });
    expect(span(findField(options[1]!.children!, 'dhcp.hw.mac_addr'))).toEqual({ start: 246, end: 252, value: MAC });
    expect(span(findField(layers, 'dhcp.option.hostname'))).toEqual({ start: 254, end: 257, value: 'mn1' });
    expect(findFields(layers, 'dhcp.option.request_list_item').map((n) => n.value)).toEqual([1, 3, 6, 51, 54]);
    expect(span(findField(layers, 'dhcp.option.end'))).toEqual({ start: 264, end: 265, value: 255 });
    expect(dhcpType(value)).toBe(1);
    expect(dhcpOption(value, 55)).toEqual([1, 3, 6, 51, 54]);
    expect(dhcpOption(value, 12)).toBe('mn1');
  });

  it('builds the very bytes scapy built for the Discover', () => {
    const m = dhcpMessage({ type: 'discover', xid: 0x12345678, chaddr: MAC, broadcast: true, clientId: MAC, hostName: 'mn1', parameterRequestList: [1, 3, 6, 51, 54] });
    expect(hex(encode(dhcp, m))).toBe(hex(DISCOVER));
  });

  it('keeps a non-Ethernet chaddr as hlen octets of dhcp.hw.addr and the rest as padding', () => {
    const b = withBytes(DISCOVER, 1, 6, 3);
    const { layers } = decode(dhcp, b);
    expect(span(findField(layers, 'dhcp.hw.addr'))).toEqual({ start: 28, end: 31, value: '02:00:00' });
    expect(span(findField(layers, 'dhcp.hw.addr_padding'))).toMatchObject({ start: 31, end: 44 });
    expect(hex(encode(dhcp, decode(dhcp, b).value))).toBe(hex(b));
  });

  it('decodes a plain BOOTP message (236 octets, no cookie) and encodes it back without a cookie', () => {
    const bootp = DISCOVER.slice(0, 236);
    const { value, layers, problems } = decode(dhcp, bootp);
    expect(problems).toEqual([]);
    expect(layers[0]!.display).toBe(`Boot Request from ${MAC}`);
    expect(hex(encode(dhcp, value))).toBe(hex(bootp));
  });
});

describe('dhcp relay (RFC 3046, RFC 5844 §3.4)', () => {
  it('decodes giaddr, hops and the Circuit-ID and Remote-ID sub-options of option 82', () => {
    const { layers, problems, value } = decode(dhcp, RELAYED_REQUEST);
    expect(problems).toEqual([]);
    expect(layers[0]!.display).toBe('DHCP Request  - Transaction ID 0x12345678');
    expect(span(findField(layers, 'dhcp.hops'))).toEqual({ start: 3, end: 4, value: 1 });
    expect(span(findField(layers, 'dhcp.ip.relay'))).toEqual({ start: 24, end: 28, value: '10.0.0.1' });
    const agent = findFields(layers, 'dhcp.option.type').find((o) => o.value === 82)!;
    expect([agent.start, agent.end]).toEqual([255, 271]);
    const subs = findFields(agent.children!, 'dhcp.option.agent_information_option.suboption');
    expect(subs.map((s) => [s.value, s.start, s.end])).toEqual([
      [1, 257, 263],
      [2, 263, 271],
    ]);
    expect(span(findField(subs, 'dhcp.option.suboption_length'))).toEqual({ start: 258, end: 259, value: 4 });
    expect(span(findField(subs, 'dhcp.option.agent_information_option.agent_circuit_id'))).toEqual({ start: 259, end: 263, value: '6d:61:67:31' });
    expect(span(findField(subs, 'dhcp.option.agent_information_option.agent_remote_id'))).toEqual({ start: 265, end: 271, value: MAC });
    expect(dhcpOption(value, 54)).toBe('10.1.0.1');
    expect(dhcpOption(value, 50)).toBe('10.0.0.5');
  });

  it('dhcpRelayed turns the client’s Request into the scapy bytes: giaddr, one hop, option 82 before End', () => {
    const client = dhcpMessage({ type: 'request', xid: 0x12345678, chaddr: MAC, requestedIp: '10.0.0.5', serverId: '10.1.0.1' });
    const relayed = dhcpRelayed(client, { giaddr: '10.0.0.1', circuitId: 'mag1', remoteId: fromHex('020000000001') });
    expect(hex(encode(dhcp, relayed))).toBe(hex(RELAYED_REQUEST));
    expect(dhcpOption(dhcpUnrelayed(relayed), 82)).toBeUndefined();
    expect(dhcpUnrelayed(relayed).options!.at(-1)).toEqual({ type: 255 });
  });

  it('decodes the ACK’s lease times, mask, router and DNS list, and builds the same bytes', () => {
    const { layers, value, problems } = decode(dhcp, ACK);
    expect(problems).toEqual([]);
    expect(layers[0]!.display).toBe('DHCP ACK      - Transaction ID 0x12345678');
    expect(findField(layers, 'dhcp.option.ip_address_lease_time')).toMatchObject({ start: 251, end: 255, value: 3600, display: '(3600s) 1 hour' });
    expect(findField(layers, 'dhcp.option.rebinding_time_value')!.display).toBe('(3150s) 52 minutes, 30 seconds');
    expect(findFields(layers, 'dhcp.option.domain_name_server').map(span)).toEqual([
      { start: 281, end: 285, value: '192.0.2.53' },
      { start: 285, end: 289, value: '192.0.2.54' },
    ]);
    expect(dhcpOption(value, 3)).toEqual(['10.0.0.1']);
    const built = dhcpMessage({
      type: 'ack',
      xid: 0x12345678,
      chaddr: MAC,
      yiaddr: '10.0.0.5',
      giaddr: '10.0.0.1',
      serverId: '10.1.0.1',
      leaseTime: 3600,
      renewalTime: 1800,
      rebindingTime: 3150,
      subnetMask: '255.255.255.0',
      router: '10.0.0.1',
      dns: ['192.0.2.53', '192.0.2.54'],
    });
    expect(built.op).toBe(2);
    expect(hex(encode(dhcp, built))).toBe(hex(ACK));
  });
});

describe('dhcp options: Pad, End, unknown and padding (RFC 2132 §3)', () => {
  it('shows Pad as a one-octet option, an unknown option raw, and octets after End as padding', () => {
    const { layers, problems, value } = decode(dhcp, INFORM_WITH_PADDING);
    expect(problems).toEqual([]);
    const options = findFields(layers, 'dhcp.option.type');
    expect(options.map((o) => [o.value, o.start, o.end])).toEqual([
      [0, 240, 241],
      [53, 241, 244],
      [200, 244, 248],
      [255, 248, 249],
    ]);
    expect(span(findField(options[0]!.children!, 'dhcp.option.padding'))).toEqual({ start: 240, end: 241, value: 0 });
    expect(options[2]!.display).toBe('Option: (200) Unassigned');
    expect(span(findField(options[2]!.children!, 'dhcp.option.value'))).toEqual({ start: 246, end: 248, value: 'aa:bb' });
    const pad = findFields(layers, 'dhcp.option.padding').at(-1)!;
    expect(span(pad)).toEqual({ start: 249, end: 251, value: '00:00' });
    expect(layers[0]!.display).toBe('DHCP Inform   - Transaction ID 0x1');
    expect(hex(encode(dhcp, value))).toBe(hex(INFORM_WITH_PADDING));
  });

  it('binds the option codes the lab uses, once each', () => {
    expect(dhcpOptionCodecs.entries().map(([k]) => k)).toEqual([0, 1, 3, 6, 12, 50, 51, 53, 54, 55, 58, 59, 61, 82, 255]);
    expect(agentSubOptionCodecs.entries().map(([k]) => k)).toEqual([1, 2]);
    const copy = new Registry<number>('dhcp.option');
    copy.bind(53, 1);
    expect(() => copy.bind(53, 2)).toThrow(/bound twice/);
  });

  it('is what UDP hands port 67 and 68 to', () => {
    const bytes = encode(udp, { srcport: 68, dstport: 67, checksum: 0, payload: dhcpMessage({ type: 'discover', xid: 7, chaddr: MAC }) });
    const { layers, problems } = decode(udp, bytes);
    expect(problems).toEqual([]);
    expect(layers.map((l) => l.name)).toEqual(['udp', 'dhcp']);
    expect(layers[1]!.start).toBe(8);
    expect(findField(layers, 'dhcp.id')!.start).toBe(12);
  });
});

describe('dhcp problems (decoders never throw)', () => {
  it('shows a Subnet Mask of 3 octets raw, says it should be 4, and keeps its bytes', () => {
    const b = optionsOf('3501050103ffffffff');
    const { layers, problems, value } = decode(dhcp, b);
    expect(problems.map((p) => [p.id, p.start, p.end])).toEqual([['dhcp.option.len.invalid', 245, 248]]);
    expect(problems[0]!.message).toMatch(/4 octets/);
    expect(findField(layers, 'dhcp.option.value')).toMatchObject({ start: 245, end: 248, value: 'ff:ff:ff', raw: true });
    expect(hex(encode(dhcp, value))).toBe(hex(b));
  });

  it('reports an option whose length runs past the end of the message', () => {
    const { problems } = decode(dhcp, optionsOf('3501053204c0a8'));
    expect(problems.map((p) => p.id)).toContain('dhcp.option.len.invalid');
  });

  it('reports options that do not end with End', () => {
    const { problems } = decode(dhcp, optionsOf('350105'));
    expect(problems.map((p) => [p.id, p.severity])).toEqual([['dhcp.option.end.missing', 'warn']]);
  });

  it('reports a magic cookie that is not 99.130.83.99', () => {
    const { problems } = decode(dhcp, withBytes(DISCOVER, 239, 0x64));
    expect(problems.map((p) => [p.id, p.start, p.end])).toEqual([['dhcp.cookie.invalid', 236, 240]]);
  });

  it('reports a header cut short with one problem on the bytes that are there', () => {
    const { problems, layers } = decode(dhcp, DISCOVER.slice(0, 100));
    expect(problems.map((p) => p.id)).toEqual(['dhcp.truncated']);
    expect(findField(layers, 'dhcp.hw.mac_addr')).toBeDefined();
    expect(findField(layers, 'dhcp.server')).toBeUndefined();
  });

  it('reports a hardware address length above 16', () => {
    const { problems } = decode(dhcp, withBytes(DISCOVER, 2, 20));
    expect(problems.map((p) => [p.id, p.start])).toEqual([['dhcp.hw.len.invalid', 2]]);
  });
});

/* Arbitraries from the builder's fields. */
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((a) => a.join('.'));
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
const build: fc.Arbitrary<DhcpBuild> = fc.record(
  {
    type: fc.integer({ min: 1, max: 8 }),
    xid: fc.nat({ max: 0xffffffff }),
    chaddr: mac,
    ciaddr: ipv4,
    yiaddr: ipv4,
    giaddr: ipv4,
    hops: fc.integer({ min: 0, max: 16 }),
    broadcast: fc.boolean(),
    clientId: fc.oneof(mac, fc.uint8Array({ minLength: 2, maxLength: 20 })),
    hostName: fc.string({ minLength: 1, maxLength: 30 }),
    requestedIp: ipv4,
    serverId: ipv4,
    leaseTime: fc.nat({ max: 0xffffffff }),
    renewalTime: fc.nat({ max: 0xffffffff }),
    subnetMask: ipv4,
    router: fc.array(ipv4, { minLength: 1, maxLength: 3 }),
    dns: fc.array(ipv4, { minLength: 1, maxLength: 3 }),
    parameterRequestList: fc.array(octet, { minLength: 1, maxLength: 12 }),
    relayAgent: fc.record({ circuitId: fc.uint8Array({ maxLength: 16 }), remoteId: fc.string({ maxLength: 16 }) }),
    options: fc.array(
      fc.record({ type: fc.integer({ min: 200, max: 254 }), value: fc.uint8Array({ maxLength: 20 }) }).map((o): OptionValue => o),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['type', 'xid', 'chaddr'] },
);

describe('dhcp properties', () => {
  it('encode → decode → encode gives the same bytes, with no problems', () => {
    fc.assert(
      fc.property(build, (b) => {
        const bytes = encode(dhcp, dhcpMessage(b));
        const out = decode(dhcp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(dhcp, out.value as DhcpMessage))).toBe(hex(bytes));
        expect(dhcpType(out.value)).toBe(b.type);
      }),
      { numRuns },
    );
  });

  it('decodes any bytes without throwing, every node inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const { layers } = decode(dhcp, bytes);
        expectNested(layers, 0, bytes.length);
      }),
      { numRuns },
    );
  });

  it('decodes mutated valid messages without throwing, and re-encodes what it decoded', () => {
    fc.assert(
      fc.property(build, fc.array(fc.tuple(fc.nat(), octet), { minLength: 1, maxLength: 6 }), fc.nat(), (b, edits, cut) => {
        const bytes = encode(dhcp, dhcpMessage(b));
        for (const [at, v] of edits) bytes[DHCP_END + (at % Math.max(1, bytes.length - DHCP_END))] = v;
        const frame = bytes.subarray(0, bytes.length - (cut % 8));
        const { layers, value } = decode(dhcp, frame);
        expectNested(layers, 0, frame.length);
        expect(() => encode(dhcp, value)).not.toThrow();
      }),
      { numRuns },
    );
  });
});
