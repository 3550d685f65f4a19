import { aaa } from '../../entities/aaa';
import { checkNetlmmKeyProfiles, netlmmKeyProfiles, type NetlmmKeyProfile } from '../../entities/aaa-netlmm';
import { cn } from '../../entities/cn';
import { dhcpv6Server } from '../../entities/dhcpv6-server';
import { gma } from '../../entities/gma';
import { lma } from '../../entities/lma';
import { lmaKeyClient, type VerifiedPbu } from '../../entities/lma-key-client';
import { mnMip6, type MnMip6Context } from '../../entities/mn-mip6';
import { netlmmMag, netlmmMagConfig, type NetlmmMagInput } from '../../entities/netlmm-mag';
import { pmipClient, pmipClientConfig, type PmipClientInput } from '../../entities/pmip-client';
import { MachineAgent } from '../../sim/agent';
import { ColocatedAgents } from '../../sim/colocated';
import type { Network } from '../../sim/network';
import type { SimNode } from '../../sim/node';
import { parsePrefix } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import { sha1, utf8FromText } from '../../wire/core';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS } from '../../wire/dhcpv6';
import {
  AAA_ADDRESS, clientAddress, CN_ADDRESS, DHCP_ADDRESS, DHCP_FIRST_HOST, GMA_ADDRESS, HOME_PREFIX, LMAA, LMD_PREFIX, magAddress, RADIUS_SECRET, ROUTER_LINK_LOCAL,
} from './addressing';
import { holdAtNewMag } from './holding';

/*
 * The local mobility domain of seed 003 Fig. 1, with a standalone PMIP client:
 *
 *   mn ─┬─ mag1 ─┬─ lma ── gma ── cn          every MAG also has a link to the PMIP client(s),
 *       └─ mag2 ─┘   │                          to the DHCPv6 server, and to the other MAG;
 *           client ──┘                          the client(s) and the LMA to the AAA (App. C)
 *
 * Every node but the MNs has one address of its own (addressing.ts) and host routes to its
 * neighbours'. Access links are point to point, plugged in when an MN attaches.
 */

export interface NetlmmMnSpec {
  n: number;
  id: string;
  /** The identifier it presents at layer 2 (an impostor presents another MN's). */
  nai: string;
  mac: string;
  hoa: string;
  mip6: boolean;
  label: string;
}

export interface NetlmmLabOptions {
  address: 'dhcp' | 'stateless';
  /** Two PMIP clients share the LMD (Appendix B); MAG2's MNs start with the second. */
  clients: 1 | 2;
  security: 'preconfigured' | 'aaa';
  forwarding: boolean;
  /** One-way delay of the MAG–LMA and client–LMA links, ms. */
  coreDelayMs: number;
  /** Loss on those links, %. */
  lossPercent: number;
  lifetimeSeconds: number;
  mns: readonly NetlmmMnSpec[];
  trafficIntervalMs: number;
}

export const ACCESS_DELAY_US = 1000;
const SIDE_DELAY_US = 2000;
const INTERNET_DELAY_US = 5000;
/** The MN's pinned delay before its first RS and its first DHCPv6 Solicit. */
const MN_START_DELAY_MS = 3;

export class NetlmmLab {
  readonly entities: EntityInfo[] = [];
  readonly nodes = new Map<string, SimNode>();
  readonly agents = new Map<string, MachineAgent>();
  /** Where each MN is attached now (1 or 2). */
  readonly at = new Map<string, number>();

