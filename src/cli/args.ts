import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly: an unknown option, a missing value or (unless allowed)
 * a positional argument becomes a UsageError with a one-line message.
 */
export function parseCommandArgs<const O extends OptionsConfig, const P extends boolean = false>(
  args: readonly string[],
  options: O,
  allowPositionals?: P,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: allowPositionals ?? false, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages add advice about "--" after the first sentence; keep the diagnosis.
    throw new UsageError(message.split('. ')[0]?.replace(/\.$/, '') ?? message);
  }
}
