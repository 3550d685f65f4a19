import type { Rng } from './rng';
import type { Interface, SimNode } from './node';

/**
 * A point-to-point link between two interfaces, with delay, jitter and loss. The access link of a
 * mobile node is one of these too: moving the MN re-plugs its interface into another MAG's link.
 */
export interface LinkOptions {
  delayUs: number;
  jitterUs?: number;
  /** Probability in [0, 1] that a frame is lost. */
  loss?: number;
  linkType?: number;
}

export interface LinkEnd {
  node: SimNode;
  iface: Interface;
}

export class Link {
  up = true;
  readonly delayUs: number;
  readonly jitterUs: number;
  loss: number;
  readonly linkType: number;

  constructor(
    readonly id: string,
    readonly a: LinkEnd,
    readonly b: LinkEnd,
    o: LinkOptions,
    private readonly rng: Rng,
  ) {
    this.delayUs = o.delayUs;
    this.jitterUs = o.jitterUs ?? 0;
    this.loss = o.loss ?? 0;
    this.linkType = o.linkType ?? 1;
  }

  peer(of: Interface): LinkEnd {
    return of === this.a.iface ? this.b : this.a;
  }

  /** How long the next frame takes, drawn from this link's own random stream. */
  transitUs(): number {
    return this.delayUs + (this.jitterUs > 0 ? this.rng.int(0, this.jitterUs) : 0);
  }

  lost(): boolean {
    return this.rng.chance(this.loss);
  }
}
