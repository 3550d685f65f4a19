import { aaa, checkProfiles } from '../../entities/aaa';
import { cn } from '../../entities/cn';
import { lma } from '../../entities/lma';
import { mag, magConfig, type MagInput } from '../../entities/mag';
import { mn } from '../../entities/mn';
import { MachineAgent } from '../../sim/agent';
import type { Network } from '../../sim/network';
import type { SimNode } from '../../sim/node';
import { eui64, parsePrefix, withInterfaceId } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import { ParamError } from '../params';
import { ipv6Core, type CoreLink, type CoreNetwork } from './core-network';
import {
  AAA_ADDRESS, aaaSide, CN_ADDRESS, homePrefix, LMA_CN_SIDE, LMA_POOL, LMAA, magAaaSide, magLinkLocal, mnMac, nai, proxyCoa,
  RADIUS_SECRET, SHARED_PREFIX,
} from './addressing';

/*
 * The PMIPv6 lab network (seed 001 Fig. 1), shared by every pmipv6-* scenario:
 *
 *   mn1 ─┐           ┌── mag1 ──┐
 *   mn2 ─┴─ (access) ┤          ├── lma ── cn
 *                    └── mag2 ──┘
 *            mag1, mag2 ── aaa   (each MAG has its own link to the RADIUS server)
 *
 * Access links are point-to-point (one per MN and MAG), plugged in when the MN attaches and
 * unplugged when it leaves. Node ids are lowercase (`mag1`); the labels carry both names where the
 * documents differ ('MAG1 (PMA)', 'LMA (HA)').
 */

export type Addressing = 'per-mn-prefix' | 'shared-prefix';

export interface LabOptions {
  /** How many mobile nodes (1 or 2). */
  mns: number;
  addressing: Addressing;
  /** `profile`: the AAA's profile names the prefix; `lma-allocated`: the LMA picks one from its pool. */
  prefix: 'profile' | 'lma-allocated';
  /** The binding lifetime the MAGs ask for, s. */
  lifetimeSeconds: number;
  /** One-way delay of each MAG–LMA link, ms (index 0 is MAG1). */
  magLmaDelayMs: readonly [number, number];
  /** Loss on the MAG–LMA links, %. */
  lossPercent: number;
  ordering?: 'timestamp' | 'sequence';
  /** Proxy-CoAs the LMA lets register each MN (default: both MAGs). */
  authorizedMags?: readonly number[];
  /** The LMA's clock error, µs (the timestamp refusal). */
  lmaClockOffsetUs?: number;
  /** The AAA refuses every MN. */
  aaaRejects?: boolean;
  /** The MAGs send PBUs without a Home Network Prefix option (the no-prefix refusal, seed 001 §6.10). */
  magsOmitPrefix?: boolean;
  /** CN echo interval, ms. */
  trafficIntervalMs: number;
  /** How the MAGs reach the LMA (default: an IPv6 link each). */
  core?: CoreNetwork;
}

export const ACCESS_DELAY_US = 1000;
export const MAG_AAA_DELAY_US = 2000;
export const LMA_CN_DELAY_US = 5000;
/** The MN waits this long after attaching before its Router Solicitation (RFC 4861 §6.3.7 allows any delay up to 1 s). */
export const RS_DELAY_MS = 3;

interface MnHandle {
  n: number;
  id: string;
  node: SimNode;
  agent: MachineAgent;
  nai: string;
  mac: string;
  /** The MAG it is attached to now (1 or 2), if any. */
  at?: number;
}

export interface AttachOptions {
  handoff?: boolean;
  /** Withdraw this router (the previous MAG's link-local) on the new link (seed 001 §7.3). */
  previousRouter?: string;
}

const macBytes = (mac: string): Uint8Array => Uint8Array.from(mac.split(':').map((x) => parseInt(x, 16)));

/** The home address mobile node `n` forms by SLAAC from a /64 (its modified EUI-64 interface identifier). */
export function homeAddressIn(prefix: string, n: number): string {
  return withInterfaceId(parsePrefix(prefix), eui64(macBytes(mnMac(n))));
}

/** `::0:0:ff:fe00:11`: the interface identifier text the AAA profile carries in the shared-prefix model. */
function interfaceIdText(n: number): string {
  const hoa = homeAddressIn('::/64', n);
  return hoa;
}

export class Lab {
  readonly entities: EntityInfo[] = [];
  readonly mags: { node: SimNode; agent: MachineAgent }[] = [];
  readonly mns: MnHandle[] = [];
  readonly lma: { node: SimNode; agent: MachineAgent };
  readonly aaa: { node: SimNode; agent: MachineAgent };
  readonly cn: { node: SimNode; agent: MachineAgent };

