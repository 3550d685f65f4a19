import { aaa } from '../../entities/aaa';
import { checkPmipv4Profiles, pmipv4Profiles } from '../../entities/aaa-pmipv4';
import { cn } from '../../entities/cn';
import { ha, haConfig, type HaInput } from '../../entities/ha';
import { mn } from '../../entities/mn';
import { pma, pmaConfig, type PmaInput } from '../../entities/pma';
import type { Pmipv4Profile } from '../../protocols/pmipv4/aaa-profile';
import type { Subscriber } from '../../protocols/pmipv4/decide';
import type { AuthMode } from '../../protocols/pmipv4/security';
import type { Encapsulation } from '../../protocols/pmipv4/tunnels';
import { MachineAgent } from '../../sim/agent';
import type { Network } from '../../sim/network';
import { PPP_LINK_TYPE, type SimNode } from '../../sim/node';
import { parsePrefix } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import {
  AAA_ADDRESS, aaaSide, careOf, CN_ADDRESS, faHa, GATEWAY_MAC, HA_ADDRESS, HA_CN_SIDE, haSide, HOME_GATEWAY, HOME_MASK, HOME_POOL, HOME_PREFIX_LENGTH,
  LEASE_SECS, mnHa, mnMac, nai, nasAddress, RADIUS_SECRET, wrongKey,
} from './addressing';

/*
 * The PMIPv4 lab network (seed 000 Fig. 1, RFC 5563 Fig. 1), shared by every pmipv4-* scenario:
 *
 *   mn1 ─┐           ┌── mag1 ──┐
 *   mn2 ─┴─ (access) ┤          ├── lma (HA) ── cn
 *                    └── mag2 ──┘
 *            mag1, mag2 ── aaa   (each MAG has its own link to the RADIUS server)
 *
 * Access links are point-to-point (Ethernet, or PPP for the IPCP path), plugged in when the MN
 * attaches. The MN is an unmodified IPv4 host; its link is open to IP once access authentication
 * (1a, not simulated: EAP or CHAP) is done, ACCESS_AUTH_US after it attached.
 */

export type Addressing = 'dhcp' | 'ipcp';

export interface LabOptions {
  mns: number;
  addressing: Addressing;
  dhcp: 'server' | 'relay';
  tunnel: Encapsulation;
  auth: AuthMode;
  lifetimeSeconds: number;
  /** One-way delay of each MAG–HA link, ms. */
  magHaDelayMs: readonly [number, number];
  lossPercent: number;
  trafficIntervalMs: number;
  /** PMAs and home agent negotiate Registration Revocation (RFC 3543); default true. */
  revocation?: boolean;
  /** The PMAs confirm a device is attached before re-registering (RFC 5563 §4.4); default true. */
  confirmsAttachment?: boolean;
  /** How far each MAG's clock is off, µs. */
  magClockOffsetUs?: readonly [number, number];
  /** The home agent takes proxy registrations (RFC 5563 §8.1); default true. */
  proxyEnabled?: boolean;
  /** MAGs the home agent takes proxy registrations from (default both). */
  allowedMags?: readonly number[];
  /** A home address the AAA profiles fix (Framed-IP-Address), e.g. one the home agent will not give. */
  profileHomeAddress?: string;
  /** The profiles name no home agent: the PMAs discover one (RFC 5563 §4.6). */
  dynamicHomeAgent?: boolean;
  /** The AAA server hands out MN-HA keys the home agent does not hold. */
  wrongMnHaKey?: boolean;
  /** MAG1 is provisioned with an FA-HA key the home agent does not hold. */
  wrongFaHaKey?: boolean;
  /** The DHCP lease time, s (default a day): a short one shows renewals. */
  leaseSecs?: number;
  /** What the access routers and the anchor are called where documents differ (3GPP2: BS and AGW). */
  names?: { access: string; anchor: string };
  /** The home agent keeps a move tentative until a movement notification is answered (RFC 5563 §11.1). */
  movementNotification?: boolean;
  /** MAG1 answers movement notifications (default true). */
  mag1AnswersMovement?: boolean;
}

export const ACCESS_DELAY_US = 1000;
export const MAG_AAA_DELAY_US = 2000;
export const HA_CN_DELAY_US = 5000;
/** Access authentication (step 1a) takes this long before the MN's link carries IP. */
export const ACCESS_AUTH_US = 10_000;

