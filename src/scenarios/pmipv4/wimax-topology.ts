import { aaa } from '../../entities/aaa';
import { checkPmipv4Profiles, pmipv4Profiles } from '../../entities/aaa-pmipv4';
import { cn } from '../../entities/cn';
import { ha, haConfig, type HaInput } from '../../entities/ha';
import { mn } from '../../entities/mn';
import { wimaxAuthenticator } from '../../entities/wimax/authenticator';
import { wimaxFa } from '../../entities/wimax/fa';
import type { Subscriber } from '../../protocols/pmipv4/decide';
import { MachineAgent } from '../../sim/agent';
import type { Network } from '../../sim/network';
import type { SimNode } from '../../sim/node';
import { parsePrefix } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import {
  AAA_ADDRESS, aaaSide, careOf, CN_ADDRESS, GATEWAY_MAC, HA_ADDRESS, HA_CN_SIDE, HOME_GATEWAY, HOME_MASK, HOME_POOL, HOME_PREFIX_LENGTH, LEASE_SECS, mnHa, mnMac, nai,
  nasAddress, RADIUS_SECRET,
} from './addressing';

/*
 * The WiMAX network of RFC 5563 Fig. 5 with a split PMA (§10):
 *
 *   mn1 ─┬─ dpf1 (FA) ──┬── ha ── cn          R3: FA ↔ HA (PRRQ/PRRP, the PMIPv4 tunnel)
 *        └─ dpf2 (FA) ──┘                     R4: FA ↔ authenticator, FA ↔ FA (simplified, src/wire/r4.ts)
 *       dpf1, dpf2 ── asngw (authenticator: NAS + PMIPv4 client) ── aaa
 *       dpf1 ── dpf2
 *
 * The base stations are not simulated: the MN's link ends at the data path function's FA.
 */

export const ASN_GW_ADDRESS = '198.51.100.50';
const ACCESS_DELAY_US = 1000;
const R4_DELAY_US = 2000;
const AAA_DELAY_US = 2000;
const HA_CN_DELAY_US = 5000;

export interface WimaxOptions {
  /** One-way delay of each FA–HA (R3) link, µs. */
  r3DelayUs: number;
  lifetimeSeconds: number;
  /** The old FA forwards data over R4 during a handover (Fig. 6 step 1). */
  forwarding: boolean;
  trafficIntervalMs: number;
}

export class WimaxLab {
  readonly entities: EntityInfo[];
  readonly fas: { node: SimNode; agent: MachineAgent }[] = [];
  readonly asn: { node: SimNode; agent: MachineAgent };
  readonly ha: { node: SimNode; agent: MachineAgent };
  readonly cn: { node: SimNode; agent: MachineAgent };
  readonly mn: { node: SimNode; agent: MachineAgent };
  /** The FA the MN is on. */
  at?: number;

