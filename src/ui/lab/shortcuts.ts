import type { Lab } from '../state/lab.svelte';
import type { Player } from '../state/player.svelte';

/**
 * The playback keys, shared by the lab and the embedded view: Space plays or pauses, the arrows
 * step, Home and End jump, + and − change the speed.
 */

/** Whether a key press is the page's: no modifier, and the focus is not somewhere that needs the key itself. */
export function isPageKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return false;
  const target = e.target instanceof Element ? e.target : null;
  return !target?.closest('textarea, select, [contenteditable], [data-own-keys], input:not([type="range"])');
}

/** Handles a playback key; true when the key was one (the caller then prevents its default). */
export function playbackKey(e: KeyboardEvent, lab: Lab, player: Player): boolean {
  if (!lab.trace || !isPageKey(e)) return false;
  const target = e.target instanceof Element ? e.target : null;
  // A range input steps by itself with the arrows, Home and End.
  const onRange = target?.matches('input') ?? false;
  switch (e.key) {
    case ' ':
      if (target?.closest('button, summary, a, input, [role="button"]')) return false;
      player.toggle();
      return true;
    case 'ArrowRight':
      if (onRange) return false;
      lab.step(1);
      return true;
    case 'ArrowLeft':
      if (onRange) return false;
      lab.step(-1);
      return true;
    case 'Home':
      if (onRange) return false;
      lab.jump('start');
      return true;
    case 'End':
      if (onRange) return false;
      lab.jump('end');
      return true;
    case '+':
    case '=':
      player.faster();
      return true;
    case '-':
    case '_':
      player.slower();
      return true;
    default:
      return false;
  }
}
