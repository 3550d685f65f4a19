import { createSubscriber } from 'svelte/reactivity';

/**
 * Whether the diagram draws the traffic generator's timers (timers.ts `TRAFFIC_TIMERS`). One
 * choice for the whole page: the legend sets it, and the diagram on screen and the SVG and PNG
 * exports read it through `sequenceInput`, so a file shows what the reader saw. It is not part of
 * the Trace or of a share link: it changes how the run is drawn, not the run.
 *
 * Reactive through `createSubscriber` rather than a `$state` field, because the exports import it
 * and they also run in plain Node (the browser tests compute the expected file there), where no
 * Svelte compiler turns runes into code.
 */
export class TimerChoice {
  #traffic = false;
  #changed: (() => void) | undefined;
  readonly #subscribe = createSubscriber((update) => {
    this.#changed = update;
    return () => (this.#changed = undefined);
  });

  get traffic(): boolean {
    this.#subscribe();
    return this.#traffic;
  }

  set traffic(shown: boolean) {
    if (shown === this.#traffic) return;
    this.#traffic = shown;
    this.#changed?.();
  }
}

export const timerChoice = new TimerChoice();
