import { SvelteMap } from 'svelte/reactivity';
import { ancestorsOf, type FieldKey } from '../inspector/hit';

/**
 * Which `<details>` of the field tree are open. Layers start open and structures closed; what the
 * user opens or closes is remembered by key, so stepping to a similar packet keeps the same view,
 * and picking a byte in the hex view opens the way down to its field.
 */
export class Disclosure {
  #open = new SvelteMap<FieldKey, boolean>();

  isOpen(key: FieldKey, depth: number): boolean {
    return this.#open.get(key) ?? depth === 0;
  }

  set(key: FieldKey, open: boolean): void {
    if (this.#open.get(key) !== open) this.#open.set(key, open);
  }

  /** Opens every ancestor of a field, so it can be seen. */
  reveal(key: FieldKey): void {
    for (const a of ancestorsOf(key)) this.set(a, true);
  }
}
