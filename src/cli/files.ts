import { readFileSync, writeFileSync } from 'node:fs';

/*
 * File access for commands: a failure becomes an Error whose message is one line naming the file
 * and the reason, which the dispatcher prints without a stack trace (exit code 1).
 */

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ERR_FS_FILE_TOO_LARGE: 'the file is too large to read at once',
};

/** Why a file operation failed, in words, on one line. */
export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && reasons[code]) return reasons[code];
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export function readInput(path: string): Uint8Array {
  try {
    const data = readFileSync(path);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new Error(`cannot read '${path}': ${fileErrorReason(error)}`, { cause: error });
  }
}

export function writeOutput(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new Error(`cannot write '${path}': ${fileErrorReason(error)}`, { cause: error });
  }
}
