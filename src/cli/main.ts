// The `pmip-lab` command: finds the command named by the first argument and runs it.
// To add a command, write src/cli/commands/<name>.ts exporting a Command and add it to `commands`.

import { exitCode, UsageError, type Command, type Io } from './command.ts';
import { decode } from './commands/decode.ts';
import { lesson, lessons } from './commands/lessons.ts';
import { list } from './commands/list.ts';
import { run } from './commands/run.ts';
import { sample } from './commands/sample.ts';
import { url } from './commands/url.ts';

export const commands: readonly Command[] = [list, run, url, decode, sample, lessons, lesson];

const helpWords = new Set(['help', '--help', '-h']);

/** Runs the command line `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || helpWords.has(word)) return help(rest, io);

  const command = commands.find((candidate) => candidate.name === word);
  if (command === undefined) {
    io.stderr(`pmip-lab: unknown command '${word}'. Run 'pmip-lab help' for the list of commands.\n`);
    return exitCode.usage;
  }
  if (rest.some((arg) => arg === '--help' || arg === '-h')) {
    io.stdout(`Usage: ${command.usage}\n`);
    return exitCode.ok;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pmip-lab ${command.name}: ${error.message}. Run 'pmip-lab help ${command.name}' for usage.\n`);
      return exitCode.usage;
    }
    io.stderr(`pmip-lab ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode.failure;
  }
}

function help(args: readonly string[], io: Io): number {
  const [topic, ...extra] = args;
  if (topic === undefined) {
    io.stdout(usage());
    return exitCode.ok;
  }
  const command = commands.find((candidate) => candidate.name === topic);
  if (command === undefined || extra.length > 0) {
    io.stderr(`pmip-lab help: no command '${topic}'. Run 'pmip-lab help' for the list of commands.\n`);
    return exitCode.usage;
  }
  io.stdout(`Usage: ${command.usage}\n`);
  return exitCode.ok;
}

/** The general help: what the tool is and the commands it has. */
export function usage(): string {
  const rows: (readonly [string, string])[] = [
    ...commands.map((command) => [command.name, command.summary] as const),
    ['help', 'Show this help, or the usage of one command'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length)) + 4;
  return [
    'pmip-lab: a laboratory for network-based IP mobility (Proxy Mobile IPv6, PMIPv4 and more).',
    '',
    'Usage: pmip-lab <command> [options]',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}${summary}`),
    '',
    "Run 'pmip-lab help <command>' for the options of a command.",
    '',
  ].join('\n');
}
