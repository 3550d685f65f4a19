import type { PacketEvent, Trace } from '../../sim/trace';
import { fromHex, type FieldNode } from '../../wire/core';
import { dissect, type Dissection } from '../../wire/dissect';
import { keyOf, nodeOf, type FieldKey } from '../inspector/hit';

/** What the inspector has selected: a field of the current packet, or a byte range (a problem's). */
export type Pick = { kind: 'field'; key: FieldKey; name: string } | { kind: 'range'; start: number; end: number };

/**
 * The lab's state: the Trace being played, the current step (an index into its packets; stepping
 * is choosing an index, so going back costs nothing), and what the inspector has picked. The Trace
 * is replaced whole (`$state.raw`); everything else is derived from it.
 */
export class Lab {
  #trace = $state.raw<Trace | undefined>(undefined);
  #name = $state('');
  #current = $state(0);
  #pick = $state.raw<Pick | undefined>(undefined);
  #hover = $state.raw<FieldKey | undefined>(undefined);

  readonly packets: PacketEvent[] = $derived(
    this.#trace ? this.#trace.events.filter((e): e is PacketEvent => e.kind === 'packet') : [],
  );

  /** The current packet: the one the diagram highlights and the inspector shows. */
  readonly packet: PacketEvent | undefined = $derived(this.packets[this.#current]);

  readonly bytes: Uint8Array = $derived(this.packet ? fromHex(this.packet.bytes) : new Uint8Array(0));

  readonly dissection: Dissection | undefined = $derived(this.packet ? dissect(this.bytes, this.packet.linkType) : undefined);

  /**
   * The picked field's key in the current packet. A field picked in one packet stays picked as
   * the user steps, if the next packet has a field of the same name (step through the PBUs with
   * the sequence number selected).
   */
  readonly fieldKey: FieldKey | undefined = $derived.by(() => {
    const pick = this.#pick;
    const layers = this.dissection?.layers;
    if (pick?.kind !== 'field' || !layers) return undefined;
    if (nodeOf(layers, pick.key)?.name === pick.name) return pick.key;
    return keyByName(layers, pick.name);
  });

  /** The picked bytes: the field's, or the problem's range. */
  readonly pickedRange: readonly [number, number] | undefined = $derived.by(() => {
    if (this.#pick?.kind === 'range') return [this.#pick.start, this.#pick.end];
    const node = this.fieldKey === undefined ? undefined : nodeOf(this.dissection?.layers ?? [], this.fieldKey);
    return node && [node.start, node.end];
  });

  readonly hoveredRange: readonly [number, number] | undefined = $derived.by(() => {
    const node = this.#hover === undefined ? undefined : nodeOf(this.dissection?.layers ?? [], this.#hover);
    return node && [node.start, node.end];
  });

  get trace(): Trace | undefined {
    return this.#trace;
  }

  /** The step index: the position of the current packet, from 0. */
  get current(): number {
    return this.#current;
  }

  /** The selected packet. Selecting a packet steps to it, so it is always the current one. */
  get selected(): number | undefined {
    return this.packet ? this.#current : undefined;
  }

  get count(): number {
    return this.packets.length;
  }

  get atStart(): boolean {
    return this.#current <= 0;
  }

  get atEnd(): boolean {
    return this.#current >= this.packets.length - 1;
  }

  get pick(): Pick | undefined {
    return this.#pick;
  }

  get hovered(): FieldKey | undefined {
    return this.#hover;
  }

  /** What the trace is called: the file it came from, or the scenario. */
  get name(): string {
    return this.#name;
  }

  /** Replaces the trace and goes back to its first packet. */
  load(trace: Trace | undefined, name = trace?.scenario ?? ''): void {
    this.#trace = trace;
    this.#name = name;
    this.#current = 0;
    this.#pick = undefined;
    this.#hover = undefined;
  }

  step(delta: number): void {
    this.select(this.#current + delta);
  }

  jump(to: 'start' | 'end'): void {
    this.select(to === 'start' ? 0 : this.packets.length - 1);
  }

  /**
   * Predict mode (src/ui/predict/): stepping forward waits until the learner has named the next
   * message, which then moves on with `select(current + 1, true)`.
   */
  hold = $state(false);

  /** Selects a packet (and steps to it); out-of-range indices are clamped. `past` steps forward through a hold. */
  select(packet: number, past = false): void {
    const last = Math.max(0, this.packets.length - 1);
    const next = Math.min(last, Math.max(0, Math.round(packet)));
    if (this.hold && !past && next > this.#current) return;
    if (next !== this.#current) this.#hover = undefined;
    this.#current = next;
  }

  /** Picks a field of the current packet (undefined clears the pick). */
  pickField(key: FieldKey | undefined): void {
    const node = key === undefined ? undefined : nodeOf(this.dissection?.layers ?? [], key);
    this.#pick = node && key !== undefined ? { kind: 'field', key, name: node.name } : undefined;
  }

  /** Picks a byte range that is not one field, such as a problem's. */
  pickRange(start: number, end: number): void {
    this.#pick = { kind: 'range', start, end: Math.max(end, start + 1) };
  }

  hover(key: FieldKey | undefined): void {
    this.#hover = key;
  }
}

/** The key of the first node with this filter name, depth first. */
function keyByName(layers: readonly FieldNode[], name: string): FieldKey | undefined {
  const search = (nodes: readonly FieldNode[], path: number[]): FieldKey | undefined => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.name === name) return keyOf([...path, i]);
      const inner = n.children && search(n.children, [...path, i]);
      if (inner) return inner;
    }
    return undefined;
  };
  return search(layers, []);
}