  constructor(
    readonly net: Network,
    o: WimaxOptions,
  ) {
    const haNode = net.addNode('ha', { forwarding: true });
    const asnNode = net.addNode('asngw');
    const aaaNode = net.addNode('aaa');
    const cnNode = net.addNode('cn');
    const lo = (node: SimNode, address: string): void => {
      node.addInterface('lo', net.nextMac());
      node.addAddress('lo', `${address}/32`);
    };
    // A point-to-point link on which `a` reaches `aReach` and `b` reaches `bReach`.
    const wire = (id: string, a: SimNode, aIface: string, aReach: string, b: SimNode, bIface: string, bReach: string, delayUs: number): void => {
      a.addInterface(aIface, net.nextMac());
      b.addInterface(bIface, net.nextMac());
      a.addRoute({ dst: parsePrefix(`${aReach}/32`), iface: aIface, owner: 'static' });
      b.addRoute({ dst: parsePrefix(`${bReach}/32`), iface: bIface, owner: 'static' });
      net.connect(id, [a, aIface], [b, bIface], { delayUs });
    };
    lo(haNode, HA_ADDRESS);
    lo(asnNode, ASN_GW_ADDRESS);
    lo(aaaNode, AAA_ADDRESS);
    haNode.addInterface('cn', net.nextMac());
    haNode.addAddress('cn', `${HA_CN_SIDE}/24`);
    cnNode.addInterface('eth0', net.nextMac());
    cnNode.addAddress('eth0', `${CN_ADDRESS}/24`);
    cnNode.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
    net.connect('ha-cn', [haNode, 'cn'], [cnNode, 'eth0'], { delayUs: HA_CN_DELAY_US });
    // The authenticator's NAS address, towards the AAA server.
    asnNode.addInterface('aaa', net.nextMac());
    asnNode.addAddress('aaa', `${nasAddress(1)}/32`);
    aaaNode.addInterface('asngw', net.nextMac());
    aaaNode.addAddress('asngw', `${aaaSide(1)}/32`);
    asnNode.addRoute({ dst: parsePrefix(`${AAA_ADDRESS}/32`), iface: 'aaa', owner: 'static' });
    aaaNode.addRoute({ dst: parsePrefix(`${nasAddress(1)}/32`), iface: 'asngw', owner: 'static' });
    net.connect('asngw-aaa', [asnNode, 'aaa'], [aaaNode, 'asngw'], { delayUs: AAA_DELAY_US });

    const faNodes: SimNode[] = [];
    for (const n of [1, 2]) {
      const node = net.addNode(`dpf${n}`, { forwarding: true });
      lo(node, careOf(n));
      wire(`dpf${n}-ha`, node, 'r3', HA_ADDRESS, haNode, `dpf${n}`, careOf(n), o.r3DelayUs);
      wire(`dpf${n}-asngw`, node, 'r4', ASN_GW_ADDRESS, asnNode, `dpf${n}`, careOf(n), R4_DELAY_US);
      // Every FA answers for the home network's gateway, with one MAC (RFC 5563 §6.1; §10 item 6).
      node.addInterface('mn1', GATEWAY_MAC);
      node.addAddress('mn1', `${HOME_GATEWAY}/32`);
      faNodes.push(node);
    }
    wire('dpf1-dpf2', faNodes[0]!, 'peer', careOf(2), faNodes[1]!, 'peer', careOf(1), R4_DELAY_US);
    const home = { gateway: HOME_GATEWAY, gatewayMac: GATEWAY_MAC, mask: HOME_MASK, prefixLength: HOME_PREFIX_LENGTH, leaseSecs: LEASE_SECS };
    for (const [i, node] of faNodes.entries()) {
      const n = i + 1;
      this.fas.push({ node, agent: new MachineAgent(net, node, wimaxFa, { name: `DPF${n}/FA`, careOf: careOf(n), authenticator: ASN_GW_ADDRESS, home, forwarding: o.forwarding }) });
    }

    const subscribers: Record<string, Subscriber> = { [nai(1)]: { mnHa: mnHa(1) } };
    const profiles = { [nai(1)]: { homeAgent: HA_ADDRESS, mnHa: mnHa(1) } };
    checkPmipv4Profiles(profiles);
    const haInput: Omit<HaInput, 'env'> = {
      address: HA_ADDRESS,
      proxyEnabled: true,
      allowedPmas: [careOf(1), careOf(2)],
      subscribers,
      // WiMAX: MN-HA per MS (§10 item 1); the optional FA-HA for revocation is not used here.
      pmas: {},
      pool: HOME_POOL,
      lifetimeCapSeconds: 0xfffe,
      toleranceS: 7,
      home: { gateway: HOME_GATEWAY, mask: HOME_MASK, leaseSecs: LEASE_SECS },
      revocation: false,
    };
    haConfig({ ...haInput, env: { now: () => 0, random: () => 0 } });
    this.ha = { node: haNode, agent: new MachineAgent(net, haNode, ha, haInput) };
    new MachineAgent(net, aaaNode, aaa, { name: 'AAA', address: AAA_ADDRESS, secret: RADIUS_SECRET, profiles, format: pmipv4Profiles });
    this.asn = {
      node: asnNode,
      agent: new MachineAgent(net, asnNode, wimaxAuthenticator, {
        name: 'ASN-GW authenticator',
        address: ASN_GW_ADDRESS,
        aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET, nasAddress: nasAddress(1) },
        lifetimeSeconds: o.lifetimeSeconds,
      }),
    };
    this.cn = {
      node: cnNode,
      agent: new MachineAgent(net, cnNode, cn, { name: 'CN', address: CN_ADDRESS, address4: CN_ADDRESS, mode: 'echo', intervalMs: o.trafficIntervalMs }),
    };
    const mnNode = net.addNode('mn1');
    mnNode.addInterface('eth0', mnMac(1));
    this.mn = { node: mnNode, agent: new MachineAgent(net, mnNode, mn, { name: 'MN', iface: 'eth0', mac: mnMac(1), ipv6: false, dhcp4: true }) };
    this.entities = [
      { id: 'mn1', label: 'MN', role: 'MN' },
      { id: 'dpf1', label: 'DPF1 / FA', role: 'FA' },
      { id: 'dpf2', label: 'DPF2 / FA', role: 'FA' },
      { id: 'asngw', label: 'Authenticator ASN (NAS + PMIPv4 client)', role: 'pmip-client' },
      { id: 'aaa', label: 'AAA (RADIUS)', role: 'AAA' },
      { id: 'ha', label: 'HA (CSN)', role: 'HA' },
      { id: 'cn', label: 'CN', role: 'CN' },
    ];
  }

  /** Network entry at FA `n`: the authenticator authenticates the MN; its link carries IP once that is under way. */
  enter(n: number): void {
    this.connect(n);
    this.asn.agent.send({ type: 'l2.attach', nai: nai(1), mac: mnMac(1) });
    this.net.recorder.note({ time: this.net.now, entity: `dpf${n}`, text: `mn1 enters the network through DPF${n}: the authenticator ASN authenticates it (EAP over R6, not simulated).`, section: 'RFC 5563 §10, Fig. 5' });
  }

  /** Fig. 6 step 1: the MN's link moves to FA `n`, which learns from the handover context where it came from. */
  handover(n: number): void {
    const from = this.at!;
    this.net.disconnect(`mn1-dpf${from}`);
    this.mn.agent.send({ type: 'l2.detach' });
    this.fas[from - 1]!.agent.send({ type: 'l2.lost', mn: 'mn1' });
    this.connect(n, careOf(from));
    this.net.recorder.note({ time: this.net.now, entity: `dpf${n}`, text: `1. mn1 establishes a link to the base station of DPF${n}; no new authentication. The PMIPv4 tunnel still ends at DPF${from}.`, section: 'RFC 5563 §10, Fig. 6 step 1' });
  }

  /** World.move: the learner's `move` fault, a handover to the other FA (Fig. 6). */
  moveFault(node: string, to: string): string | undefined {
    if (node !== 'mn1') return `${node} is not a mobile node here (the mobile node is mn1)`;
    const m = /^dpf([12])$/.exec(to);
    if (!m) return `${to} is not a data path function (the FAs are dpf1, dpf2)`;
    const n = Number(m[1]);
    if (this.at === undefined) return 'mn1 has not entered the network yet';
    if (this.at === n) return `mn1 is attached to ${to} already`;
    this.handover(n);
    return undefined;
  }

  private connect(n: number, previous?: string): void {
    const link = `mn1-dpf${n}`;
    this.net.connect(link, [this.mn.node, 'eth0'], [this.fas[n - 1]!.node, 'mn1'], { delayUs: ACCESS_DELAY_US });
    this.at = n;
    this.fas[n - 1]!.agent.send({ type: 'l2.attach', mn: 'mn1', nai: nai(1), mac: mnMac(1), iface: 'mn1', ...(previous ? { previous } : {}) });
    this.mn.agent.send({ type: 'l2.attach', iface: 'eth0' });
  }

  homeAddress(): string | undefined {
    return (this.mn.agent.actor.getSnapshot().context as { dhcp?: { lease?: { address: string } } }).dhcp?.lease?.address;
  }
}
