import { catalog, families, type ScenarioEntry, type SourceRef } from '../../scenarios/catalog.ts';
import { allowed, type ParamSpec } from '../../scenarios/params.ts';
import { runnableScenario } from '../../scenarios/registry.ts';
import { parseCommandArgs } from '../args.ts';
import { exitCode, type Command, type Io } from '../command.ts';

export const list: Command = {
  name: 'list',
  summary: 'List the scenarios of the catalog',
  usage: [
    'pmip-lab list [--json]',
    '',
    'Options:',
    '  --json    print the catalog as a JSON array (id, family, title, summary, sources, status, parameters)',
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const entries = withParameters(catalog);
    if (values.json === true) {
      io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      return exitCode.ok;
    }
    io.stdout(formatCatalog(entries));
    return exitCode.ok;
  },
};

export interface ListedParameter {
  name: string;
  type: ParamSpec['type'];
  default: ParamSpec['default'];
  /** For a closed set of values. */
  values?: readonly string[] | readonly boolean[];
  min?: number;
  max?: number;
  unit?: string;
  label: string;
  doc: string;
}

export type ListedScenario = ScenarioEntry & { parameters: ListedParameter[] };

/** Each catalog entry with its runnable status and its parameters, as the registry defines them. */
export function withParameters(entries: readonly ScenarioEntry[]): ListedScenario[] {
  return entries.map((e) => {
    const run = runnableScenario(e.id);
    return { ...e, status: run ? 'runnable' : e.status, parameters: (run?.params ?? []).map(listed) };
  });
}

function listed(p: ParamSpec): ListedParameter {
  const base = { name: p.name, type: p.type, default: p.default, label: p.label, doc: p.doc };
  if (p.type === 'enum') return { ...base, values: p.values };
  if (p.type === 'boolean') return { ...base, values: [false, true] };
  return { ...base, min: p.min, max: p.max, ...(p.unit ? { unit: p.unit } : {}) };
}

/** The catalog as text, grouped by family: id, status and title, then the sources and parameters. */
export function formatCatalog(entries: readonly ListedScenario[]): string {
  const idWidth = Math.max(...entries.map((entry) => entry.id.length)) + 2;
  const statusWidth = Math.max(...entries.map((entry) => entry.status.length)) + 2;
  const indent = ' '.repeat(2 + idWidth + statusWidth);
  const lines: string[] = [];
  for (const family of families) {
    const members = entries.filter((entry) => entry.family === family.id);
    if (members.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`${family.title} (${family.id})`);
    for (const entry of members) {
      lines.push(`  ${entry.id.padEnd(idWidth)}${entry.status.padEnd(statusWidth)}${entry.title}`);
      for (const source of entry.sources) lines.push(`${indent}${formatSource(source)}`);
      for (const p of runnableScenario(entry.id)?.params ?? []) lines.push(`${indent}--set ${p.name}=…  ${allowed(p)}, default ${String(p.default)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatSource(source: SourceRef): string {
  return `${source.document} ${source.sections.join(', ')}`;
}

