import { catalog, families, type ScenarioEntry, type SourceRef } from '../../scenarios/catalog.ts';
import { parseCommandArgs } from '../args.ts';
import { exitCode, type Command, type Io } from '../command.ts';

export const list: Command = {
  name: 'list',
  summary: 'List the scenarios of the catalog',
  usage: [
    'pmip-lab list [--json]',
    '',
    'Options:',
    '  --json    print the catalog as a JSON array (id, family, title, summary, sources, status)',
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(catalog, null, 2)}\n`);
      return exitCode.ok;
    }
    io.stdout(formatCatalog(catalog));
    return exitCode.ok;
  },
};

/** The catalog as text, grouped by family: id, status and title, then the sources. */
export function formatCatalog(entries: readonly ScenarioEntry[]): string {
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
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatSource(source: SourceRef): string {
  return `${source.document} ${source.sections.join(', ')}`;
}
