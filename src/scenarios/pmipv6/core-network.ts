import type { LmaInput } from '../../entities/lma';
import type { MagInput } from '../../entities/mag';
import type { LinkOptions } from '../../sim/link';
import type { Network } from '../../sim/network';
import type { SimNode } from '../../sim/node';
import { parsePrefix } from '../../sim/prefix';
import type { EntityInfo } from '../../sim/trace';
import { LMAA, lmaSide, proxyCoa } from './addressing';

/**
 * How each MAG of the lab reaches the LMA. By default an IPv6 link per MAG (seed 001 Fig. 1); seed
 * 002 §4 puts an IPv4-only network in between, perhaps with a NAT (src/scenarios/pmipv6-ipv4/).
 */
export interface CoreNetwork {
  /** Addresses and routes the LMA needs once, before any MAG is connected. */
  prepareLma?(lma: SimNode): void;
  /** Connect MAG `n`, whose interface `core` exists already, to the LMA. */
  connect(net: Network, n: number, mag: SimNode, lma: SimNode, link: LinkOptions): CoreLink;
  /** What the LMA's machine needs to know of this network. */
  lmaInput?: Partial<Omit<LmaInput, 'env'>>;
}

export interface CoreLink {
  /** What MAG `n`'s machine needs to know of this network. */
  magInput?: Partial<Omit<MagInput, 'env'>>;
  /** The Proxy-CoAs the LMA knows this MAG by, for its authorization list (RFC 5213 §5.3.1 ¶5). */
  proxyCoas: string[];
  /** Nodes the network adds (a NAT), drawn as lifelines. */
  entities?: EntityInfo[];
}

/** One IPv6 link from each MAG's Proxy-CoA to the LMA. */
export const ipv6Core: CoreNetwork = {
  connect(net, n, mag, lma, link) {
    mag.addAddress('core', `${proxyCoa(n)}/64`);
    mag.addRoute({ dst: parsePrefix(`${LMAA}/128`), iface: 'core', owner: 'static' });
    lma.addInterface(`mag${n}`, net.nextMac());
    lma.addAddress(`mag${n}`, `${lmaSide(n)}/64`);
    net.connect(`mag${n}-lma`, [mag, 'core'], [lma, `mag${n}`], link);
    return { proxyCoas: [proxyCoa(n)] };
  },
};
