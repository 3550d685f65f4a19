/**
 * Faults a learner injects into a run, as plain data (they travel in share URLs). A message is
 * named by its packet number in the run being made: the run is identical up to the first fault,
 * so a number always means the packet the learner clicked, and later faults name packets of the
 * run as changed by the earlier ones.
 */
export type Fault =
  | { kind: 'drop'; packet: number }
  | { kind: 'delay'; packet: number; byUs: number }
  | { kind: 'duplicate'; packet: number }
  | { kind: 'cut'; link: string; atUs: number; untilUs?: number }
  | { kind: 'move'; node: string; to: string; atUs: number };

export const FAULT_KINDS = ['drop', 'delay', 'duplicate', 'cut', 'move'] as const;

/** What happens to one packet on its way out: the faults that name it. */
export interface PacketFate {
  drop: boolean;
  extraDelayUs: number;
  duplicate: boolean;
}

export class FaultPlan {
  private readonly byPacket = new Map<number, Fault[]>();

  constructor(readonly faults: readonly Fault[]) {
    for (const f of faults) {
      if (f.kind === 'drop' || f.kind === 'delay' || f.kind === 'duplicate') {
        const list = this.byPacket.get(f.packet) ?? [];
        list.push(f);
        this.byPacket.set(f.packet, list);
      }
    }
  }

  forPacket(n: number): PacketFate {
    const out: PacketFate = { drop: false, extraDelayUs: 0, duplicate: false };
    for (const f of this.byPacket.get(n) ?? []) {
      if (f.kind === 'drop') out.drop = true;
      else if (f.kind === 'delay') out.extraDelayUs += f.byUs;
      else if (f.kind === 'duplicate') out.duplicate = true;
    }
    return out;
  }

  cuts(): Extract<Fault, { kind: 'cut' }>[] {
    return this.faults.filter((f): f is Extract<Fault, { kind: 'cut' }> => f.kind === 'cut');
  }

  moves(): Extract<Fault, { kind: 'move' }>[] {
    return this.faults.filter((f): f is Extract<Fault, { kind: 'move' }> => f.kind === 'move');
  }
}

/** A readable line for a fault, for the trace, the CLI and the UI. */
export function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'drop':
      return `drop packet ${f.packet + 1}`;
    case 'delay':
      return `delay packet ${f.packet + 1} by ${f.byUs / 1000} ms`;
    case 'duplicate':
      return `duplicate packet ${f.packet + 1}`;
    case 'cut':
      return `cut link ${f.link} at ${f.atUs / 1000} ms${f.untilUs !== undefined ? ` until ${f.untilUs / 1000} ms` : ''}`;
    case 'move':
      return `move ${f.node} to ${f.to} at ${f.atUs / 1000} ms`;
  }
}
