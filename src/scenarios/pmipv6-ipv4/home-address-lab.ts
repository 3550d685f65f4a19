import { aaa, checkProfiles } from '../../entities/aaa';
import { cn } from '../../entities/cn';
import { dhcpServer, type DhcpServerInput } from '../../entities/dhcp-server';
import { lma, type LmaInput } from '../../entities/lma';
import { mag, magConfig, type MagContext, type MagInput } from '../../entities/mag';
import { dhcpInterception } from '../../entities/mag/ipv4-home-events';
import { mn, type MnContext } from '../../entities/mn';
import { ipv4Mask, ipv4Pool } from '../../protocols/pmipv6';
import { MachineAgent } from '../../sim/agent';
import { ColocatedAgents } from '../../sim/colocated';
import type { Network } from '../../sim/network';
import type { SimNode } from '../../sim/node';
import { parsePrefix } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import { fromHex } from '../../wire/core';
import { dissect } from '../../wire/dissect';
import {
  AAA_ADDRESS, aaaSide, CN_ADDRESS, homePrefix, LMA_CN_SIDE, LMAA, lmaSide, magAaaSide, magLinkLocal, mnMac, nai, proxyCoa, RADIUS_SECRET,
} from '../pmipv6/addressing';
import { ACCESS_DELAY_US, LMA_CN_DELAY_US, MAG_AAA_DELAY_US, RS_DELAY_MS } from '../pmipv6/topology';
import {
  CN_ADDRESS_V4, CN_PREFIX_LENGTH_V4, DEFAULT_ROUTER_V4, DHCP_SERVER_V4, HOME_PREFIX_V4, LMA_CN_SIDE_V4, LMA_DHCP_V4, MAG_ADDRESSES_V4, magAddressV4,
  POOL_START_V4,
} from './home-address-plan';

/*
 * The network of pmipv6-ipv4-home-address (seed 002 Fig. 1 with the DHCP placements of §3.1 and
 * Appendix A): the PMIPv6 lab of seed 001 with an IPv4 home network, a correspondent that speaks
 * IPv4, and the DHCP server where the `dhcp` parameter puts it.
 *
 *   mag-server       MN ── MAG(DHCP-S) ── LMA ── CN                       (Fig. 2)
 *   relay-to-lma     MN ── MAG(DHCP-R) ── LMA(DHCP-S) ── CN               (Fig. 3)
 *   relay-to-server  MN ── MAG(DHCP-R) ── DHCP-S;  MAG ── LMA ── CN        (Fig. 14)
 *   double-relay     MN ── MAG(DHCP-R) ── LMA(DHCP-R) ── DHCP-S; LMA ── CN (Fig. 15)
 *
 * The MAG–LMA links carry IPv4 as well as IPv6, so a relay reaches its server natively ("all the
 * mobile access gateways need to have a route towards the DHCP server", RFC 5844 §3.4.2).
 */

export type DhcpPlacement = 'mag-server' | 'relay-to-lma' | 'relay-to-server' | 'double-relay';
export type Stack = 'ipv4' | 'dual';

export interface Ipv4HomeLabOptions {
  mns: number;
  dhcp: DhcpPlacement;
  stack: Stack;
  /** Addresses the allocator holds: the LMA's pool (mag-server) or the DHCP server's. */
  poolSize: number;
  leaseSeconds: number;
  /** mag-server: the MAG's own address as server identifier (seed 002 §3.1) or the shared default router (RFC 5844 §3.4.1). */
  serverId: 'mag-address' | 'default-router';
  lifetimeSeconds: number;
  magLmaDelayMs: number;
  lossPercent: number;
  trafficIntervalMs: number;
}

export const DHCP_LINK_DELAY_US = 2000;

interface MnHandle {
  n: number;
  id: string;
  node: SimNode;
  agent: MachineAgent;
  nai: string;
  mac: string;
  at?: number;
}

const RELAY_TARGET: Readonly<Record<DhcpPlacement, string | undefined>> = {
  'mag-server': undefined,
  'relay-to-lma': LMA_DHCP_V4,
  'relay-to-server': DHCP_SERVER_V4,
  'double-relay': LMA_DHCP_V4,
};

