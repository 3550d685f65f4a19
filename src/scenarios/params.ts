/**
 * Scenario parameters: declared once with their type, default and allowed values, so the CLI,
 * the share URL and the UI's parameter panel all validate the same way.
 */
export type ParamValue = string | number | boolean;

interface ParamBase {
  name: string;
  label: string;
  /** One sentence: what changing it shows. */
  doc: string;
}

export type ParamSpec =
  | (ParamBase & { type: 'enum'; values: readonly string[]; default: string })
  | (ParamBase & { type: 'number'; min: number; max: number; default: number; unit?: string; integer?: boolean })
  | (ParamBase & { type: 'boolean'; default: boolean });

export type Params = Readonly<Record<string, ParamValue>>;

/** An impossible or unknown parameter: a user's mistake, reported with what is allowed. */
export class ParamError extends Error {
  override name = 'ParamError';
}

export function allowed(p: ParamSpec): string {
  switch (p.type) {
    case 'enum':
      return p.values.join(', ');
    case 'number':
      return `${p.integer ? 'a whole number' : 'a number'} from ${p.min} to ${p.max}${p.unit ? ` (${p.unit})` : ''}`;
    case 'boolean':
      return 'true or false (on/off)';
  }
}

/** Parse one value given as text (CLI `--set k=v`, URL). */
export function parseParam(p: ParamSpec, text: string): ParamValue {
  switch (p.type) {
    case 'enum':
      if (!p.values.includes(text)) throw new ParamError(`${p.name} cannot be '${text}': allowed values are ${allowed(p)}`);
      return text;
    case 'number': {
      const v = Number(text);
      if (text.trim() === '' || !Number.isFinite(v) || v < p.min || v > p.max || (p.integer && !Number.isInteger(v))) {
        throw new ParamError(`${p.name} cannot be '${text}': it takes ${allowed(p)}`);
      }
      return v;
    }
    case 'boolean':
      if (['true', 'on', '1', 'yes'].includes(text)) return true;
      if (['false', 'off', '0', 'no'].includes(text)) return false;
      throw new ParamError(`${p.name} cannot be '${text}': it takes ${allowed(p)}`);
  }
}

/** Defaults, then the given values, each checked against its spec; unknown names are refused. */
export function resolveParams(specs: readonly ParamSpec[], given: Readonly<Record<string, ParamValue | string>>): Params {
  const out: Record<string, ParamValue> = {};
  for (const p of specs) out[p.name] = p.default;
  for (const [name, v] of Object.entries(given)) {
    const p = specs.find((s) => s.name === name);
    if (!p) {
      throw new ParamError(
        specs.length === 0
          ? `this scenario takes no parameters, so '${name}' is unknown`
          : `unknown parameter '${name}': the parameters are ${specs.map((s) => s.name).join(', ')}`,
      );
    }
    out[name] = typeof v === 'string' ? parseParam(p, v) : parseParam(p, String(v));
  }
  return out;
}