interface MnHandle {
  n: number;
  id: string;
  node: SimNode;
  agent: MachineAgent;
  nai: string;
  mac: string;
  at?: number;
}

export class Lab {
  readonly entities: EntityInfo[] = [];
  readonly mags: { node: SimNode; agent: MachineAgent }[] = [];
  readonly mns: MnHandle[] = [];
  readonly ha: { node: SimNode; agent: MachineAgent };
  readonly aaa: { node: SimNode; agent: MachineAgent };
  readonly cn: { node: SimNode; agent: MachineAgent };

  constructor(
    readonly net: Network,
    readonly o: LabOptions,
  ) {
    const haNode = net.addNode('lma', { forwarding: true });
    const aaaNode = net.addNode('aaa');
    const cnNode = net.addNode('cn');
    haNode.addInterface('lo', net.nextMac());
    haNode.addAddress('lo', `${HA_ADDRESS}/32`);
    haNode.addInterface('cn', net.nextMac());
    haNode.addAddress('cn', `${HA_CN_SIDE}/24`);
    cnNode.addInterface('eth0', net.nextMac());
    cnNode.addAddress('eth0', `${CN_ADDRESS}/24`);
    cnNode.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
    net.connect('lma-cn', [haNode, 'cn'], [cnNode, 'eth0'], { delayUs: HA_CN_DELAY_US });
    aaaNode.addInterface('lo', net.nextMac());
    aaaNode.addAddress('lo', `${AAA_ADDRESS}/32`);

    const loss = o.lossPercent / 100;
    const magFaHa = (n: number) => (n === 1 && o.wrongFaHaKey ? wrongKey(faHa(n)) : faHa(n));
    for (const n of [1, 2]) {
      const node = net.addNode(`mag${n}`, { forwarding: true });
      node.addInterface('core', net.nextMac());
      node.addAddress('core', `${careOf(n)}/32`);
      node.addRoute({ dst: parsePrefix(`${HA_ADDRESS}/32`), iface: 'core', owner: 'static' });
      haNode.addInterface(`mag${n}`, net.nextMac());
      haNode.addAddress(`mag${n}`, `${haSide(n)}/32`);
      haNode.addRoute({ dst: parsePrefix(`${careOf(n)}/32`), iface: `mag${n}`, owner: 'static' });
      net.connect(`mag${n}-lma`, [node, 'core'], [haNode, `mag${n}`], { delayUs: o.magHaDelayMs[n - 1]! * 1000, loss });
      node.addInterface('aaa', net.nextMac());
      node.addAddress('aaa', `${nasAddress(n)}/32`);
      node.addRoute({ dst: parsePrefix(`${AAA_ADDRESS}/32`), iface: 'aaa', owner: 'static' });
      aaaNode.addInterface(`mag${n}`, net.nextMac());
      aaaNode.addAddress(`mag${n}`, `${aaaSide(n)}/32`);
      aaaNode.addRoute({ dst: parsePrefix(`${nasAddress(n)}/32`), iface: `mag${n}`, owner: 'static' });
      net.connect(`mag${n}-aaa`, [node, 'aaa'], [aaaNode, `mag${n}`], { delayUs: MAG_AAA_DELAY_US });
      const accessIfaces: Record<string, { link: 'ethernet' | 'ppp' }> = {};
      for (let m = 1; m <= o.mns; m++) {
        // Every MAG answers for the home network's gateway, with one MAC (seed 000 §6.1).
        node.addInterface(`mn${m}`, GATEWAY_MAC);
        node.addAddress(`mn${m}`, `${HOME_GATEWAY}/32`);
        accessIfaces[`mn${m}`] = { link: o.addressing === 'ipcp' ? 'ppp' : 'ethernet' };
      }
      const access = o.names?.access ?? 'MAG';
      const input: Omit<PmaInput, 'env'> = {
        name: `${access}${n}`,
        careOf: careOf(n),
        aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET, nasAddress: nasAddress(n) },
        discoveryHomeAgent: HA_ADDRESS,
        faHa: { [HA_ADDRESS]: magFaHa(n) },
        auth: o.auth,
        accessIfaces,
        home: { gateway: HOME_GATEWAY, gatewayMac: GATEWAY_MAC, mask: HOME_MASK, prefixLength: HOME_PREFIX_LENGTH, leaseSecs: o.leaseSecs ?? LEASE_SECS },
        dhcp: o.dhcp,
        tunnel: o.tunnel,
        lifetimeSeconds: o.lifetimeSeconds,
        clockOffsetUs: o.magClockOffsetUs?.[n - 1] ?? 0,
        revocation: o.revocation ?? true,
        confirmsAttachment: o.confirmsAttachment ?? true,
        answersMovement: n !== 1 || (o.mag1AnswersMovement ?? true),
      };
      pmaConfig({ ...input, env: { now: () => 0, random: () => 0 } });
      this.mags.push({ node, agent: new MachineAgent(net, node, pma, input) });
      this.entities.push({ id: `mag${n}`, label: `${access}${n} (PMA)`, role: 'MAG' });
    }

