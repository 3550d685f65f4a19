import type { Effect } from '../../src/sim/effects';
import { encode, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { routerSolicitation } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { findOption, proxyBindingAck, type MobilityHeader, type OptionByType } from '../../src/wire/mh';
import { sourceLinkLayer } from '../../src/wire/ndp';
import { accessAccept, accessReject, attr, type RadiusPacket } from '../../src/wire/radius';
import { profileAttributes, type PolicyProfile } from '../../src/protocols/radius-profile';
import { magEvent, magMachine, type MagEvent, type MagInput } from '../../src/entities/mag';
import { harness, onTheWire } from './entity';

/*
 * A MAG machine in the test harness (test/support/entity.ts) and the answers it gets, each built
 * by src/wire, encoded to bytes and decoded again before `magEvent` turns it into an event: the
 * machine sees exactly what a node would hand it.
 */

export const LMAA = '2001:db8:ffff::1';
export const PROXY_COA = '2001:db8:1::1';
export const NAS = '2001:db8:aa01::1';
export const AAA = '2001:db8:aaaa::1';
export const SECRET = 'pmip-lab-secret';
export const NAI1 = 'mn1@pmip-lab.example';
export const NAI2 = 'mn2@pmip-lab.example';
export const MAC1 = '02:00:00:00:00:11';
export const MAC2 = '02:00:00:00:00:12';
export const HNP1 = '2001:db8:100::/64';
export const HNP2 = '2001:db8:101::/64';
export const MAG_LL = 'fe80::1';
export const MAG_MAC = '02:00:00:00:01:01';
export const S = 1000; // ms per second, for `advance`

export const INPUT: Omit<MagInput, 'env'> = {
  name: 'mag1',
  proxyCoa: PROXY_COA,
  coreIface: 'eth0',
  aaa: { address: AAA, secret: SECRET, nasAddress: NAS },
  defaultLmaa: LMAA,
  accessIfaces: { eth1: { linkLocal: MAG_LL, mac: MAG_MAC }, eth2: { linkLocal: 'fe80::2', mac: '02:00:00:00:01:02' } },
};

/** A packet as it would reach the MAG on `iface`: encoded with `hints`, decoded, turned into an event. */
export function arrive(packet: LayerValue, o: { iface?: string; srcMac?: string; hints?: Record<string, unknown> } = {}): MagEvent {
  const frame = ethernetFrame({ src: o.srcMac ?? '02:00:00:00:ff:ff', dst: MAG_MAC, payload: packet });
  const d = dissect(encode(ethernet, frame, o.hints ? { hints: o.hints } : {}));
  const ev = magEvent({ packet: d.value!.payload as LayerValue, frame: d.value!, iface: o.iface ?? 'eth0' });
  if (!ev) throw new Error('the MAG would ignore this packet');
  return ev;
}

export type Tx = Extract<Effect, { type: 'tx' }> & { at: number };

export function lab(over: Partial<MagInput> = {}) {
  const h = harness(magMachine, { ...INPUT, ...over });
  const txs = (): Tx[] => h.effects.filter((e): e is Tx => e.type === 'tx');
  const decoded = (e: Tx) => onTheWire(e).packet;
  const radiusOf = (e: Tx): RadiusPacket => (decoded(e).payload as LayerValue).payload as unknown as RadiusPacket;
  const isPbu = (e: Tx): boolean => (e.packet.payload as LayerValue | undefined)?.proto === 'mipv6';
  const isRadius = (e: Tx): boolean => (e.packet.payload as LayerValue | undefined)?.proto === 'udp';
  const isRa = (e: Tx): boolean => (e.packet.payload as LayerValue | undefined)?.proto === 'icmpv6';
  const pbus = (): { tx: Tx; mh: MobilityHeader; at: number }[] => txs().filter(isPbu).map((tx) => ({ tx, mh: decoded(tx).payload as MobilityHeader, at: tx.at }));
  const ras = (): { tx: Tx; packet: LayerValue; ra: LayerValue }[] =>
    txs().filter(isRa).map((tx) => ({ tx, packet: decoded(tx), ra: decoded(tx).payload as LayerValue }));
  const requests = (): RadiusPacket[] => txs().filter(isRadius).map(radiusOf);

  const attach = (o: Partial<Extract<MagEvent, { type: 'l2.attach' }>> = {}): void =>
    h.actor.send({ type: 'l2.attach', mn: 'mn1', nai: NAI1, mac: MAC1, iface: 'eth1', ...o });

  /** The AAA's answer to the last Access-Request (or `request`), with real authenticators. */
  const answerRadius = (o: { profile?: PolicyProfile; reject?: boolean; request?: RadiusPacket; nai?: string; secret?: string } = {}): void => {
    const req = o.request ?? requests().at(-1)!;
    const nai = o.nai ?? NAI1;
    const body = o.reject
      ? accessReject({ id: req.id, attributes: [attr.replyMessage('no'), attr.messageAuthenticator()] })
      : accessAccept({ id: req.id, attributes: profileAttributes(nai, o.profile ?? { addressing: 'per-mn-prefix', lmaa: LMAA, hnp: HNP1 }) });
    const pkt = ipv6Packet({ src: AAA, dst: NAS, payload: { proto: 'udp', srcport: 1812, dstport: 49152, payload: body } });
    h.actor.send(arrive(pkt, { hints: { radiusSecret: o.secret ?? SECRET, requestAuthenticator: req.authenticator } }));
  };

  /** The LMA's PBA to a PBU (default the last), echoing its options as RFC 5213 §5.3.6 says. */
  const answerPbu = (o: { status?: number; lifetimeSeconds?: number; hnp?: string; pbu?: MobilityHeader; linkLocal?: string; hi?: number; src?: string } = {}): void => {
    const pbu = o.pbu ?? pbus().at(-1)!.mh;
    const hnpOpt = findOption(pbu, 22)!;
    const body = pbu.body as { seq: number; lifetime: number };
    const ll = findOption(pbu, 26)?.address;
    const pba = proxyBindingAck({
      status: o.status ?? 0,
      seq: body.seq,
      lifetimeSeconds: o.status && o.status >= 128 ? 0 : (o.lifetimeSeconds ?? body.lifetime * 4),
      nai: findOption(pbu, 8)!.identifier,
      hnps: [o.hnp ?? { prefix: hnpOpt.prefix, prefixLength: hnpOpt.prefixLength }],
      handoff: o.hi ?? findOption(pbu, 23)!.hi,
      att: findOption(pbu, 24)!.att,
      timestamp: (findOption(pbu, 27) as OptionByType[27]).timestamp,
      mnLinkLayerId: findOption(pbu, 25)!.lli,
      ...(ll === undefined ? {} : { linkLocal: o.linkLocal ?? ll }),
    });
    h.actor.send(arrive(ipv6Packet({ src: o.src ?? LMAA, dst: PROXY_COA, payload: pba })));
  };

  /** A Router Solicitation from the MN's link-local address on `iface`. */
  const solicit = (o: { iface?: string; mac?: string; src?: string } = {}): void => {
    const mac = o.mac ?? MAC1;
    const rs = routerSolicitation({ options: [sourceLinkLayer(mac)] });
    h.actor.send(arrive(ipv6Packet({ src: o.src ?? 'fe80::11', dst: 'ff02::2', hopLimit: 255, payload: rs }), { iface: o.iface ?? 'eth1', srcMac: mac }));
  };

  /** Attach, authenticate and register NAI1 (or `o.nai` on `o.iface`): the PBA accepted. */
  const register = (o: { nai?: string; mn?: string; mac?: string; iface?: string; hnp?: string } = {}): void => {
    attach({ ...(o.nai ? { nai: o.nai } : {}), ...(o.mn ? { mn: o.mn } : {}), ...(o.mac ? { mac: o.mac } : {}), ...(o.iface ? { iface: o.iface } : {}) });
    answerRadius({ nai: o.nai ?? NAI1, profile: { addressing: 'per-mn-prefix', lmaa: LMAA, hnp: o.hnp ?? HNP1 } });
    answerPbu();
  };

  const notes = (): string[] => h.effects.filter((e) => e.type === 'note').map((e) => (e as { text: string }).text);
  /** Effect types without notes and timers, a tx named by what it carries. */
  const kinds = (): string[] =>
    h.effects
      .filter((e) => e.type !== 'note')
      .map((e) => (e.type === 'tx' ? `tx:${isPbu(e as Tx) ? 'pbu' : isRa(e as Tx) ? 'ra' : 'radius'}` : e.type));
  const entry = (nai = NAI1) => (h.context().bul as Record<string, { state: string; [k: string]: unknown }>)[nai];
  const clear = (): void => void h.effects.splice(0);
  return { ...h, txs, pbus, ras, requests, attach, answerRadius, answerPbu, solicit, register, notes, kinds, entry, clear };
}