  constructor(
    readonly net: Network,
    readonly o: NetlmmLabOptions,
  ) {
    const add = (id: string, address: string | undefined, label: string, role: string, forwarding = false): SimNode => {
      const node = net.addNode(id, { forwarding });
      if (address) {
        node.addInterface('lo', net.nextMac());
        node.addAddress('lo', `${address}/128`);
      }
      this.nodes.set(id, node);
      this.entities.push({ id, label, role });
      return node;
    };
    const link = (a: string, b: string, delayUs: number, loss = 0): void => {
      const na = this.nodes.get(a)!;
      const nb = this.nodes.get(b)!;
      na.addInterface(`to-${b}`, net.nextMac());
      nb.addInterface(`to-${a}`, net.nextMac());
      net.connect(`${a}-${b}`, [na, `to-${b}`], [nb, `to-${a}`], { delayUs, loss });
      for (const [from, to] of [[na, nb], [nb, na]] as const) {
        for (const addr of to.iface('lo').v6) from.addRoute({ dst: parsePrefix(`${addr.addr}/128`), iface: `to-${to.id}`, owner: 'static' });
      }
    };
    const route = (node: string, dst: string, via: string): void => this.nodes.get(node)!.addRoute({ dst: parsePrefix(dst), iface: `to-${via}`, owner: 'static' });

    const clients = o.clients === 2 ? ['client', 'client2'] : ['client'];
    const loss = o.lossPercent / 100;
    const core = o.coreDelayMs * 1000;
    add('lma', LMAA, 'LMA (MIPv6 HA)', 'LMA', true);
    add('gma', GMA_ADDRESS, 'GMA (MIPv6 HA)', 'GMA', true);
    add('cn', CN_ADDRESS, 'CN', 'CN');
    clients.forEach((id, i) => add(id, clientAddress(i + 1), i === 0 ? 'PMIP client' : 'PMIP client 2', 'PMIP-client'));
    if (o.address === 'dhcp') add('dhcp', DHCP_ADDRESS, 'DHCPv6 server', 'DHCP');
    if (o.security === 'aaa') add('aaa', AAA_ADDRESS, 'AAA (RADIUS)', 'AAA');
    for (const n of [1, 2]) add(`mag${n}`, magAddress(n), `MAG${n}`, 'MAG', true);

    link('lma', 'gma', INTERNET_DELAY_US);
    link('gma', 'cn', INTERNET_DELAY_US);
    route('gma', LMD_PREFIX, 'lma');
    route('lma', '::/0', 'gma');
    route('cn', '::/0', 'gma');
    for (const c of clients) link(c, 'lma', core, loss);
    if (clients.length === 2) link('client', 'client2', SIDE_DELAY_US);
    if (o.security === 'aaa') for (const c of [...clients, 'lma']) link(c, 'aaa', SIDE_DELAY_US);
    for (const n of [1, 2]) {
      link(`mag${n}`, 'lma', core, loss);
      for (const c of clients) link(`mag${n}`, c, SIDE_DELAY_US);
      if (o.address === 'dhcp') link(`mag${n}`, 'dhcp', SIDE_DELAY_US);
    }
    link('mag1', 'mag2', SIDE_DELAY_US);

    // The MNs, and an access interface for each on both MAGs.
    for (const m of o.mns) {
      const node = add(m.id, undefined, m.label, 'MN');
      node.addInterface('eth0', m.mac);
      for (const n of [1, 2]) {
        const mag = this.nodes.get(`mag${n}`)!;
        mag.addInterface(m.id, net.nextMac());
        mag.addAddress(m.id, `${ROUTER_LINK_LOCAL}/64`);
      }
    }
    this.startAgents(clients);
    net.recorder.note({
      time: 0,
      text:
        'The MAG–PMIP client messages ride SCTP port 49152 with PPID 0: the lab’s choices, since IANA never assigned the port or the PMIP-MAG identifier the draft asks for. Wireshark shows them as data unless the lab’s dissector is loaded: wireshark -X lua_script:wireshark/netlmm.lua.',
      section: 'draft-singh-netlmm-protocol-02 §4.9.3, §5',
      capture: true,
    });
    if (o.security === 'aaa') {
      net.recorder.note({
        time: 0,
        text:
          'Appendix C has the client and the LMA run IKE with the per-MN key and protect the PBU with IPsec. The lab uses the key as RFC 4285 does instead, in a MN-HA authentication option at the end of each PBU, so the protection shows in the capture and the LMA’s check can be followed.',
        section: 'draft-singh-netlmm-protocol-02 Appendix C; RFC 4285 §5.1',
      });
    }
    const order = ['mn1', 'mn2', 'mag1', 'mag2', 'dhcp', 'client', 'client2', 'aaa', 'lma', 'gma', 'cn'];
    this.entities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }

  private agent(id: string, def: ConstructorParameters<typeof MachineAgent>[2], input: Record<string, unknown>): MachineAgent {
    const a = new MachineAgent(this.net, this.nodes.get(id)!, def, input);
    this.agents.set(id, a);
    return a;
  }