    const aaaProfiles: Record<string, Pmipv4Profile> = {};
    const subscribers: Record<string, Subscriber> = {};
    for (let m = 1; m <= o.mns; m++) {
      aaaProfiles[nai(m)] = {
        ...(o.dynamicHomeAgent ? {} : { homeAgent: HA_ADDRESS }),
        ...(o.profileHomeAddress ? { homeAddress: o.profileHomeAddress } : {}),
        mnHa: o.wrongMnHaKey ? wrongKey(mnHa(m)) : mnHa(m),
      };
      subscribers[nai(m)] = { mnHa: mnHa(m) };
    }
    checkPmipv4Profiles(aaaProfiles);
    this.aaa = {
      node: aaaNode,
      agent: new MachineAgent(net, aaaNode, aaa, { name: 'AAA', address: AAA_ADDRESS, secret: RADIUS_SECRET, profiles: aaaProfiles, format: pmipv4Profiles }),
    };
    this.entities.push({ id: 'aaa', label: 'AAA (RADIUS)', role: 'AAA' });

    const haInput: Omit<HaInput, 'env'> = {
      address: HA_ADDRESS,
      proxyEnabled: o.proxyEnabled ?? true,
      allowedPmas: (o.allowedMags ?? [1, 2]).map(careOf),
      subscribers,
      pmas: { [careOf(1)]: faHa(1), [careOf(2)]: faHa(2) },
      pool: HOME_POOL,
      lifetimeCapSeconds: 0xfffe,
      toleranceS: 7,
      home: { gateway: HOME_GATEWAY, mask: HOME_MASK, leaseSecs: o.leaseSecs ?? LEASE_SECS },
      revocation: o.revocation ?? true,
      movementNotification: o.movementNotification ?? false,
    };
    haConfig({ ...haInput, env: { now: () => 0, random: () => 0 } });
    this.ha = { node: haNode, agent: new MachineAgent(net, haNode, ha, haInput) };
    this.entities.unshift({ id: 'lma', label: o.names?.anchor ?? 'LMA (HA)', role: 'LMA' });

    this.cn = {
      node: cnNode,
      agent: new MachineAgent(net, cnNode, cn, { name: 'CN', address: CN_ADDRESS, address4: CN_ADDRESS, mode: 'echo', intervalMs: o.trafficIntervalMs }),
    };
    this.entities.push({ id: 'cn', label: 'CN', role: 'CN' });

