import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's lessons/ folder, found from this file so that the CLI works from any directory. */
export const LESSONS_DIR = fileURLToPath(new URL('../../lessons/', import.meta.url));

/** The text of every lessons/*.md, keyed by path, as the lesson catalog takes it (src/lessons/course.ts). */
export function readLessonFiles(dir: string = LESSONS_DIR): Record<string, string> {
  const names = readdirSync(dir).filter((name) => name.endsWith('.md'));
  return Object.fromEntries(names.map((name) => [`lessons/${name}`, readFileSync(join(dir, name), 'utf8')]));
}
