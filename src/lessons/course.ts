import { ParamError, resolveParams, type Params } from '../scenarios/params';
import { runnableIds, runnableScenario } from '../scenarios/registry';
import { runScenario } from '../scenarios/run';
import { DEFAULT_SEED, encodeState, type ShareState } from '../share/url';
import { parseFault } from '../sim/faults';
import type { PacketEvent, Trace } from '../sim/trace';
import { checkClaim, claimText } from './claims';
import { parseLesson } from './parse';
import { LEVELS, type Lesson, type LessonError, type ParseResult, type RunText, type Step } from './types';

/** A lesson file as the catalog holds it: parsed, or broken with its errors. */
export interface CatalogEntry {
  id: string;
  /** The file as a teacher finds it in the repository: `lessons/<id>.md`. */
  file: string;
  result: ParseResult;
}

/**
 * Every lesson, from its files' text keyed by path (Vite's `import.meta.glob` in the browser, a
 * directory read in Node), in the order a course takes them: by level, then by id.
 */
export function lessonCatalog(files: Readonly<Record<string, string>>): CatalogEntry[] {
  return Object.entries(files)
    // A README beside the lessons is for the people writing them.
    .filter(([path]) => path.endsWith('.md') && !path.endsWith('/README.md') && path !== 'README.md')
    .map(([path, text]) => {
      const file = `lessons/${path.split('/').pop()}`;
      const result = parseLesson(file, text);
      return { id: file.slice('lessons/'.length, -'.md'.length), file, result };
    })
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function rank(e: CatalogEntry): number {
  return e.result.ok ? LEVELS.indexOf(e.result.lesson.level) : LEVELS.length;
}

/** The run a step shows: the latest run switched to at or before it, else the front matter's. */
export function stepRun(lesson: Lesson, index: number): RunText {
  for (let i = Math.min(index, lesson.steps.length - 1); i >= 0; i--) {
    const run = lesson.steps[i]!.run;
    if (run) return run;
  }
  return lesson.run;
}

/** Every scenario a lesson runs: its own, and those its steps switch to. */
export function lessonScenarios(lesson: Lesson): string[] {
  return [...new Set([lesson.run.scenario, ...lesson.steps.flatMap((s) => (s.run ? [s.run.scenario] : []))])];
}

export interface PlayedStep {
  step: Step;
  run: RunText;
  trace: Trace;
  /** The packet the step moves the lab to. */
  packet: PacketEvent;
}

export type Played = { ok: true; steps: PlayedStep[] } | { ok: false; errors: LessonError[] };

/** Traces by run, so that steps sharing a run (most of them) run it once. */
export type TraceCache = Map<string, Trace>;

/**
 * Runs every step's scenario and checks the lesson against the runs: each step's packet exists and
 * each `expect:` claim holds. A lesson that says what the lab does not do is broken, like one that
 * does not parse, and gets the same kind of error: file, line, message.
 */
export function playLesson(lesson: Lesson, cache: TraceCache = new Map()): Played {
  const errors: LessonError[] = [];
  const fail = (line: number, message: string): void => void errors.push({ file: lesson.file, line, message });
  const steps: PlayedStep[] = [];
  for (const [i, step] of lesson.steps.entries()) {
    const run = stepRun(lesson, i);
    const trace = traceOf(run, cache, fail);
    if (!trace) continue;
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    const packet = packets[step.packet - 1];
    if (!packet) {
      fail(step.packetLine, `packet ${step.packet} is out of range: this run of ${run.scenario} has ${packets.length} messages`);
      continue;
    }
    for (const claim of step.claims) {
      const r = checkClaim(claim, packet, trace);
      if (!r.ok) fail(claim.line, `expected ${claimText(claim)}, but message ${step.packet} has ${r.actual}`);
    }
    steps.push({ step, run, trace, packet });
  }
  if (lesson.exercise.try) {
    const t = tryView(lesson.exercise.try);
    if (!t.ok) fail(lesson.exercise.try.line, t.message);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, steps };
}

function traceOf(run: RunText, cache: TraceCache, fail: (line: number, message: string) => void): Trace | undefined {
  const resolved = resolveRun(run);
  if (!resolved.ok) {
    fail(run.line, resolved.message);
    return undefined;
  }
  const key = JSON.stringify([run.scenario, resolved.params, run.faults, run.seed]);
  let trace = cache.get(key);
  if (!trace) {
    try {
      trace = runScenario(run.scenario, resolved.params, run.faults.map(parseFault), run.seed);
    } catch (e) {
      fail(run.line, `${run.scenario} could not be run: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    cache.set(key, trace);
  }
  return trace;
}

/** The scenario exists and takes these parameters; the parameters as values. */
function resolveRun(run: RunText): { ok: true; params: Params } | { ok: false; message: string } {
  const scenario = runnableScenario(run.scenario);
  if (!scenario) return { ok: false, message: `unknown scenario '${run.scenario}': the runnable scenarios are ${runnableIds().join(', ')}` };
  try {
    return { ok: true, params: resolveParams(scenario.params, run.params) };
  } catch (e) {
    if (e instanceof ParamError) return { ok: false, message: e.message };
    throw e;
  }
}

/** The lab view an exercise's `try:` opens, as share state and as the query of a lab link. */
export function tryView(run: RunText): { ok: true; state: ShareState; query: string } | { ok: false; message: string } {
  const resolved = resolveRun(run);
  if (!resolved.ok) return resolved;
  const given = Object.fromEntries(Object.keys(run.params).map((name) => [name, resolved.params[name]!]));
  const state: ShareState = { scenario: run.scenario, params: given, seed: run.seed ?? DEFAULT_SEED, faults: run.faults.map(parseFault), step: 0 };
  return { ok: true, state, query: encodeState(state) };
}
