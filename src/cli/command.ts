// What every `pmip-lab` command provides. Commands never touch process.stdout or process.exit:
// they write through `io` and return an exit code, so tests call them directly.

/** Where a command writes. Text is written as given: commands end their lines with "\n". */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Command {
  /** The word after `pmip-lab`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, then the options, one per line. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: Io): number | Promise<number>;
}

export const exitCode = {
  ok: 0,
  /** The command ran and failed (unreadable file, malformed capture...). */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
} as const;

/** Bad arguments: the dispatcher prints the message and a usage hint, and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
