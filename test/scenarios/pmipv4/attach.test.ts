import { describe, expect, it } from 'vitest';
import { microsFromNtp } from '../../../src/wire/mipv4';
import { TIME_OF_DAY_EPOCH_US } from '../../../src/protocols/pmipv6';
import { runnableScenario } from '../../../src/scenarios/registry';
import { runScenario } from '../../../src/scenarios/run';
import { ParamError } from '../../../src/scenarios/params';
import { careOf, faHa, HA_ADDRESS, HOME_GATEWAY, mnHa, mnMac, nai } from '../../../src/scenarios/pmipv4/addressing';
import { authenticators, control, find, frameOf, lastState, line, mipOf, packets, rows, sameBytes } from './support';
import type { LayerValue, OptionValue } from '../../../src/wire/core';

const AUTH = ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept'];
const REGISTER = ['mag1>lma PRRQ', 'lma>mag1 PRRP'];
const ECHO = ['cn>lma echo-request', 'lma>mag1 echo-request (tunnelled)', 'mag1>mn1 echo-request', 'mn1>mag1 echo-reply', 'mag1>lma echo-reply (tunnelled)', 'lma>cn echo-reply'];

const extensions = (m: LayerValue): OptionValue[] => (m.extensions as OptionValue[] | undefined) ?? [];
const layerOf = (p: Parameters<typeof frameOf>[0], proto: string): LayerValue[] => {
  const out: LayerValue[] = [];
  for (let l = frameOf(p); l; l = l.payload as LayerValue | undefined) if (l.proto === proto) out.push(l);
  return out;
};