export class Ipv4HomeLab {
  readonly entities: EntityInfo[] = [];
  readonly mags: { node: SimNode; agent: MachineAgent }[] = [];
  readonly mns: MnHandle[] = [];
  readonly lma: { node: SimNode; agent: MachineAgent; colocated?: ColocatedAgents };
  readonly aaa: { node: SimNode; agent: MachineAgent };
  readonly cn: { node: SimNode; agent: MachineAgent };
  readonly dhcp?: { node: SimNode; agent: MachineAgent };

  constructor(
    readonly net: Network,
    readonly o: Ipv4HomeLabOptions,
  ) {
    const pool = ipv4Pool({ prefix: HOME_PREFIX_V4, defaultRouter: DEFAULT_ROUTER_V4, first: POOL_START_V4, size: o.poolSize });
    const serverParams = { mask: ipv4Mask(pool.prefixLength), router: DEFAULT_ROUTER_V4, leaseSecs: o.leaseSeconds };
    const lmaNode = net.addNode('lma', { forwarding: true });
    const aaaNode = net.addNode('aaa');
    const cnNode = net.addNode('cn');

    lmaNode.addInterface('lo', net.nextMac());
    lmaNode.addAddress('lo', `${LMAA}/128`);
    lmaNode.addAddress('lo', `${LMA_DHCP_V4}/32`);
    lmaNode.addInterface('cn', net.nextMac());
    lmaNode.addAddress('cn', `${LMA_CN_SIDE}/64`);
    lmaNode.addAddress('cn', `${LMA_CN_SIDE_V4}/${CN_PREFIX_LENGTH_V4}`);
    cnNode.addInterface('eth0', net.nextMac());
    cnNode.addAddress('eth0', `${CN_ADDRESS}/64`);
    cnNode.addAddress('eth0', `${CN_ADDRESS_V4}/${CN_PREFIX_LENGTH_V4}`);
    cnNode.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
    cnNode.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
    net.connect('lma-cn', [lmaNode, 'cn'], [cnNode, 'eth0'], { delayUs: LMA_CN_DELAY_US });

    // The standalone server (Appendix A): linked to each MAG (Fig. 14) or behind the LMA (Fig. 15).
    let dhcpNode: SimNode | undefined;
    if (o.dhcp === 'relay-to-server' || o.dhcp === 'double-relay') {
      dhcpNode = net.addNode('dhcp');
      dhcpNode.addInterface('lo', net.nextMac());
      dhcpNode.addAddress('lo', `${DHCP_SERVER_V4}/32`);
    }
    if (o.dhcp === 'double-relay') {
      lmaNode.addInterface('dhcp', net.nextMac());
      lmaNode.addRoute({ dst: parsePrefix(`${DHCP_SERVER_V4}/32`), iface: 'dhcp', owner: 'static' });
      dhcpNode!.addInterface('lma', net.nextMac());
      dhcpNode!.addRoute({ dst: parsePrefix(MAG_ADDRESSES_V4), iface: 'lma', owner: 'static' });
      net.connect('lma-dhcp', [lmaNode, 'dhcp'], [dhcpNode!, 'lma'], { delayUs: DHCP_LINK_DELAY_US });
    }

    const loss = o.lossPercent / 100;
    const relayTo = RELAY_TARGET[o.dhcp];
    for (const n of [1, 2]) {
      const node = net.addNode(`mag${n}`, { forwarding: true });
      node.addInterface('core', net.nextMac());
      node.addAddress('core', `${proxyCoa(n)}/64`);
      node.addRoute({ dst: parsePrefix(`${LMAA}/128`), iface: 'core', owner: 'static' });
      node.addInterface('aaa', net.nextMac());
      node.addAddress('aaa', `${magAaaSide(n)}/64`);
      node.addRoute({ dst: parsePrefix(`${AAA_ADDRESS}/128`), iface: 'aaa', owner: 'static' });
      const accessIfaces: Record<string, { linkLocal: string; mac: string; att: number }> = {};
      for (let m = 1; m <= o.mns; m++) {
        const ifc = node.addInterface(`mn${m}`, net.nextMac());
        node.addAddress(`mn${m}`, `${magLinkLocal(n)}/64`);
        node.addAddress(`mn${m}`, `${magAddressV4(n)}/32`);
        // RFC 5844 §3.2.3.2: the MAG SHOULD configure the default router address on its access links.
        node.addAddress(`mn${m}`, `${DEFAULT_ROUTER_V4}/32`);
        accessIfaces[`mn${m}`] = { linkLocal: magLinkLocal(n), mac: ifc.mac, att: 4 };
      }
      lmaNode.addInterface(`mag${n}`, net.nextMac());
      lmaNode.addAddress(`mag${n}`, `${lmaSide(n)}/64`);
      lmaNode.addRoute({ dst: parsePrefix(`${magAddressV4(n)}/32`), iface: `mag${n}`, owner: 'static' });
      net.connect(`mag${n}-lma`, [node, 'core'], [lmaNode, `mag${n}`], { delayUs: o.magLmaDelayMs * 1000, loss });
      aaaNode.addInterface(`mag${n}`, net.nextMac());
      aaaNode.addAddress(`mag${n}`, `${aaaSide(n)}/64`);
      net.connect(`mag${n}-aaa`, [node, 'aaa'], [aaaNode, `mag${n}`], { delayUs: MAG_AAA_DELAY_US });
      if (o.dhcp === 'relay-to-server') {
        node.addInterface('dhcp', net.nextMac());
        node.addRoute({ dst: parsePrefix(`${DHCP_SERVER_V4}/32`), iface: 'dhcp', owner: 'static' });
        dhcpNode!.addInterface(`mag${n}`, net.nextMac());
        dhcpNode!.addRoute({ dst: parsePrefix(`${magAddressV4(n)}/32`), iface: `mag${n}`, owner: 'static' });
        net.connect(`mag${n}-dhcp`, [node, 'dhcp'], [dhcpNode!, `mag${n}`], { delayUs: DHCP_LINK_DELAY_US });
      } else if (relayTo) {
        node.addRoute({ dst: parsePrefix(`${relayTo}/32`), iface: 'core', owner: 'static' });
      }
      const input: Omit<MagInput, 'env'> = {
        name: `MAG${n}`,
        proxyCoa: proxyCoa(n),
        coreIface: 'core',
        aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET, nasAddress: magAaaSide(n) },
        defaultLmaa: LMAA,
        accessIfaces,
        lifetimeSeconds: o.lifetimeSeconds,
        // An IPv4-only MN is offered IPv4 alone: no Home Network Prefix option (seed 002 §3).
        homeNetworkPrefixOption: o.stack === 'dual',
        ipv4Home: relayTo
          ? { dhcp: 'relay', address: magAddressV4(n), relayTo, defaultRouter: DEFAULT_ROUTER_V4 }
          : {
              dhcp: 'server',
              address: magAddressV4(n),
              serverId: o.serverId === 'default-router' ? DEFAULT_ROUTER_V4 : magAddressV4(n),
              leaseSeconds: o.leaseSeconds,
              defaultRouter: DEFAULT_ROUTER_V4,
            },
      };
      magConfig({ ...input, env: { now: () => 0, random: () => 0 } });
      const agent = new MachineAgent(net, node, mag, input);
      this.interceptDhcp(node, agent);
      this.mags.push({ node, agent });
      this.entities.push({ id: `mag${n}`, label: relayTo ? `MAG${n} (DHCP relay)` : `MAG${n} (DHCP server)`, role: 'MAG' });
    }
    aaaNode.addInterface('lo', net.nextMac());
    aaaNode.addAddress('lo', `${AAA_ADDRESS}/128`);