  constructor(
    readonly net: Network,
    readonly o: LabOptions,
  ) {
    if (o.addressing === 'shared-prefix' && o.prefix === 'lma-allocated') {
      throw new ParamError(
        'prefix cannot be lma-allocated with addressing shared-prefix: in the shared-prefix model (seed 001 §5.3) every MN uses the link’s one prefix; choose addressing per-mn-prefix or prefix profile',
      );
    }
    const lmaNode = net.addNode('lma', { forwarding: true });
    const aaaNode = net.addNode('aaa');
    const cnNode = net.addNode('cn');

    lmaNode.addInterface('lo', net.nextMac());
    lmaNode.addAddress('lo', `${LMAA}/128`);
    const core = o.core ?? ipv6Core;
    core.prepareLma?.(lmaNode);
    const coreLinks: CoreLink[] = [];
    lmaNode.addInterface('cn', net.nextMac());
    lmaNode.addAddress('cn', `${LMA_CN_SIDE}/64`);
    cnNode.addInterface('eth0', net.nextMac());
    cnNode.addAddress('eth0', `${CN_ADDRESS}/64`);
    cnNode.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
    net.connect('lma-cn', [lmaNode, 'cn'], [cnNode, 'eth0'], { delayUs: LMA_CN_DELAY_US });

    const loss = o.lossPercent / 100;
    for (const n of [1, 2]) {
      const node = net.addNode(`mag${n}`, { forwarding: true });
      node.addInterface('core', net.nextMac());
      node.addInterface('aaa', net.nextMac());
      node.addAddress('aaa', `${magAaaSide(n)}/64`);
      node.addRoute({ dst: parsePrefix(`${AAA_ADDRESS}/128`), iface: 'aaa', owner: 'static' });
      const accessIfaces: Record<string, { linkLocal: string; mac: string; att: number }> = {};
      for (let m = 1; m <= o.mns; m++) {
        const ifc = node.addInterface(`mn${m}`, net.nextMac());
        node.addAddress(`mn${m}`, `${magLinkLocal(n)}/64`);
        accessIfaces[`mn${m}`] = { linkLocal: magLinkLocal(n), mac: ifc.mac, att: 4 };
      }
      const coreLink = core.connect(net, n, node, lmaNode, { delayUs: o.magLmaDelayMs[n - 1]! * 1000, loss });
      coreLinks.push(coreLink);
      this.entities.push(...(coreLink.entities ?? []));
      aaaNode.addInterface(`mag${n}`, net.nextMac());
      aaaNode.addAddress(`mag${n}`, `${aaaSide(n)}/64`);
      net.connect(`mag${n}-aaa`, [node, 'aaa'], [aaaNode, `mag${n}`], { delayUs: MAG_AAA_DELAY_US });
      const input: Omit<MagInput, 'env'> = {
        name: `MAG${n}`,
        proxyCoa: proxyCoa(n),
        coreIface: 'core',
        aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET, nasAddress: magAaaSide(n) },
        defaultLmaa: LMAA,
        accessIfaces,
        lifetimeSeconds: o.lifetimeSeconds,
        ...(o.magsOmitPrefix ? { homeNetworkPrefixOption: false } : {}),
        ...coreLink.magInput,
      };
      magConfig({ ...input, env: { now: () => 0, random: () => 0 } });
      this.mags.push({ node, agent: new MachineAgent(net, node, mag, input) });
      this.entities.push({ id: `mag${n}`, label: `MAG${n} (PMA)`, role: 'MAG' });
    }
    aaaNode.addInterface('lo', net.nextMac());
    aaaNode.addAddress('lo', `${AAA_ADDRESS}/128`);

    // Profiles: the AAA's (RFC 6572) for the MAGs, the LMA's own for its checks (RFC 5213 §5.3.1).
    const aaaProfiles: Record<string, { hnp?: string; lmaa: string; addressing: Addressing; interfaceId?: string; reject?: boolean }> = {};
    const lmaProfiles: Record<string, { addressing: Addressing; hnp?: string; homeAddress?: string }> = {};
    for (let m = 1; m <= o.mns; m++) {
      const id = nai(m);
      if (o.addressing === 'shared-prefix') {
        aaaProfiles[id] = { lmaa: LMAA, addressing: 'shared-prefix', hnp: SHARED_PREFIX, interfaceId: interfaceIdText(m) };
        lmaProfiles[id] = { addressing: 'shared-prefix', hnp: SHARED_PREFIX, homeAddress: homeAddressIn(SHARED_PREFIX, m) };
      } else if (o.prefix === 'profile') {
        aaaProfiles[id] = { lmaa: LMAA, addressing: 'per-mn-prefix', hnp: homePrefix(m) };
        lmaProfiles[id] = { addressing: 'per-mn-prefix', hnp: homePrefix(m) };
      } else {
        aaaProfiles[id] = { lmaa: LMAA, addressing: 'per-mn-prefix' };
        lmaProfiles[id] = { addressing: 'per-mn-prefix' };
      }
      if (o.aaaRejects) aaaProfiles[id]!.reject = true;
    }
    checkProfiles(aaaProfiles);
    this.aaa = { node: aaaNode, agent: new MachineAgent(net, aaaNode, aaa, { name: 'AAA', address: AAA_ADDRESS, secret: RADIUS_SECRET, profiles: aaaProfiles }) };
    this.entities.push({ id: 'aaa', label: 'AAA (RADIUS)', role: 'AAA' });

