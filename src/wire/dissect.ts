import { Cursor, newDecodeContext, protocolCodec, type FieldNode, type LayerValue, type Problem } from './core';
import './protocols';

/**
 * Frame bytes → layers → field tree, following encapsulations to the innermost packet. The
 * capture's link type says where to start; every later layer is found through the dispatch tables
 * the protocols bind (`eth.type`, `ip.proto`, `udp.port`…).
 */

export interface Dissection {
  /** Protocol layers, outermost first; each node's children are its fields. */
  layers: FieldNode[];
  problems: Problem[];
  /** The Info-column line: the innermost meaningful layer's summary. */
  summary: string;
  /** The decoded frame as a value (outermost layer, payloads nested), what machines receive. */
  value?: LayerValue;
}

/** LINKTYPE_* values (tcpdump.org link-layer header types) the lab writes and reads. */
export const LINK_TYPE = {
  ETHERNET: 1,
  PPP: 9,
  RAW: 101,
  IPV4: 228,
  IPV6: 229,
} as const;

const rootFor: Readonly<Record<number, string>> = {
  [LINK_TYPE.ETHERNET]: 'eth',
  [LINK_TYPE.PPP]: 'ppp',
  [LINK_TYPE.RAW]: 'rawip',
  [LINK_TYPE.IPV4]: 'ip',
  [LINK_TYPE.IPV6]: 'ipv6',
};

export function dissect(bytes: Uint8Array, linkType: number = LINK_TYPE.ETHERNET): Dissection {
  const ctx = newDecodeContext(bytes);
  const rootId = rootFor[linkType];
  const codec = (rootId && protocolCodec(rootId)) || protocolCodec('data');
  if (!rootId) {
    ctx.problems.push({
      id: 'frame.linktype.unknown',
      severity: 'warn',
      message: `link type ${linkType} is not one the lab decodes; the frame is shown as data`,
      start: 0,
      end: bytes.length,
    });
  }
  let value: LayerValue | undefined;
  try {
    value = codec?.decode(new Cursor(bytes, 0, bytes.length, ctx.problems, codec.id), ctx).value;
  } catch (err) {
    // Decoders must not throw; if one does, the frame still shows what was decoded and the
    // failure is reported as a problem rather than an exception in the user's face.
    ctx.problems.push({
      id: 'frame.decoder.bug',
      severity: 'error',
      message: `the decoder failed: ${err instanceof Error ? err.message : String(err)}`,
      start: 0,
      end: bytes.length,
    });
  }
  const meaningful = ctx.layers.filter((l) => l.name !== 'data');
  const last = meaningful[meaningful.length - 1] ?? ctx.layers[ctx.layers.length - 1];
  const out: Dissection = { layers: ctx.layers, problems: ctx.problems, summary: last?.display ?? `${bytes.length} bytes` };
  if (value) out.value = value;
  return out;
}