  private startAgents(clients: string[]): void {
    const o = this.o;
    const nais = [...new Set(o.mns.map((m) => m.nai))];
    for (const n of [1, 2]) {
      const accessIfaces = Object.fromEntries(o.mns.map((m) => [m.id, { linkLocal: ROUTER_LINK_LOCAL, mac: this.nodes.get(`mag${n}`)!.iface(m.id).mac }]));
      const input: Omit<NetlmmMagInput, 'env'> = {
        name: `MAG${n}`,
        address: magAddress(n),
        lmaa: LMAA,
        client: clientAddress(n === 2 && clients.length === 2 ? 2 : 1),
        accessIfaces,
        prefix: LMD_PREFIX,
        addressing: o.address,
        ...(o.address === 'dhcp' ? { dhcpServer: DHCP_ADDRESS } : {}),
        forwarding: o.forwarding,
        // Long enough for the Trigger, the PBU round trip over the core links and the Notification.
        forwardingMs: 500 + 4 * o.coreDelayMs,
      };
      netlmmMagConfig({ ...input, env: { now: () => 0, random: () => 0 } });
      // A DHCPv6 relay listens to All_DHCP_Relay_Agents_and_Servers (RFC 8415 §7.1).
      if (o.address === 'dhcp') this.nodes.get(`mag${n}`)!.groups.add(ALL_DHCP_RELAY_AGENTS_AND_SERVERS);
      const a = this.agent(`mag${n}`, netlmmMag, input);
      this.nodes.get(`mag${n}`)!.preRoute = holdAtNewMag(this.nodes.get(`mag${n}`)!, a);
    }
    clients.forEach((id, i) => {
      const address = clientAddress(i + 1);
      const input: Omit<PmipClientInput, 'env'> = {
        name: i === 0 ? 'PMIP client' : 'PMIP client 2',
        address,
        lmaa: LMAA,
        att: 4,
        lifetimeSeconds: o.lifetimeSeconds,
        peers: clients.map((_, j) => clientAddress(j + 1)).filter((p) => p !== address),
        ...(o.security === 'aaa' ? { aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET, nasAddress: address } } : {}),
      };
      pmipClientConfig({ ...input, env: { now: () => 0, random: () => 0 } });
      this.agent(id, pmipClient, input);
    });
    const lmaInput = {
      lmaa: LMAA,
      authorizedMags: Object.fromEntries(nais.map((nai) => [nai, [magAddress(1), magAddress(2)]])),
      profiles: Object.fromEntries(nais.map((nai) => [nai, { addressing: 'shared-prefix', hnp: LMD_PREFIX }])),
      prefixPool: [],
      ordering: 'sequence',
    };
    if (o.security === 'aaa') {
      const node = this.nodes.get('lma')!;
      const both = new ColocatedAgents(this.net, node, [
        { def: lmaKeyClient, input: { name: 'LMA', address: LMAA, aaa: { address: AAA_ADDRESS, secret: RADIUS_SECRET } } },
        { def: lma, input: lmaInput },
      ]);
      const [keys, anchor] = both.agents as [MachineAgent, MachineAgent];
      keys.actor.on('pbu.verified', (e: VerifiedPbu) => anchor.send(e.event));
      this.agents.set('lma', anchor);
      const profiles: Record<string, NetlmmKeyProfile> = Object.fromEntries(nais.map((nai, i) => [nai, { sa: { spi: 0x1000 + i + 1, key: sha1(utf8FromText(`netlmm lab key for ${nai}`)).subarray(0, 16) } }]));
      checkNetlmmKeyProfiles(profiles);
      const secrets = Object.fromEntries([...clients.map((_, i) => clientAddress(i + 1)), LMAA].map((a) => [a, RADIUS_SECRET]));
      this.agent('aaa', aaa, { name: 'AAA', address: AAA_ADDRESS, secret: '', clients: secrets, profiles, format: netlmmKeyProfiles });
    } else {
      this.agent('lma', lma, lmaInput);
    }
    this.agent('gma', gma, { name: 'GMA', address: GMA_ADDRESS, homePrefix: HOME_PREFIX });
    this.agent('cn', cn, { name: 'CN', address: CN_ADDRESS, mode: 'echo', intervalMs: o.trafficIntervalMs });
    if (o.address === 'dhcp') {
      this.agent('dhcp', dhcpv6Server, {
        name: 'DHCPv6 server',
        address: DHCP_ADDRESS,
        mac: this.nodes.get('dhcp')!.iface('lo').mac,
        pool: { prefix: LMD_PREFIX, firstHost: DHCP_FIRST_HOST, preferredSeconds: 3600, validSeconds: 7200 },
      });
    }
    for (const m of o.mns) {
      this.agent(m.id, mnMip6, { name: m.label, iface: 'eth0', mac: m.mac, mip6: m.mip6, hoa: m.hoa, gma: GMA_ADDRESS, lifetimeSeconds: o.lifetimeSeconds, startDelayMs: MN_START_DELAY_MS });
    }
  }

  private spec(mnId: string): NetlmmMnSpec {
    const m = this.o.mns.find((x) => x.id === mnId);
    if (!m) throw new Error(`no mobile node ${mnId}`);
    return m;
  }

  /** Plug the MN into MAG n now: the MAG gets its layer-2 indication, the MN its link up. */
  attachNow(mnId: string, magN: number): void {
    const m = this.spec(mnId);
    this.net.connect(`${mnId}-mag${magN}`, [this.nodes.get(mnId)!, 'eth0'], [this.nodes.get(`mag${magN}`)!, mnId], { delayUs: ACCESS_DELAY_US });
    this.at.set(mnId, magN);
    this.agents.get(`mag${magN}`)!.send({ type: 'l2.attach', mn: mnId, nai: m.nai, mac: m.mac, iface: mnId });
    this.agents.get(mnId)!.send({ type: 'l2.attach', iface: 'eth0' });
  }

  /** The MN's link goes down now; with `to`, the old MAG is told where it goes (the layer-2 handoff, §4.2 step 1). */
  leaveNow(mnId: string, to?: number): void {
    const magN = this.at.get(mnId);
    if (magN === undefined) return;
    const mag = this.agents.get(`mag${magN}`)!;
    if (to !== undefined) mag.send({ type: 'l2.handover', mn: mnId, to: magAddress(to) });
    else mag.send({ type: 'l2.detach', mn: mnId });
    this.net.disconnect(`${mnId}-mag${magN}`);
    this.at.delete(mnId);
    this.agents.get(mnId)!.send({ type: 'l2.detach' });
  }

  /** The layer-2 handoff to MAG `to`, the new link up `gapUs` later. */
  moveNow(mnId: string, to: number, gapUs: number): void {
    this.leaveNow(mnId, to);
    if (gapUs > 0) this.net.engine.schedule(gapUs, `${mnId} attaches to mag${to}`, () => this.attachNow(mnId, to));
    else this.attachNow(mnId, to);
  }

  schedule(atUs: number, label: string, fn: () => void): void {
    this.net.engine.schedule(Math.max(0, atUs - this.net.now), label, fn);
  }

  /** The address the CN reaches the MN at: its HoA once bound at the GMA, else its pHoA. */
  addressOf(mnId: string): string | undefined {
    const c = this.agents.get(mnId)!.actor.getSnapshot().context as MnMip6Context;
    return c.binding.bound ? c.hoa : c.pHoA;
  }

  startTraffic(mnId: string, atUs: number): void {
    this.schedule(atUs, 'traffic starts', () => {
      const target = this.addressOf(mnId);
      if (target) this.agents.get('cn')!.send({ type: 'app.start', target });
      else this.net.recorder.note({ time: this.net.now, text: `${mnId} has no address yet: the CN sends nothing.`, entity: 'cn' });
    });
  }

  stopTraffic(atUs: number): void {
    this.schedule(atUs, 'traffic stops', () => this.agents.get('cn')!.send({ type: 'app.stop' }));
  }

  /** World.move: the learner's `move` fault. */
  move(node: string, to: string): string | undefined {
    if (!this.o.mns.some((m) => m.id === node)) return `${node} is not a mobile node here (the mobile nodes are ${this.o.mns.map((m) => m.id).join(', ')})`;
    const magN = /^mag([12])$/.exec(to)?.[1];
    if (!magN) return `${to} is not a MAG (the MAGs are mag1, mag2)`;
    if (this.at.get(node) === Number(magN)) return `${node} is attached to ${to} already`;
    if (this.at.get(node) === undefined) this.attachNow(node, Number(magN));
    else this.moveNow(node, Number(magN), 0);
    return undefined;
  }
}
