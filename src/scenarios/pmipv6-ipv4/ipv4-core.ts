import type { Ipv4Encoding } from '../../protocols/pmipv6';
import { makeNat } from '../../sim/nat';
import { parsePrefix } from '../../sim/prefix';
import { LMAA, proxyCoa } from '../pmipv6/addressing';
import type { CoreNetwork } from '../pmipv6/core-network';

/*
 * An IPv4-only network between the MAGs and the LMA (seed 002 §4 Fig. 7), documentation addresses
 * (RFC 5737) and a private one (RFC 1918) behind a NAT:
 *
 *   mag1 (10.0.1.1) ── nat1 (inside 10.0.1.254, public 198.51.100.1) ──┐
 *                                                                      lma (IPv4-LMAA 203.0.113.1)
 *   mag2 (192.0.2.2) ─────────────────────────────────────────────────┘
 *
 * Each MAG sits behind a NAT of its own or on a direct link, as the options say. The MAGs keep an
 * IPv6 Proxy-CoA on a loopback: seed 002 §4.2.2 asks for one even without IPv6 connectivity, and
 * its PBUs carry it in their inner IPv6 header.
 */

export const LMA_IPV4 = '203.0.113.1';
/** MAG n's IPv4-Proxy-CoA on a direct link to the LMA. */
export const magPublicIpv4 = (n: number): string => `192.0.2.${n}`;
/** MAG n's IPv4-Proxy-CoA behind its NAT, and the NAT's two sides. */
export const magPrivateIpv4 = (n: number): string => `10.0.${n}.1`;
export const natInsideIpv4 = (n: number): string => `10.0.${n}.254`;
export const natPublicIpv4 = (n: number): string => `198.51.100.${n}`;

/** How long a NAT keeps an idle UDP binding (RFC 4787 REQ-5 asks for 2 min; many NATs keep less). */
export const NAT_BINDING_TIMEOUT_S = 30;
/**
 * The refresh time the LMA suggests: it knows the NATs' timeout by configuration (RFC 5555 §3.2.2:
 * "the NAT timeout is known (through configuration) to the home agent") and stays well below it.
 */
export const NAT_REFRESH_S = 20;
/** The MAG's link to its NAT (the access network's edge). */
export const MAG_NAT_DELAY_US = 1000;

export interface Ipv4CoreOptions {
  encoding: Ipv4Encoding;
  /** Which MAGs sit behind a NAT of their own (index 0 is MAG1). */
  natted: readonly [boolean, boolean];
  forceUdp: boolean;
  tlvHeader: boolean;
  /** The MAGs send the keepalive PBUs the LMA asks for. */
  natKeepalive: boolean;
  /** The MAGs prepare for a NAT as seed 002 does (one UDP port for signalling and data). */
  natTraversal: boolean;
}

export const magIpv4 = (o: Pick<Ipv4CoreOptions, 'natted'>, n: number): string => (o.natted[n - 1] ? magPrivateIpv4(n) : magPublicIpv4(n));

export function ipv4Core(o: Ipv4CoreOptions): CoreNetwork {
  const natLabel = (n: number): string => (o.natted[0] && o.natted[1] ? `NAT${n}` : 'NAT');
  return {
    prepareLma(lma) {
      lma.addAddress('lo', `${LMA_IPV4}/32`);
    },
    lmaInput: { ipv4Transport: { address: LMA_IPV4, natRefreshSeconds: NAT_REFRESH_S } },
    connect(net, n, mag, lma, link) {
      mag.addInterface('lo', net.nextMac());
      mag.addAddress('lo', `${proxyCoa(n)}/128`);
      const own = magIpv4(o, n);
      const magInput = {
        ipv4Transport: {
          encoding: o.encoding,
          address: own,
          lmas: { [LMAA]: LMA_IPV4 },
          forceUdp: o.forceUdp,
          tlvHeader: o.tlvHeader,
          natTraversal: o.natTraversal,
          natKeepalive: o.natKeepalive,
        },
      };
      // The LMA knows a MAG by its IPv6 Proxy-CoA in the seed's layout, by its IPv4 one in RFC 5844's.
      const proxyCoas = [proxyCoa(n), own];
      if (!o.natted[n - 1]) {
        mag.addAddress('core', `${own}/32`);
        mag.addRoute({ dst: parsePrefix(`${LMA_IPV4}/32`), iface: 'core', owner: 'static' });
        lma.addInterface(`mag${n}`, net.nextMac());
        lma.addRoute({ dst: parsePrefix(`${own}/32`), iface: `mag${n}`, owner: 'static' });
        net.connect(`mag${n}-lma`, [mag, 'core'], [lma, `mag${n}`], link);
        return { magInput, proxyCoas };
      }
      mag.addAddress('core', `${own}/24`);
      mag.addRoute({ dst: parsePrefix(`${LMA_IPV4}/32`), iface: 'core', owner: 'static' });
      const nat = net.addNode(`nat${n}`, { forwarding: true });
      nat.addInterface('inside', net.nextMac());
      nat.addAddress('inside', `${natInsideIpv4(n)}/24`);
      nat.addInterface('outside', net.nextMac());
      nat.addAddress('outside', `${natPublicIpv4(n)}/32`);
      nat.addRoute({ dst: parsePrefix(`${LMA_IPV4}/32`), iface: 'outside', owner: 'static' });
      lma.addInterface(`nat${n}`, net.nextMac());
      lma.addRoute({ dst: parsePrefix(`${natPublicIpv4(n)}/32`), iface: `nat${n}`, owner: 'static' });
      net.connect(`mag${n}-nat${n}`, [mag, 'core'], [nat, 'inside'], { delayUs: MAG_NAT_DELAY_US });
      net.connect(`nat${n}-lma`, [nat, 'outside'], [lma, `nat${n}`], link);
      makeNat(net, nat, { inside: 'inside', outside: 'outside', publicAddress: natPublicIpv4(n), bindingTimeoutMs: NAT_BINDING_TIMEOUT_S * 1000 });
      return { magInput, proxyCoas, entities: [{ id: `nat${n}`, label: natLabel(n), role: 'NAT' }] };
    },
  };
}