    const aaaProfiles: Record<string, { hnp?: string; lmaa: string; addressing: 'per-mn-prefix' }> = {};
    const lmaProfiles: Record<string, { addressing: 'per-mn-prefix'; hnp?: string }> = {};
    for (let m = 1; m <= o.mns; m++) {
      aaaProfiles[nai(m)] = { lmaa: LMAA, addressing: 'per-mn-prefix', hnp: homePrefix(m) };
      lmaProfiles[nai(m)] = { addressing: 'per-mn-prefix', hnp: homePrefix(m) };
    }
    checkProfiles(aaaProfiles);
    this.aaa = { node: aaaNode, agent: new MachineAgent(net, aaaNode, aaa, { name: 'AAA', address: AAA_ADDRESS, secret: RADIUS_SECRET, profiles: aaaProfiles }) };
    this.entities.push({ id: 'aaa', label: 'AAA (RADIUS)', role: 'AAA' });

    const lmaInput: Omit<LmaInput, 'env'> = {
      lmaa: LMAA,
      authorizedMags: Object.fromEntries(Object.keys(aaaProfiles).map((id) => [id, [proxyCoa(1), proxyCoa(2)]])),
      profiles: lmaProfiles,
      ordering: 'timestamp',
      // With a DHCP server elsewhere the LMA allocates nothing: it checks and routes what the server assigned (seed 002 §3.1).
      ipv4Home: { pool: o.dhcp === 'mag-server' ? pool : { ...pool, addresses: [] }, dhcpServerAtMag: o.dhcp === 'mag-server' },
    };
    const inLma: Omit<DhcpServerInput, 'env'> | undefined =
      o.dhcp === 'relay-to-lma'
        ? { name: 'DHCP server (in the LMA)', role: 'server', address: LMA_DHCP_V4, server: { params: serverParams, pool: pool.addresses } }
        : o.dhcp === 'double-relay'
          ? { name: 'DHCP relay (in the LMA)', role: 'relay', address: LMA_DHCP_V4, relayTo: DHCP_SERVER_V4 }
          : undefined;
    if (inLma) {
      const colocated = new ColocatedAgents(net, lmaNode, [
        { def: lma, input: lmaInput as unknown as Record<string, unknown> },
        { def: dhcpServer, input: inLma as unknown as Record<string, unknown> },
      ]);
      this.lma = { node: lmaNode, agent: colocated.agents[0]!, colocated };
    } else {
      this.lma = { node: lmaNode, agent: new MachineAgent(net, lmaNode, lma, lmaInput as unknown as Record<string, unknown>) };
    }
    const lmaLabel = o.dhcp === 'relay-to-lma' ? 'LMA (HA) + DHCP server' : o.dhcp === 'double-relay' ? 'LMA (HA) + DHCP relay' : 'LMA (HA)';
    this.entities.push({ id: 'lma', label: lmaLabel, role: 'LMA' });

