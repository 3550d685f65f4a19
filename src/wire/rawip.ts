import { protocolCodec, registerProtocol, type Codec, type LayerValue } from './core';
import './data';

/**
 * A bare IP packet with no link layer (LINKTYPE_RAW, 101): IPv4 or IPv6 by the version nibble of
 * its first octet (tcpdump.org link-layer types), as tshark's raw-IP dissector does. Not a layer
 * of its own: the IP packet is the first layer of the dissection.
 */
export const rawIp: Codec<LayerValue> = registerProtocol<LayerValue>({
  id: 'rawip',
  label: 'Raw IP',
  fields: [],
  options: {},
  decode(cur, ctx) {
    const version = (cur.peekU8() ?? 0) >> 4;
    const codec = (protocolCodec(version === 4 ? 'ip' : version === 6 ? 'ipv6' : 'data') ?? protocolCodec('data'))!;
    if (version !== 4 && version !== 6) {
      cur.problem('rawip.version.invalid', 'error', `the first octet says IP version ${version}, neither 4 nor 6`, cur.pos, Math.min(cur.end, cur.pos + 1));
    }
    return codec.decode(cur, ctx);
  },
  encode(w, value, ctx) {
    const codec = protocolCodec(value.proto);
    if (!codec) throw new Error(`no codec is registered for ${value.proto}`);
    codec.encode(w, value, ctx);
  },
});
