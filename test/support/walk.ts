import fc from 'fast-check';

/** One step of a random walk: an MN attaches to a MAG, moves to one, or leaves the network. */
export type WalkAction = { kind: 'attach' | 'move' | 'detach'; mn: 1 | 2; mag: 1 | 2 };

export const walkAction: fc.Arbitrary<WalkAction> = fc.record({
  kind: fc.constantFrom('attach', 'move', 'detach'),
  mn: fc.constantFrom(1, 2),
  mag: fc.constantFrom(1, 2),
}) as fc.Arbitrary<WalkAction>;

/** Where an MN was from a moment on: `mag` undefined once it has left. */
export interface Attachment {
  mn: string;
  mag: number | undefined;
  from: number;
}

/** What a walk does to a scenario's network: the scenario's own attach, move and leave. */
export interface Walker {
  attach(mn: string, mag: number): void;
  move(mn: string, mag: number): void;
  leave(mn: string): void;
  runUntil(timeUs: number): void;
}

/**
 * Plays the actions one quiet period apart, skipping those that make no sense for the MN at that
 * moment (attaching while attached, moving to where it is, leaving while away). After each action
 * the network runs until the period ends and `check` is called with where each MN is, where each
 * has been (to judge the data packets it got), and the time.
 */
export function walk(
  actions: readonly WalkAction[],
  walker: Walker,
  quietUs: number,
  check: (at: ReadonlyMap<string, number>, attachments: readonly Attachment[], timeUs: number) => void,
): void {
  const at = new Map<string, number>();
  const attachments: Attachment[] = [];
  let t = 0;
  for (const a of actions) {
    const mn = `mn${a.mn}`;
    const where = at.get(mn);
    if (a.kind === 'attach' && where === undefined) {
      walker.attach(mn, a.mag);
      at.set(mn, a.mag);
    } else if (a.kind === 'move' && where !== undefined && where !== a.mag) {
      walker.move(mn, a.mag);
      at.set(mn, a.mag);
    } else if (a.kind === 'detach' && where !== undefined) {
      walker.leave(mn);
      at.delete(mn);
    } else continue;
    attachments.push({ mn, mag: at.get(mn), from: t });
    t += quietUs;
    walker.runUntil(t);
    check(at, attachments, t);
  }
}