    const authorized = (o.authorizedMags ?? [1, 2]).flatMap((n) => coreLinks[n - 1]!.proxyCoas);
    this.lma = {
      node: lmaNode,
      agent: new MachineAgent(net, lmaNode, lma, {
        lmaa: LMAA,
        authorizedMags: Object.fromEntries(Object.keys(aaaProfiles).map((id) => [id, authorized])),
        profiles: lmaProfiles,
        prefixPool: LMA_POOL,
        ordering: o.ordering ?? 'timestamp',
        clockOffsetUs: o.lmaClockOffsetUs ?? 0,
        ...core.lmaInput,
      }),
    };
    this.entities.unshift({ id: 'lma', label: 'LMA (HA)', role: 'LMA' });

    this.cn = {
      node: cnNode,
      agent: new MachineAgent(net, cnNode, cn, { name: 'CN', address: CN_ADDRESS, mode: 'echo', intervalMs: o.trafficIntervalMs }),
    };
    this.entities.push({ id: 'cn', label: 'CN', role: 'CN' });

    for (let m = 1; m <= o.mns; m++) {
      const node = net.addNode(`mn${m}`);
      const mac = mnMac(m);
      node.addInterface('eth0', mac);
      const agent = new MachineAgent(net, node, mn, { name: `MN${m}`, iface: 'eth0', mac, rsDelayMs: RS_DELAY_MS });
      this.mns.push({ n: m, id: `mn${m}`, node, agent, nai: nai(m), mac });
    }
    this.entities.unshift(...this.mns.map((h) => ({ id: h.id, label: o.mns === 1 ? 'MN' : `MN${h.n}`, role: 'MN' })));
    // Left to right as the sequence diagram draws them: MN, MAGs, AAA, LMA, CN.
    const order = ['mn1', 'mn2', 'mag1', 'mag2', 'aaa', 'nat1', 'nat2', 'lma', 'cn'];
    this.entities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }

  private mnHandle(id: string): MnHandle | undefined {
    return this.mns.find((h) => h.id === id);
  }

  private magIndex(id: string): number | undefined {
    const m = /^mag([12])$/.exec(id);
    return m ? Number(m[1]) : undefined;
  }

  /** Plug MN `mnId` into MAG `mag` now: the MAG gets its link-layer indication, the MN its link up. */
  attachNow(mnId: string, magN: number, o: AttachOptions = {}): void {
    const h = this.mnHandle(mnId)!;
    const m = this.mags[magN - 1]!;
    this.net.connect(`${h.id}-mag${magN}`, [h.node, 'eth0'], [m.node, h.id], { delayUs: ACCESS_DELAY_US });
    h.at = magN;
    this.net.recorder.note({
      time: this.net.now,
      entity: `mag${magN}`,
      text: `1. ${h.id} attaches at layer 2 to MAG${magN}, which learns its identifier ${h.nai} and MAC ${h.mac}${o.handoff ? ' (a handoff from another MAG)' : ''}.`,
      section: 'draft-sgundave-mip6-proxymip6-01 §6.10; RFC 5213 §6.3',
    });
    m.agent.send({
      type: 'l2.attach',
      mn: h.id,
      nai: h.nai,
      mac: h.mac,
      iface: h.id,
      att: 4,
      ...(o.handoff === undefined ? {} : { handoff: o.handoff }),
      ...(o.previousRouter ? { previousRouter: o.previousRouter } : {}),
    });
    h.agent.send({ type: 'l2.attach', iface: 'eth0' });
  }

  /** The MN's link to its MAG goes down now; the MAG learns it `detectUs` later (0: at once). */
  leaveNow(mnId: string, detectUs = 0): void {
    const h = this.mnHandle(mnId)!;
    const magN = h.at;
    if (magN === undefined) return;
    this.net.disconnect(`${h.id}-mag${magN}`);
    delete h.at;
    h.agent.send({ type: 'l2.detach' });
    const tell = (): void => this.mags[magN - 1]!.agent.send({ type: 'l2.detach', mn: h.id });
    if (detectUs > 0) this.net.engine.schedule(detectUs, `${h.id} detach seen by mag${magN}`, tell);
    else tell();
  }

  // ---- the script, at absolute times (µs since the run began) ----

  private at(atUs: number, label: string, fn: () => void): void {
    this.net.engine.schedule(Math.max(0, atUs - this.net.now), label, fn);
  }

  attach(mnId: string, magN: number, atUs: number, o: AttachOptions = {}): void {
    this.at(atUs, `${mnId} attaches to mag${magN}`, () => this.attachNow(mnId, magN, o));
  }

  /** The MN leaves its MAG at `atUs`; the MAG detects it `detectUs` later and de-registers. */
  detach(mnId: string, atUs: number, detectUs = 0): void {
    this.at(atUs, `${mnId} leaves`, () => this.leaveNow(mnId, detectUs));
  }

  /** The MN vanishes without a detach indication: the MAG only learns it can no longer confirm it (RFC 5213 §6.13). */
  lost(mnId: string, atUs: number): void {
    this.at(atUs, `${mnId} lost`, () => {
      const h = this.mnHandle(mnId)!;
      const magN = h.at;
      if (magN === undefined) return;
      this.net.disconnect(`${h.id}-mag${magN}`);
      delete h.at;
      h.agent.send({ type: 'l2.detach' });
      this.mags[magN - 1]!.agent.send({ type: 'l2.lost', mn: h.id });
    });
  }

  /** The MN moves from its MAG to the other one now, as a handoff (HI 3) withdrawing the old router. */
  moveNow(mnId: string, magN: number, gapUs = 0): void {
    const h = this.mnHandle(mnId)!;
    const from = h.at;
    this.leaveNow(mnId);
    const go = (): void => this.attachNow(mnId, magN, { handoff: true, ...(from ? { previousRouter: magLinkLocal(from) } : {}) });
    if (gapUs > 0) this.net.engine.schedule(gapUs, `${mnId} attaches to mag${magN}`, go);
    else go();
  }

  /** The CN starts pinging the MN's home address at `atUs` (the address the MN formed, looked up then). */
  startTraffic(mnId: string, atUs: number): void {
    this.at(atUs, 'traffic starts', () => {
      const target = this.homeAddressOf(mnId);
      if (target) this.cn.agent.send({ type: 'app.start', target });
      else this.net.recorder.note({ time: this.net.now, text: `${mnId} has no home address yet: the CN sends nothing.`, entity: 'cn' });
    });
  }

  stopTraffic(atUs: number): void {
    this.at(atUs, 'traffic stops', () => this.cn.agent.send({ type: 'app.stop' }));
  }

  /** The global address the MN formed by SLAAC, if any. */
  homeAddressOf(mnId: string): string | undefined {
    const h = this.mnHandle(mnId)!;
    const c = h.agent.actor.getSnapshot().context as { addresses: { address: string; origin: string }[] };
    return c.addresses.find((a) => a.origin === 'SLAAC')?.address;
  }

  /** World.move: the learner's `move` fault. */
  move(node: string, to: string): string | undefined {
    const h = this.mnHandle(node);
    if (!h) return `${node} is not a mobile node here (the mobile nodes are ${this.mns.map((x) => x.id).join(', ')})`;
    const magN = this.magIndex(to);
    if (magN === undefined) return `${to} is not a MAG (the MAGs are mag1, mag2)`;
    if (h.at === magN) return `${node} is attached to ${to} already`;
    if (h.at === undefined) this.attachNow(node, magN);
    else this.moveNow(node, magN);
    return undefined;
  }
}

/** Parameters every PMIPv6 scenario shares. */
export const delayParam = {
  name: 'delay',
  label: 'MAG–LMA delay',
  doc: 'One-way delay of each MAG–LMA link: a longer one delays the PBA and with it the first packet through the tunnel.',
  type: 'number',
  min: 0,
  max: 1000,
  default: 5,
  unit: 'ms',
} as const;

export const lossParam = {
  name: 'loss',
  label: 'MAG–LMA loss',
  doc: 'Frames lost on the MAG–LMA links: a lost PBU or PBA is retransmitted with exponential back-off (RFC 5213 §6.9.4).',
  type: 'number',
  min: 0,
  max: 90,
  default: 0,
  unit: '%',
} as const;

export const lifetimeParam = {
  name: 'lifetime',
  label: 'Binding lifetime',
  doc: 'The lifetime the MAG asks for in its PBU (multiples of 4 s on the wire); the MAG re-registers at 80 % of it.',
  type: 'number',
  min: 4,
  max: 262140,
  default: 60,
  unit: 's',
  integer: true,
} as const;