describe('pmipv4-attach', () => {
  it('is runnable through the registry', () => {
    expect(runnableScenario('pmipv4-attach')?.status).toBe('runnable');
  });

  it('follows seed 000 Fig. 1 with DHCP in the access router: 1b, 2 DISCOVER, 3 PRRQ, 4 PRRP, 5 OFFER, 6 REQUEST/ACK, then data through the tunnel', () => {
    const t = runScenario('pmipv4-attach');
    expect(control(t)).toEqual([...AUTH, 'mn1>mag1 DHCPDISCOVER', ...REGISTER, 'mag1>mn1 DHCPOFFER', 'mn1>mag1 DHCPREQUEST', 'mag1>mn1 DHCPACK']);
    const data = packets(t).filter((p) => p.plane === 'data');
    expect(data.slice(0, 6).map(line)).toEqual(ECHO);
    expect(data.every((p) => p.fate === 'delivered')).toBe(true);
    expect(packets(t).every((p) => p.step && p.section)).toBe(true);
    expect(t.entities.map((e) => [e.id, e.label, e.role])).toEqual([
      ['mn1', 'MN', 'MN'],
      ['mag1', 'MAG1 (PMA)', 'MAG'],
      ['mag2', 'MAG2 (PMA)', 'MAG'],
      ['aaa', 'AAA (RADIUS)', 'AAA'],
      ['lma', 'LMA (HA)', 'LMA'],
      ['cn', 'CN', 'CN'],
    ]);
  });

  it('sends a Proxy Registration Request on UDP 434 with home address 0.0.0.0, its care-of address, the NAI and the PMIPv4 extensions', () => {
    const t = runScenario('pmipv4-attach');
    const [rrq] = find(t, 'mag1>lma PRRQ');
    const udp = layerOf(rrq!, 'udp')[0]!;
    expect([udp.srcport, udp.dstport]).toEqual([434, 434]);
    const m = mipOf(rrq!);
    expect(m).toMatchObject({ type: 1, homeAddress: '0.0.0.0', homeAgent: HA_ADDRESS, careOf: careOf(1), lifetime: 60 });
    expect(m.flags).toMatchObject({ t: true, d: false, g: false });
    const types = extensions(m).map((e) => e.type);
    // NAI first, the PMIPv4 skippable extensions, Revocation Support, then MN-HA and FA-HA last.
    expect(types).toEqual([131, 147, 147, 137, 32, 34]);
    expect(extensions(m)[0]).toMatchObject({ nai: nai(1) });
    expect(extensions(m)[1]).toMatchObject({ subtype: 2, idType: 1 });
    expect(extensions(m)[2]).toMatchObject({ subtype: 4, techType: 1 });
    // The Identification is the MAG's NTP time of day when it sent the request.
    expect(Math.abs(microsFromNtp(m.identification as bigint) - (TIME_OF_DAY_EPOCH_US + rrq!.time))).toBeLessThan(1);
  });

  it('authenticates request and reply with HMAC-MD5 under the keys of the profile: recomputed over the bytes, they match', () => {
    const t = runScenario('pmipv4-attach');
    for (const l of ['mag1>lma PRRQ', 'lma>mag1 PRRP']) {
      const [p] = find(t, l);
      const auths = authenticators(p!);
      expect(auths.map((a) => [a.type, a.spi])).toEqual([
        [32, mnHa(1).spi],
        [34, faHa(1).spi],
      ]);
      expect(sameBytes(auths[0]!.recompute(mnHa(1).key), auths[0]!.value)).toBe(true);
      expect(sameBytes(auths[1]!.recompute(faHa(1).key), auths[1]!.value)).toBe(true);
      // Another key gives another authenticator: the check can fail.
      expect(sameBytes(auths[0]!.recompute(faHa(1).key), auths[0]!.value)).toBe(false);
    }
  });

  it('hands the MN the home address of the reply, from the gateway the MN believes in', () => {
    const t = runScenario('pmipv4-attach');
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress as string;
    expect(hoa).toMatch(/^192\.0\.2\./);
    const offer = layerOf(find(t, 'mag1>mn1 DHCPOFFER')[0]!, 'dhcp')[0]!;
    expect(offer.yiaddr).toBe(hoa);
    expect(rows(lastState(t, 'mn1'), 'DHCP lease')).toEqual([expect.objectContaining({ address: `${hoa}/24`, server: HOME_GATEWAY })]);
    expect(rows(lastState(t, 'lma'), 'Mobility bindings')).toEqual([expect.objectContaining({ MN: nai(1), 'home address': hoa, 'care-of address': careOf(1), MAC: mnMac(1) })]);
    expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([expect.objectContaining({ MN: nai(1), state: 'registered', 'home address': hoa })]);
    // IP-in-IP by default (RFC 2003): the tunnelled echo is IPv4 in IPv4.
    const tunnelled = find(t, 'lma>mag1 echo-request (tunnelled)')[0]!;
    expect(layerOf(tunnelled, 'ip').map((ip) => [ip.src, ip.dst])).toEqual([
      [HA_ADDRESS, careOf(1)],
      ['203.0.113.10', hoa],
    ]);
    expect(layerOf(tunnelled, 'gre')).toEqual([]);
  });

  it('relays DHCP to the server at the home agent, which offers the home address of the binding whose device is the client', () => {
    const t = runScenario('pmipv4-attach', { dhcp: 'relay' });
    expect(control(t)).toEqual([
      ...AUTH,
      'mn1>mag1 DHCPDISCOVER',
      ...REGISTER,
      'mag1>lma DHCPDISCOVER',
      'lma>mag1 DHCPOFFER',
      'mag1>mn1 DHCPOFFER',
      'mn1>mag1 DHCPREQUEST',
      'mag1>lma DHCPREQUEST',
      'lma>mag1 DHCPACK',
      'mag1>mn1 DHCPACK',
    ]);
    const relayed = layerOf(find(t, 'mag1>lma DHCPDISCOVER')[0]!, 'dhcp')[0]!;
    expect(relayed.giaddr).toBe(careOf(1));
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress;
    expect(layerOf(find(t, 'mag1>mn1 DHCPOFFER')[0]!, 'dhcp')[0]!.yiaddr).toBe(hoa);
    expect(packets(t).filter((p) => p.plane === 'data').every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('on a PPP link gives the home address with IPCP: Configure-Request 0.0.0.0, Configure-Nak with the home address, Configure-Request, Configure-Ack', () => {
    const t = runScenario('pmipv4-attach', { addressing: 'ipcp' });
    expect(control(t)).toEqual([
      ...AUTH,
      'mn1>mag1 Configure-Request',
      'mag1>mn1 Configure-Request',
      'mag1>lma PRRQ',
      'mn1>mag1 Configure-Ack',
      'lma>mag1 PRRP',
      'mag1>mn1 Configure-Nak',
      'mn1>mag1 Configure-Request',
      'mag1>mn1 Configure-Ack',
    ]);
    const hoa = mipOf(find(t, 'lma>mag1 PRRP')[0]!).homeAddress as string;
    const address = (p: (typeof t.events)[number]) => ((layerOf(p as never, 'ipcp')[0]!.options as { type: number; address: string }[]).find((o) => o.type === 3))!.address;
    const requests = find(t, 'mn1>mag1 Configure-Request');
    expect(requests.map(address)).toEqual(['0.0.0.0', hoa]);
    expect(address(find(t, 'mag1>mn1 Configure-Nak')[0]!)).toBe(hoa);
    expect(address(find(t, 'mag1>mn1 Configure-Request')[0]!)).toBe(HOME_GATEWAY);
    expect(find(t, 'mn1>mag1 Configure-Request')[0]!.linkType).toBe(9);
    expect(rows(lastState(t, 'mn1'), 'IPCP')).toEqual([expect.objectContaining({ state: 'opened', address: hoa })]);
    expect(packets(t).filter((p) => p.plane === 'data').every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('with tunnel = gre exchanges GRE keys in request and reply, and each side sends with the key the other chose', () => {
    const t = runScenario('pmipv4-attach', { tunnel: 'gre' });
    const rrq = mipOf(find(t, 'mag1>lma PRRQ')[0]!);
    const rrp = mipOf(find(t, 'lma>mag1 PRRP')[0]!);
    expect(rrq.flags).toMatchObject({ g: true });
    const pmaKey = extensions(rrq).find((e) => e.type === 48)!.key as number;
    const haKey = extensions(rrp).find((e) => e.type === 48)!.key as number;
    expect(pmaKey).not.toBe(haKey);
    const down = layerOf(find(t, 'lma>mag1 echo-request (tunnelled)')[0]!, 'gre')[0]!;
    const up = layerOf(find(t, 'mag1>lma echo-reply (tunnelled)')[0]!, 'gre')[0]!;
    expect([down.key, up.key]).toEqual([pmaKey, haKey]);
    expect(packets(t).filter((p) => p.plane === 'data').every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('with per-node security sends the Per-Node Authentication Method extension and the FA-HA authenticator only', () => {
    const t = runScenario('pmipv4-attach', { auth: 'fa-ha' });
    for (const l of ['mag1>lma PRRQ', 'lma>mag1 PRRP']) {
      const p = find(t, l)[0]!;
      expect(extensions(mipOf(p)).find((e) => e.type === 47)).toMatchObject({ subtype: 1, method: 1 });
      const auths = authenticators(p);
      expect(auths.map((a) => a.type)).toEqual([34]);
      expect(sameBytes(auths[0]!.recompute(faHa(1).key), auths[0]!.value)).toBe(true);
    }
  });

  it('runs the same for the same parameters and seed, and differently for another seed with loss', () => {
    const a = JSON.stringify(runScenario('pmipv4-attach', { loss: 30 }, [], 7));
    expect(JSON.stringify(runScenario('pmipv4-attach', { loss: 30 }, [], 7))).toBe(a);
    const others = [8, 9, 10, 11].map((s) => JSON.stringify(runScenario('pmipv4-attach', { loss: 30 }, [], s)).replace(/"seed":\d+/, ''));
    expect(others.some((o) => o !== a.replace(/"seed":\d+/, ''))).toBe(true);
  });

  it('refuses an unknown parameter or value with what is allowed', () => {
    expect(() => runScenario('pmipv4-attach', { colour: 'red' })).toThrow(/unknown parameter 'colour': the parameters are addressing, dhcp, tunnel, auth, lifetime, delay, loss/);
    expect(() => runScenario('pmipv4-attach', { tunnel: 'minimal' })).toThrow(ParamError);
    expect(() => runScenario('pmipv4-attach', { tunnel: 'minimal' })).toThrow(/allowed values are ip-in-ip, gre/);
  });
});
