/**
 * An example frame of the catalog: what `pmip-lab sample` writes, one packet each, and what the
 * conformance tests hand to tshark. Each family of protocols keeps its list in
 * `src/wire/examples/<family>.ts`; `index.ts` joins them.
 */
export interface Example {
  /** Unique across the catalog; one line saying what the frame is (`pbu-hnp-over-ipv6`). */
  name: string;
  /**
   * The pcapng packet comment: names the message, its RFC section, and any tshark 4.0 caveat
   * (e.g. "tshark 4.0 needs Decode As udp.port==5437,ip").
   */
  comment: string;
  /** LINKTYPE_* of the frame (`LINKTYPE.ETHERNET`, `LINKTYPE.RAW`…). */
  linkType: number;
  /** The frame's bytes; the same every call. */
  build(): Uint8Array;
  /** tshark options needed to dissect it fully, e.g. ['-d','udp.port==4191,ipv6'] or ['-o','radius.shared_secret:…']. */
  tshark?: string[];
  /** Protocols tshark cannot decode in this frame, so the conformance test stops comparing there. */
  tsharkBlind?: string[];
  /**
   * The frame ends, on purpose, in bytes no codec claims (a `data` layer: user traffic in a tunnel,
   * an unknown option's body). Without it the catalog test refuses a `data` layer.
   */
  dataLayer?: boolean;
}
