import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../src/cli/lesson-files';
import { lessonCatalog, lessonScenarios, playLesson, tryView } from '../../src/lessons/course';
import type { Lesson, LessonError } from '../../src/lessons/types';
import { catalog } from '../../src/scenarios/catalog';

/*
 * The course as it is in lessons/: every file parses, every step's message exists in the run it
 * names and is what the lesson says it is, and together the lessons use every scenario. A lesson
 * therefore cannot drift from what the lab really does.
 */

const entries = lessonCatalog(readLessonFiles());
const where = (errors: readonly LessonError[]): string => errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n');
const lessons: Lesson[] = entries.flatMap((e) => (e.result.ok ? [e.result.lesson] : []));

describe('the course in lessons/', () => {
  it('has lessons', () => {
    if (entries.length === 0) throw new Error('no lessons in lessons/');
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s parses, plays, and says what the lab does', (_file, entry) => {
    if (!entry.result.ok) throw new Error(`the lesson does not parse:\n${where(entry.result.errors)}`);
    const lesson = entry.result.lesson;
    const played = playLesson(lesson);
    if (!played.ok) throw new Error(`the lesson disagrees with the lab:\n${where(played.errors)}`);
    expect(played.steps).toHaveLength(lesson.steps.length);
    for (const s of lesson.steps) if (s.question) expect(s.question.choices.some((c) => c.correct)).toBe(true);
    const t = lesson.exercise.try;
    if (t) expect(tryView(t)).toMatchObject({ ok: true });
  });

  it('uses every scenario of the catalog in at least one lesson', () => {
    const used = new Set(lessons.flatMap(lessonScenarios));
    const unused = catalog.map((s) => s.id).filter((id) => !used.has(id));
    expect(unused, `scenarios no lesson uses: ${unused.join(', ')}`).toEqual([]);
  });
});