    for (let m = 1; m <= o.mns; m++) {
      const node = net.addNode(`mn${m}`);
      const mac = mnMac(m);
      node.addInterface('eth0', mac);
      const ipcp = o.addressing === 'ipcp';
      const agent = new MachineAgent(net, node, mn, { name: `MN${m}`, iface: 'eth0', mac, ipv6: false, ...(ipcp ? { ipcp: true } : { dhcp4: true }) });
      this.mns.push({ n: m, id: `mn${m}`, node, agent, nai: nai(m), mac });
    }
    this.entities.unshift(...this.mns.map((h) => ({ id: h.id, label: o.mns === 1 ? 'MN' : `MN${h.n}`, role: 'MN' })));
    const order = ['mn1', 'mn2', 'mag1', 'mag2', 'aaa', 'lma', 'cn'];
    this.entities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }

  private mnHandle(id: string): MnHandle | undefined {
    return this.mns.find((h) => h.id === id);
  }

  /**
   * Plug MN `mnId` into MAG `magN` now: the MAG learns of it at once and authenticates it; the MN's
   * link carries IP once access authentication is over.
   */
  attachNow(mnId: string, magN: number): void {
    const h = this.mnHandle(mnId)!;
    const m = this.mags[magN - 1]!;
    const link = `${h.id}-mag${magN}`;
    this.net.connect(link, [h.node, 'eth0'], [m.node, h.id], { delayUs: ACCESS_DELAY_US, ...(this.o.addressing === 'ipcp' ? { linkType: PPP_LINK_TYPE } : {}) });
    h.at = magN;
    this.net.recorder.note({
      time: this.net.now,
      entity: `mag${magN}`,
      text: `${h.id} attaches at layer 2 to ${this.o.names?.access ?? 'MAG'}${magN}, which learns its NAI ${h.nai} and MAC ${h.mac}.`,
      section: 'seed 000 §4.1.1 step 1a; RFC 5563 §4.1.1 step 1a',
    });
    m.agent.send({ type: 'l2.attach', mn: h.id, nai: h.nai, mac: h.mac, iface: h.id });
    this.net.engine.schedule(ACCESS_AUTH_US, `${h.id} link up at mag${magN}`, () => {
      if (this.net.links.get(link)?.up !== true) return;
      h.agent.send({ type: 'l2.attach', iface: 'eth0' });
    });
  }

  /**
   * The MN's link to its MAG goes down now. `detach`: the MAG is told and de-registers; `lost`: the
   * radio just lost it, as in an uncontrolled handover, and the MAG keeps its visitor entry.
   */
  leaveNow(mnId: string, how: 'detach' | 'lost' = 'detach'): void {
    const h = this.mnHandle(mnId)!;
    const magN = h.at;
    if (magN === undefined) return;
    this.net.disconnect(`${h.id}-mag${magN}`);
    delete h.at;
    h.agent.send({ type: 'l2.detach' });
    this.mags[magN - 1]!.agent.send({ type: how === 'detach' ? 'l2.detach' : 'l2.lost', mn: h.id });
  }

  /** An uncontrolled handover: the MN is lost at its MAG and attaches to MAG `magN` `gapUs` later. */
  moveNow(mnId: string, magN: number, gapUs = 0): void {
    this.leaveNow(mnId, 'lost');
    const go = (): void => this.attachNow(mnId, magN);
    if (gapUs > 0) this.net.engine.schedule(gapUs, `${mnId} attaches to mag${magN}`, go);
    else go();
  }

  private at(atUs: number, label: string, fn: () => void): void {
    this.net.engine.schedule(Math.max(0, atUs - this.net.now), label, fn);
  }

  attach(mnId: string, magN: number, atUs: number): void {
    this.at(atUs, `${mnId} attaches to mag${magN}`, () => this.attachNow(mnId, magN));
  }

  move(mnId: string, magN: number, atUs: number, gapUs = 0): void {
    this.at(atUs, `${mnId} moves to mag${magN}`, () => this.moveNow(mnId, magN, gapUs));
  }

  /** The CN starts pinging the MN's home address at `atUs` (the address the MN uses then). */
  startTraffic(mnId: string, atUs: number): void {
    this.at(atUs, 'traffic starts', () => {
      const target = this.homeAddressOf(mnId);
      if (target) this.cn.agent.send({ type: 'app.start', target });
      else this.net.recorder.note({ time: this.net.now, text: `${mnId} has no IPv4 address: the CN sends nothing.`, entity: 'cn' });
    });
  }

  stopTraffic(atUs: number): void {
    this.at(atUs, 'traffic stops', () => this.cn.agent.send({ type: 'app.stop' }));
  }

  /** The IPv4 address the MN configured (from DHCP or IPCP), if any. */
  homeAddressOf(mnId: string): string | undefined {
    const c = this.mnHandle(mnId)!.agent.actor.getSnapshot().context as { dhcp?: { lease?: { address: string } }; ipcp?: { configured?: string } };
    return c.dhcp?.lease?.address ?? c.ipcp?.configured;
  }

  /** World.move: the learner's `move` fault, an uncontrolled handover. */
  moveFault(node: string, to: string): string | undefined {
    const h = this.mnHandle(node);
    if (!h) return `${node} is not a mobile node here (the mobile nodes are ${this.mns.map((x) => x.id).join(', ')})`;
    const m = /^mag([12])$/.exec(to);
    if (!m) return `${to} is not a MAG (the MAGs are mag1, mag2)`;
    const magN = Number(m[1]);
    if (h.at === magN) return `${node} is attached to ${to} already`;
    if (h.at === undefined) this.attachNow(node, magN);
    else this.moveNow(node, magN);
    return undefined;
  }
}
