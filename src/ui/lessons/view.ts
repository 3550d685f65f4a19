import { playLesson, type CatalogEntry, type PlayedStep, type TraceCache } from '../../lessons/course';
import type { Lesson, LessonError } from '../../lessons/types';

/** What the lesson page shows for an id: the lesson ready to play, or why it cannot. */
export type LessonView =
  | { kind: 'ready'; lesson: Lesson; steps: readonly PlayedStep[] }
  | { kind: 'broken'; title: string; file: string; errors: readonly LessonError[] }
  | { kind: 'missing'; title: string; known: readonly { id: string; title: string }[] };

export function lessonView(id: string, entries: readonly CatalogEntry[], cache?: TraceCache): LessonView {
  const entry = entries.find((e) => e.id === id);
  if (!entry) {
    return {
      kind: 'missing',
      title: `There is no lesson “${id.length > 60 ? `${id.slice(0, 59)}…` : id}”.`,
      known: entries.flatMap((e) => (e.result.ok ? [{ id: e.id, title: e.result.lesson.title }] : [])),
    };
  }
  if (!entry.result.ok) return { kind: 'broken', title: `The lesson file ${entry.file} has mistakes.`, file: entry.file, errors: entry.result.errors };
  const played = playLesson(entry.result.lesson, cache);
  if (!played.ok) return { kind: 'broken', title: `The lesson ${entry.file} does not match what the lab does.`, file: entry.file, errors: played.errors };
  return { kind: 'ready', lesson: entry.result.lesson, steps: played.steps };
}

/** The page index of a lesson: 0 the introduction, 1… the steps, then the exercise. */
export function clampStep(step: number, steps: number): number {
  return Math.min(Math.max(0, Math.floor(step)), steps + 1);
}