    if (dhcpNode) {
      const input: Omit<DhcpServerInput, 'env'> = { name: 'DHCP server', role: 'server', address: DHCP_SERVER_V4, server: { params: serverParams, pool: pool.addresses } };
      this.dhcp = { node: dhcpNode, agent: new MachineAgent(net, dhcpNode, dhcpServer, input as unknown as Record<string, unknown>) };
      this.entities.push({ id: 'dhcp', label: 'DHCP server', role: 'dhcp' });
    }

    this.cn = {
      node: cnNode,
      agent: new MachineAgent(net, cnNode, cn, { name: 'CN', address: CN_ADDRESS, address4: CN_ADDRESS_V4, mode: 'echo', intervalMs: o.trafficIntervalMs }),
    };
    this.entities.push({ id: 'cn', label: 'CN', role: 'CN' });

    for (let m = 1; m <= o.mns; m++) {
      const node = net.addNode(`mn${m}`);
      const mac = mnMac(m);
      node.addInterface('eth0', mac);
      const agent = new MachineAgent(net, node, mn, { name: `MN${m}`, iface: 'eth0', mac, rsDelayMs: RS_DELAY_MS, dhcp4: true, ipv6: o.stack === 'dual' });
      this.mns.push({ n: m, id: `mn${m}`, node, agent, nai: nai(m), mac });
    }
    this.entities.push(...this.mns.map((h) => ({ id: h.id, label: o.mns === 1 ? 'MN' : `MN${h.n}`, role: 'MN' })));
    // Left to right as the figures draw them: MN, MAGs, the server of Fig. 14, AAA, LMA, the server of Fig. 15, CN.
    const order = ['mn1', 'mn2', 'mag1', 'mag2', ...(o.dhcp === 'relay-to-server' ? ['dhcp'] : []), 'aaa', 'lma', 'dhcp', 'cn'];
    this.entities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }

  /**
   * A DHCP message an MN unicasts to another address still passes the MAG on the point-to-point
   * link, and the MAG judges it (src/entities/mag/ipv4-home.ts, `dhcpInterception`): it goes to the
   * MAG's machine instead of being routed on, and when the MAG discards it, the packet says why.
   */
  private interceptDhcp(node: SimNode, agent: MachineAgent): void {
    node.preRoute = (pkt, iface, event) => {
      const c = (agent.actor.getSnapshot().context as MagContext).config;
      const v = dhcpInterception(c, iface.name, pkt, (a) => node.hasAddress(a));
      if (!v) return undefined;
      const frame = dissect(fromHex(event.bytes), event.linkType).value;
      if (frame) agent.receive({ node, iface, packet: pkt, frame, event });
      if (v.discard) this.net.filter(event, v.discard);
      return 'drop';
    };
  }

  private mnHandle(id: string): MnHandle | undefined {
    return this.mns.find((h) => h.id === id);
  }

  /** Plug MN `mnId` into MAG `magN` now. */
  attachNow(mnId: string, magN: number, o: { handoff?: boolean; previousRouter?: string } = {}): void {
    const h = this.mnHandle(mnId)!;
    const m = this.mags[magN - 1]!;
    this.net.connect(`${h.id}-mag${magN}`, [h.node, 'eth0'], [m.node, h.id], { delayUs: ACCESS_DELAY_US });
    h.at = magN;
    this.net.recorder.note({
      time: this.net.now,
      entity: `mag${magN}`,
      text: `${h.id} attaches at layer 2 to MAG${magN}, which learns its identifier ${h.nai} and MAC ${h.mac}${o.handoff ? ' (a handoff from another MAG)' : ''}.`,
      section: 'draft-ietf-netlmm-pmip6-ipv4-support-02 §3.2.2',
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

  /** The MN's link goes down now; its MAG learns it at once and de-registers. */
  leaveNow(mnId: string): void {
    const h = this.mnHandle(mnId)!;
    const magN = h.at;
    if (magN === undefined) return;
    this.net.disconnect(`${h.id}-mag${magN}`);
    delete h.at;
    h.agent.send({ type: 'l2.detach' });
    this.mags[magN - 1]!.agent.send({ type: 'l2.detach', mn: h.id });
  }

  /** A handoff to the other MAG (HI 3): the MN keeps its DHCP lease and does not know it moved (seed 002 §3.2.2). */
  moveNow(mnId: string, magN: number): void {
    const from = this.mnHandle(mnId)!.at;
    this.leaveNow(mnId);
    this.attachNow(mnId, magN, { handoff: true, ...(from && this.o.stack === 'dual' ? { previousRouter: magLinkLocal(from) } : {}) });
  }

  private at(atUs: number, label: string, fn: () => void): void {
    this.net.engine.schedule(Math.max(0, atUs - this.net.now), label, fn);
  }

  attach(mnId: string, magN: number, atUs: number): void {
    this.at(atUs, `${mnId} attaches to mag${magN}`, () => this.attachNow(mnId, magN));
  }

  moveAt(mnId: string, magN: number, atUs: number): void {
    this.at(atUs, `${mnId} moves to mag${magN}`, () => {
      this.net.recorder.note({
        time: this.net.now,
        text: `${mnId} moves from MAG${this.mnHandle(mnId)!.at ?? '?'} to MAG${magN}. Its DHCP client keeps the lease and the server it knows, as an unmodified host does.`,
        section: 'draft-ietf-netlmm-pmip6-ipv4-support-02 §3.2.2',
      });
      this.moveNow(mnId, magN);
    });
  }

  /** The CN pings the MN's IPv4 home address (its DHCP lease, looked up then) from `atUs`. */
  startTraffic(mnId: string, atUs: number): void {
    this.at(atUs, 'traffic starts', () => {
      const target = this.ipv4AddressOf(mnId);
      if (target) this.cn.agent.send({ type: 'app.start', target });
      else this.net.recorder.note({ time: this.net.now, text: `${mnId} has no IPv4 home address: the CN sends nothing.`, entity: 'cn' });
    });
  }

  stopTraffic(atUs: number): void {
    this.at(atUs, 'traffic stops', () => this.cn.agent.send({ type: 'app.stop' }));
  }

  /** The address the MN's DHCP client is bound to, if any. */
  ipv4AddressOf(mnId: string): string | undefined {
    return (this.mnHandle(mnId)!.agent.actor.getSnapshot().context as MnContext).dhcp?.lease?.address;
  }

  /** Where the MN is attached now (a MAG number). */
  whereIs(mnId: string): number | undefined {
    return this.mnHandle(mnId)?.at;
  }

  /** World.move: the learner's `move` fault. */
  move(node: string, to: string): string | undefined {
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
