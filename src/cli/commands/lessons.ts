import { lessonCatalog, lessonScenarios, playLesson, type CatalogEntry, type PlayedStep } from '../../lessons/course.ts';
import { flatten, markdown } from '../../lessons/markdown.ts';
import type { Lesson, LessonError, RunText } from '../../lessons/types.ts';
import type { Trace } from '../../sim/trace.ts';
import { parseCommandArgs } from '../args.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { LESSONS_DIR, readLessonFiles } from '../lesson-files.ts';

const dirOption = '  --dir folder  read the lessons from this folder instead of the lab’s lessons/';

export const lessons: Command = {
  name: 'lessons',
  summary: 'List the lessons of the course',
  usage: ['pmip-lab lessons [--json] [--dir folder]', '', 'Options:', '  --json        print id, level, title, summary and scenarios as a JSON array', dirOption].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, dir: { type: 'string' } });
    const entries = lessonCatalog(readLessonFiles(values.dir ?? LESSONS_DIR));
    type Listed = { id: string; level: string; title: string; summary: string; scenarios: string[] } | { id: string; errors: readonly LessonError[] };
    const listed = entries.map((e): Listed =>
      e.result.ok
        ? { id: e.id, level: e.result.lesson.level, title: e.result.lesson.title, summary: e.result.lesson.summary, scenarios: lessonScenarios(e.result.lesson) }
        : { id: e.id, errors: e.result.errors },
    );
    if (values.json === true) io.stdout(`${JSON.stringify(listed, null, 2)}\n`);
    else {
      const width = Math.max(0, ...entries.map((e) => e.id.length)) + 2;
      for (const l of listed) {
        if ('errors' in l) io.stdout(`${l.id.padEnd(width)}broken        ${l.errors.length} ${l.errors.length === 1 ? 'error' : 'errors'} (pmip-lab lesson ${l.id})\n`);
        else io.stdout(`${l.id.padEnd(width)}${l.level.padEnd(14)}${l.title}\n${' '.repeat(width + 14)}${l.scenarios.join(', ')}\n`);
      }
    }
    for (const e of entries) if (!e.result.ok) io.stderr(errorLines(e.result.errors));
    return entries.some((e) => !e.result.ok) ? exitCode.usage : exitCode.ok;
  },
};

export const lesson: Command = {
  name: 'lesson',
  summary: 'Print a lesson as text, with the messages its steps show, for a terminal or a handout',
  usage: ['pmip-lab lesson <id> [--answers] [--dir folder]', '', 'Options:', '  --answers     mark the correct choices and print the explanations', dirOption].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values, positionals } = parseCommandArgs(args, { answers: { type: 'boolean' }, dir: { type: 'string' } }, true);
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError('name the lesson (pmip-lab lessons lists them)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const entries = lessonCatalog(readLessonFiles(values.dir ?? LESSONS_DIR));
    const entry: CatalogEntry | undefined = entries.find((e) => e.id === id);
    if (!entry) throw new UsageError(`no lesson '${id}': the lessons are ${entries.map((e) => e.id).join(', ')}`);
    if (!entry.result.ok) {
      io.stderr(errorLines(entry.result.errors));
      return exitCode.usage;
    }
    const played = playLesson(entry.result.lesson);
    if (!played.ok) {
      io.stderr(errorLines(played.errors));
      return exitCode.usage;
    }
    io.stdout(lessonText(entry.result.lesson, played.steps, values.answers === true));
    return exitCode.ok;
  },
};

function errorLines(errors: readonly LessonError[]): string {
  return errors.map((e) => `${e.file}:${e.line}: ${e.message}\n`).join('');
}

/** The lesson as plain text: what a learner reads, and each step's message as a line of the sequence. */
export function lessonText(l: Lesson, steps: readonly PlayedStep[], answers: boolean): string {
  const out: string[] = [l.title, '='.repeat(Math.min(l.title.length, 72)), `${l.level} · ${runLine(l.run)}`, '', l.summary];
  if (l.intro) out.push('', flatten(markdown(l.intro)));
  for (const [i, { step, run, trace, packet }] of steps.entries()) {
    out.push('', `Step ${i + 1} of ${steps.length}: ${step.title}`, `Section: ${step.section}`);
    if (step.run) out.push(`Now: ${runLine(run)}`);
    const fate = packet.fate === 'delivered' ? '' : `  (${packet.fate})`;
    out.push(`  ${step.packet}. ${label(trace, packet.from)} → ${label(trace, packet.to)}  ${packet.summary}${fate}`);
    if (step.narration) out.push('', flatten(markdown(step.narration)));
    const q = step.question;
    if (q) {
      out.push('', `Question: ${q.prompt}`, ...q.choices.map((c) => `  [${answers && c.correct ? 'x' : ' '}] ${c.text}`));
      if (answers && q.explanation) out.push(`  Why: ${q.explanation}`);
    }
  }
  out.push('', 'Exercise');
  if (l.exercise.try) out.push(`Try: pmip-lab run ${runArgs(l.exercise.try)}`);
  if (l.exercise.narration) out.push('', flatten(markdown(l.exercise.narration)));
  return `${out.join('\n')}\n`;
}

function label(trace: Trace, id: string): string {
  return trace.entities.find((e) => e.id === id)?.label ?? id;
}

function runLine(run: RunText): string {
  return `scenario ${runArgs(run)}`;
}

function runArgs(run: RunText): string {
  return [
    run.scenario,
    ...Object.entries(run.params).map(([k, v]) => `--set ${k}=${v}`),
    ...(run.seed === 1 ? [] : [`--seed ${run.seed}`]),
    ...run.faults.map((f) => `--fault ${f}`),
  ].join(' ');
}
