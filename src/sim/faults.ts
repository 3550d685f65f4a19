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

/** A fault is wrong as written: said in words, with the forms that are allowed. */
export class FaultSyntaxError extends Error {
  override name = 'FaultSyntaxError';
}

export const FAULT_FORMS = [
  'drop:N            drop packet N (numbered from 1, as in the sequence and in Wireshark)',
  'delay:N:MS        hold packet N back MS milliseconds more',
  'duplicate:N       send packet N twice',
  'cut:LINK:MS[:MS]  cut LINK at MS ms (and plug it back at the second MS)',
  'move:NODE:MAG:MS  move NODE (a mobile node) to MAG at MS ms',
] as const;

const whole = (s: string | undefined, what: string, min = 0): number => {
  const n = Number(s);
  if (s === undefined || s.trim() === '' || !Number.isInteger(n) || n < min || n > 1e9) {
    throw new FaultSyntaxError(`${what} must be a whole number${min > 0 ? ` from ${min}` : ''}, not '${s ?? ''}'`);
  }
  return n;
};
const ms = (s: string | undefined, what: string): number => {
  const n = Number(s);
  if (s === undefined || s.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1e7) {
    throw new FaultSyntaxError(`${what} must be a time in milliseconds, not '${s ?? ''}'`);
  }
  return Math.round(n * 1000);
};
const name = (s: string | undefined, what: string): string => {
  if (!s || !/^[A-Za-z0-9~_.-]{1,64}$/.test(s)) throw new FaultSyntaxError(`${what} '${s ?? ''}' is not a name`);
  return s;
};

/** `drop:5`, `delay:5:200`, `duplicate:5`, `cut:mag1-lma:1500:2500`, `move:mn1:mag2:3000`. */
export function parseFault(text: string): Fault {
  const [kind, ...rest] = text.split(':');
  switch (kind) {
    case 'drop':
      return { kind, packet: whole(rest[0], 'the packet number', 1) - 1 };
    case 'duplicate':
      return { kind, packet: whole(rest[0], 'the packet number', 1) - 1 };
    case 'delay':
      return { kind, packet: whole(rest[0], 'the packet number', 1) - 1, byUs: ms(rest[1], 'the delay') };
    case 'cut': {
      const f: Fault = { kind, link: name(rest[0], 'the link'), atUs: ms(rest[1], 'the time of the cut') };
      if (rest[2] !== undefined) f.untilUs = ms(rest[2], 'the time the link comes back');
      return f;
    }
    case 'move':
      return { kind, node: name(rest[0], 'the node'), to: name(rest[1], 'the MAG'), atUs: ms(rest[2], 'the time of the move') };
    default:
      throw new FaultSyntaxError(`'${text}' is not a fault; the forms are: ${FAULT_FORMS.map((f) => f.split(' ')[0]).join(', ')}`);
  }
}

export function faultToText(f: Fault): string {
  switch (f.kind) {
    case 'drop':
    case 'duplicate':
      return `${f.kind}:${f.packet + 1}`;
    case 'delay':
      return `delay:${f.packet + 1}:${f.byUs / 1000}`;
    case 'cut':
      return `cut:${f.link}:${f.atUs / 1000}${f.untilUs !== undefined ? `:${f.untilUs / 1000}` : ''}`;
    case 'move':
      return `move:${f.node}:${f.to}:${f.atUs / 1000}`;
  }
}
