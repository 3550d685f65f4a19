import { createContext } from 'svelte';
import type { Lab } from './state/lab.svelte';
import type { Player } from './state/player.svelte';
import type { Session } from './state/session.svelte';

/**
 * Typed context for the lab's state (STYLE.md principle 10): the lab page creates one Lab and one
 * Player and every component under it reads them here, rather than through props or stores.
 */
export const [getLab, setLab] = createContext<Lab>();
export const [getPlayer, setPlayer] = createContext<Player>();
export const [getSession, setSession] = createContext<Session>();
