import { EventQueue, type QueueEntry } from './queue';

/**
 * The discrete-event engine (STYLE.md principle 9): schedule, cancel, peek, step, runUntil. Time is
 * an integer count of microseconds that only moves forward, event by event; the engine never
 * sleeps, so a run takes as long as its computation and playback speed belongs to the UI.
 */
export type Action = () => void;

export interface Scheduled {
  readonly at: number;
  /** What the event is, for the trace and for debugging. */
  readonly label: string;
}

interface Job extends Scheduled {
  run: Action;
}

export class Engine {
  private readonly queue = new EventQueue<Job>();
  private time = 0;
  private steps = 0;

  /** Now, in µs since the start of the run. */
  get now(): number {
    return this.time;
  }

  get executed(): number {
    return this.steps;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Run `run` after `delayUs` µs (rounded to a whole µs; never in the past). */
  schedule(delayUs: number, label: string, run: Action): QueueEntry<Job> {
    if (!(delayUs >= 0)) throw new RangeError(`cannot schedule ${label} ${delayUs} µs in the past`);
    const at = this.time + Math.round(delayUs);
    return this.queue.push(at, { at, label, run });
  }

  cancel(handle: QueueEntry<Job>): void {
    this.queue.cancel(handle);
  }

  peek(): Scheduled | undefined {
    return this.queue.peek()?.item;
  }

  /** Run the next event; false when nothing is left. */
  step(): boolean {
    const e = this.queue.pop();
    if (!e) return false;
    if (e.at < this.time) throw new Error(`time went back from ${this.time} to ${e.at} (${e.item.label})`);
    this.time = e.at;
    this.steps++;
    e.item.run();
    return true;
  }

  /**
   * Run every event up to and including `until` µs, then move the clock to `until`. `maxSteps`
   * guards against a protocol that schedules without end (a bug, not a scenario).
   */
  runUntil(until: number, maxSteps = 10_000_000): void {
    let n = 0;
    for (let next = this.queue.peek(); next && next.at <= until; next = this.queue.peek()) {
      if (++n > maxSteps) throw new Error(`more than ${maxSteps} events before ${until} µs: a runaway schedule`);
      this.step();
    }
    if (until > this.time) this.time = until;
  }

  /** Run until nothing is pending. */
  runAll(maxSteps = 10_000_000): void {
    let n = 0;
    while (this.step()) {
      if (++n > maxSteps) throw new Error(`more than ${maxSteps} events: a runaway schedule`);
    }
  }
}
