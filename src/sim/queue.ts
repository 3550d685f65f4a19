/**
 * The event queue: a binary heap keyed (at, seq), integer microseconds then insertion order, so
 * two events at the same instant always run in the order they were scheduled (ns-3's EventKey,
 * SimPy's heap tuples). A total order is what makes a run repeatable.
 */
export interface QueueEntry<T> {
  at: number;
  seq: number;
  item: T;
  cancelled: boolean;
}

const before = <T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class EventQueue<T> {
  private readonly heap: QueueEntry<T>[] = [];
  private nextSeq = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(at: number, item: T): QueueEntry<T> {
    if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`event time must be a whole number of µs ≥ 0, not ${at}`);
    const e: QueueEntry<T> = { at, seq: this.nextSeq++, item, cancelled: false };
    this.heap.push(e);
    this.up(this.heap.length - 1);
    this.live++;
    return e;
  }

  /** Cancelling only flags the entry; it is skipped when it reaches the top. */
  cancel(e: QueueEntry<T>): void {
    if (e.cancelled) return;
    e.cancelled = true;
    this.live--;
  }

  peek(): QueueEntry<T> | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  pop(): QueueEntry<T> | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeTop();
    this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
