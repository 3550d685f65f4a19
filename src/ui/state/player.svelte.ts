import type { Lab } from './lab.svelte';

/** Playback speeds, in steps per second. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

/**
 * Plays a trace back: steps the lab forward on a wall-clock timer. Playback speed belongs to the
 * UI (STYLE.md principle 9); the run itself never sleeps. Stepping by hand while playing carries on
 * from the new position.
 */
export class Player {
  #playing = $state(false);
  #speed = $state(2);
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #lab: Lab;

  constructor(lab: Lab) {
    this.#lab = lab;
  }

  get playing(): boolean {
    return this.#playing;
  }

  /** Steps per second. */
  get speed(): number {
    return SPEEDS[this.#speed]!;
  }

  get speedText(): string {
    const s = this.speed;
    return `${s < 1 ? `1/${1 / s}` : s}×`;
  }

  get canSpeedUp(): boolean {
    return this.#speed < SPEEDS.length - 1;
  }

  get canSlowDown(): boolean {
    return this.#speed > 0;
  }

  toggle(): void {
    if (this.#playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.#lab.count === 0) return;
    if (this.#lab.atEnd) this.#lab.jump('start');
    this.#playing = true;
    this.#schedule();
  }

  pause(): void {
    this.#playing = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  faster(): void {
    if (this.canSpeedUp) this.#speed++;
    this.#reschedule();
  }

  slower(): void {
    if (this.canSlowDown) this.#speed--;
    this.#reschedule();
  }

  #reschedule(): void {
    if (!this.#playing) return;
    clearTimeout(this.#timer);
    this.#schedule();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      if (!this.#playing) return;
      if (this.#lab.atEnd) {
        this.pause();
        return;
      }
      this.#lab.step(1);
      if (this.#lab.atEnd) this.pause();
      else this.#schedule();
    }, 1000 / this.speed);
  }
}
