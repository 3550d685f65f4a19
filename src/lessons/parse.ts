import { FaultSyntaxError, parseFault } from '../sim/faults';
import type { Fate } from '../sim/trace';
import { LEVELS, type Claim, type Choice, type Exercise, type LessonError, type Level, type ParseResult, type Question, type RunText, type Step } from './types';

/*
 * A lesson file (lessons/<id>.md) → a typed Lesson, or every error found, each naming the file and
 * the line. The text is untrusted in the sense that a teacher may get it wrong: nothing here throws.
 */

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FRONT_KEYS = ['title', 'level', 'scenario', 'params', 'seed', 'faults', 'summary'] as const;
const STEP_KEYS = ['scenario', 'params', 'faults', 'packet', 'section', 'expect'] as const;
const FATES: readonly Fate[] = ['delivered', 'lost', 'dropped-by-fault', 'filtered'];
/** A line that reads as `name: value`: lowercase, so that narration opening with "Note:" stays narration. */
const DIRECTIVE = /^([a-z][a-z0-9-]*):(?:\s+(.*))?$/;
const HEADING = /^(#{1,6})(?:\s+(.*)|$)/;
const CHOICE = /^- \[( |x|X)\]\s+(.*)$/;
const MAX_SEED = 0xffffffff;

/** The lesson id a file name gives: `lessons/pmipv6-attach.md` → `pmipv6-attach`. */
export function lessonId(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.md$/, '');
}

interface Line {
  n: number;
  text: string;
}

export function parseLesson(file: string, source: string): ParseResult {
  const errors: LessonError[] = [];
  const fail = (line: number, message: string): void => void errors.push({ file, line, message });
  const lines: Line[] = source.replace(/\r\n?/g, '\n').split('\n').map((text, i) => ({ n: i + 1, text: text.trimEnd() }));

  const id = lessonId(file);
  if (!ID.test(id)) fail(1, `the lesson id '${id}' (the file name) must be lowercase words joined by '-'`);

  const front = frontMatter(lines, fail);
  const body = lines.slice(front.end);
  const sections = splitSections(body, fail);
  const intro = sections.intro.map((l) => l.text).join('\n').trim();

  const steps: Step[] = [];
  let exercise: Exercise | undefined;
  for (const [i, s] of sections.steps.entries()) {
    const isExercise = s.title.toLowerCase() === 'exercise';
    if (isExercise && i !== sections.steps.length - 1) fail(s.line, 'the "## Exercise" section must be the last one');
    if (isExercise) exercise = parseExercise(s, fail);
    else steps.push(...optional(parseStep(s, fail)));
  }
  const exercises = sections.steps.filter((s) => s.title.toLowerCase() === 'exercise').length;
  if (exercises === 0 && front.ok) fail(lines.length, 'a lesson ends with a "## Exercise" section');
  if (sections.steps.length === exercises && front.ok) fail(front.end || 1, 'a lesson needs at least one step ("## " heading with packet: and section:)');

  if (errors.length > 0 || !front.ok || !exercise) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return {
    ok: true,
    lesson: { id, file, title: front.title, level: front.level, summary: front.summary, run: front.run, intro, steps, exercise },
  };
}

type Fail = (line: number, message: string) => void;

type Front = { ok: true; end: number; title: string; level: Level; summary: string; run: RunText } | { ok: false; end: number };

function frontMatter(lines: readonly Line[], fail: Fail): Front {
  if (lines[0]?.text !== '---') {
    fail(1, "a lesson begins with front matter: a line '---', then title, level, scenario and summary, then '---'");
    return { ok: false, end: 0 };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.text === '---');
  if (close < 0) {
    fail(1, "the front matter has no closing '---'");
    return { ok: false, end: lines.length };
  }
  const seen = new Map<string, Line & { value: string }>();
  for (const l of lines.slice(1, close)) {
    if (l.text.trim() === '') continue;
    const m = DIRECTIVE.exec(l.text);
    if (!m) {
      fail(l.n, `front matter lines are 'name: value', not '${short(l.text)}'`);
      continue;
    }
    const key = m[1]!;
    if (!(FRONT_KEYS as readonly string[]).includes(key)) fail(l.n, `unknown front matter key '${key}': the keys are ${FRONT_KEYS.join(', ')}`);
    else if (seen.has(key)) fail(l.n, `'${key}' is given twice (first on line ${seen.get(key)!.n})`);
    else seen.set(key, { ...l, value: (m[2] ?? '').trim() });
  }
  const closing = lines[close]!.n;
  let ok = true;
  const need = (key: string): string => {
    const v = seen.get(key)?.value;
    if (v) return v;
    fail(seen.get(key)?.n ?? closing, `the front matter needs '${key}:'`);
    ok = false;
    return '';
  };
  const title = need('title');
  const levelText = need('level');
  const scenario = need('scenario');
  const summary = need('summary');
  const level = LEVELS.find((l) => l === levelText);
  if (levelText && !level) {
    fail(seen.get('level')!.n, `level must be one of ${LEVELS.join(', ')}, not '${short(levelText)}'`);
    ok = false;
  }
  const run = runText(scenario, seen.get('scenario')?.n ?? closing, seen.get('params'), seen.get('faults'), seen.get('seed'), fail);
  if (!ok || !level || !run) return { ok: false, end: close + 1 };
  return { ok: true, end: close + 1, title, level, summary, run };
}

/** Checks the scenario id's shape and parses params, faults and seed; undefined when one is wrong. */
function runText(
  scenario: string,
  line: number,
  params: (Line & { value: string }) | undefined,
  faults: (Line & { value: string }) | undefined,
  seed: (Line & { value: string }) | undefined,
  fail: Fail,
): RunText | undefined {
  let ok = true;
  if (!ID.test(scenario)) {
    if (scenario) fail(line, `'${short(scenario)}' is not a scenario id`);
    ok = false;
  }
  const p = params ? paramText(params.value, params.n, fail) : {};
  const f = faults ? faultTexts(faults.value, faults.n, fail) : [];
  let s = 1;
  if (seed) {
    s = /^\d{1,10}$/.test(seed.value) ? Number(seed.value) : -1;
    if (s < 0 || s > MAX_SEED) {
      fail(seed.n, `seed must be a whole number from 0 to ${MAX_SEED}, not '${short(seed.value)}'`);
      ok = false;
    }
  }
  if (!ok || !p || !f) return undefined;
  return { scenario, params: p, faults: f, seed: s, line };
}

function paramText(text: string, line: number, fail: Fail): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf('=');
    if (eq <= 0 || eq === word.length - 1) {
      fail(line, `params are name=value pairs separated by spaces, not '${short(word)}'`);
      return undefined;
    }
    const name = word.slice(0, eq);
    if (Object.hasOwn(out, name)) {
      fail(line, `the parameter '${short(name)}' is given twice`);
      return undefined;
    }
    out[name] = word.slice(eq + 1);
  }
  return out;
}

function faultTexts(text: string, line: number, fail: Fail): string[] | undefined {
  const texts = text.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of texts) {
    try {
      parseFault(t);
    } catch (e) {
      if (!(e instanceof FaultSyntaxError)) throw e;
      fail(line, e.message);
      return undefined;
    }
  }
  return texts;
}

interface Section {
  line: number;
  title: string;
  lines: Line[];
}

function splitSections(body: readonly Line[], fail: Fail): { intro: Line[]; steps: Section[] } {
  const intro: Line[] = [];
  const steps: Section[] = [];
  for (const l of body) {
    const h = HEADING.exec(l.text);
    if (h && h[1] === '##' && h[2]?.trim()) steps.push({ line: l.n, title: h[2].trim(), lines: [] });
    else if (h) fail(l.n, h[1] === '##' ? 'a "## " heading needs a title' : `only "## " headings are allowed in a lesson, not "${h[1]} "`);
    else (steps.at(-1)?.lines ?? intro).push(l);
  }
  return { intro, steps };
}

/** The directive lines at the top of a section (blank lines between them allowed), then the rest. */
function directives(s: Section): { found: (Line & { key: string; value: string })[]; rest: Line[] } {
  const found: (Line & { key: string; value: string })[] = [];
  let i = 0;
  for (; i < s.lines.length; i++) {
    const l = s.lines[i]!;
    if (l.text.trim() === '') continue;
    const m = DIRECTIVE.exec(l.text);
    if (!m) break;
    found.push({ ...l, key: m[1]!, value: (m[2] ?? '').trim() });
  }
  return { found, rest: s.lines.slice(i) };
}

function parseStep(s: Section, fail: Fail): Step | undefined {
  const { found, rest } = directives(s);
  const one = new Map<string, Line & { key: string; value: string }>();
  const claims: Claim[] = [];
  let ok = true;
  const bad = (line: number, message: string): void => {
    fail(line, message);
    ok = false;
  };
  for (const d of found) {
    if (!(STEP_KEYS as readonly string[]).includes(d.key)) bad(d.n, `unknown directive '${d.key}:': a step takes ${STEP_KEYS.join(', ')}`);
    else if (d.key === 'expect') {
      const c = parseClaim(d.value, d.n, fail);
      if (c) claims.push(...c);
      else ok = false;
    } else if (one.has(d.key)) bad(d.n, `'${d.key}:' is given twice in this step (first on line ${one.get(d.key)!.n})`);
    else one.set(d.key, d);
  }
  const packetLine = one.get('packet');
  const section = one.get('section');
  if (!packetLine) bad(s.line, `the step "${short(s.title)}" needs 'packet:' (the message it shows, from 1)`);
  else if (!/^[1-9]\d{0,6}$/.test(packetLine.value)) bad(packetLine.n, `packet must be a message number from 1, not '${short(packetLine.value)}'`);
  if (!section?.value) bad(section?.n ?? s.line, `the step "${short(s.title)}" needs 'section:' (the document section it explains)`);

  const scenario = one.get('scenario');
  let run: RunText | undefined;
  if (scenario) {
    run = runText(scenario.value, scenario.n, one.get('params'), one.get('faults'), undefined, fail);
    if (!run) ok = false;
  } else {
    for (const key of ['params', 'faults']) {
      const d = one.get(key);
      if (d) bad(d.n, `'${key}:' goes with 'scenario:' in the same step (it starts a new run)`);
    }
  }
  const text = narration(rest, fail);
  if (!text || !ok || !packetLine || !section) return undefined;
  const step: Step = { line: s.line, title: s.title, packet: Number(packetLine.value), packetLine: packetLine.n, section: section.value, claims, narration: text.narration };
  if (run) step.run = run;
  if (text.question) step.question = text.question;
  return step;
}

function parseExercise(s: Section, fail: Fail): Exercise | undefined {
  const { found, rest } = directives(s);
  let tryLine: (Line & { value: string }) | undefined;
  let ok = true;
  for (const d of found) {
    if (d.key !== 'try') {
      fail(d.n, `the exercise takes only 'try:' (the lab view it opens), not '${d.key}:'`);
      ok = false;
    } else if (tryLine) {
      fail(d.n, `'try:' is given twice (first on line ${tryLine.n})`);
      ok = false;
    } else tryLine = d;
  }
  let run: RunText | undefined;
  if (tryLine) {
    run = tryText(tryLine, fail);
    if (!run) ok = false;
  }
  const text = narration(rest, fail);
  if (text?.question) {
    fail(text.question.line, 'the exercise has no quiz question: ask the learner to predict in its text');
    ok = false;
  }
  if (!text || !ok) return undefined;
  return run ? { line: s.line, try: run, narration: text.narration } : { line: s.line, narration: text.narration };
}

/** `try: scenario=… seed=… faults=a,b name=value…` */
function tryText(l: Line & { value: string }, fail: Fail): RunText | undefined {
  const pairs = paramText(l.value, l.n, fail);
  if (!pairs) return undefined;
  const { scenario, seed, faults, ...params } = pairs;
  if (!scenario) {
    fail(l.n, "'try:' needs scenario=<id>");
    return undefined;
  }
  const at = (value: string | undefined): (Line & { value: string }) | undefined => (value === undefined ? undefined : { ...l, value });
  const run = runText(scenario, l.n, undefined, at(faults), at(seed), fail);
  return run && { ...run, params };
}

function parseClaim(text: string, line: number, fail: Fail): Claim[] | undefined {
  const field = /^field\s+(\S+)\s*(=|~)\s*(.+)$/.exec(text);
  if (field) return [{ line, kind: 'field', name: field[1]!, op: field[2] as '=' | '~', value: field[3]!.trim() }];
  const summary = /^summary\s*(=|~)\s*(.+)$/.exec(text);
  if (summary) return [{ line, kind: 'summary', op: summary[1] as '=' | '~', value: summary[2]!.trim() }];
  const fate = /^fate\s*=\s*(\S+)$/.exec(text);
  if (fate) {
    const value = FATES.find((f) => f === fate[1]);
    if (value) return [{ line, kind: 'fate', value }];
    fail(line, `fate is one of ${FATES.join(', ')}, not '${short(fate[1]!)}'`);
    return undefined;
  }
  const ends = text.split(/\s+/).filter(Boolean).map((w) => /^(from|to)=(\S+)$/.exec(w));
  if (ends.length > 0 && ends.every((m) => m !== null)) return ends.map((m) => ({ line, kind: m![1] as 'from' | 'to', value: m![2]! }));
  fail(line, `'expect: ${short(text)}' is not a claim: write from=… to=…, summary ~ text, field <name> = text, or fate = lost`);
  return undefined;
}

/** A step's text: narration, then at most one question with its choices and explanation. */
function narration(lines: readonly Line[], fail: Fail): { narration: string; question?: Question } | undefined {
  const prose: string[] = [];
  let question: Question | undefined;
  let ok = true;
  let state: 'prose' | 'choices' | 'explanation' | 'after' = 'prose';
  for (const l of lines) {
    const choice = CHOICE.exec(l.text);
    const blank = l.text.trim() === '';
    if (l.text.startsWith('? ')) {
      if (question) {
        fail(l.n, `a step asks at most one question (one is asked on line ${question.line})`);
        ok = false;
        continue;
      }
      question = { line: l.n, prompt: l.text.slice(2).trim(), choices: [] };
      state = 'choices';
    } else if (choice) {
      if (state !== 'choices' || !question) {
        fail(l.n, 'a choice "- [ ]" belongs right after a question line "? "');
        ok = false;
      } else question.choices.push({ text: choice[2]!.trim(), correct: choice[1] !== ' ' } satisfies Choice);
    } else if (l.text.startsWith('! ')) {
      if (state !== 'choices' || !question) {
        fail(l.n, 'an explanation "! " belongs right after the choices of a question');
        ok = false;
      } else {
        question.explanation = l.text.slice(2).trim();
        state = 'explanation';
      }
    } else if (state === 'explanation' && !blank) question!.explanation += ` ${l.text.trim()}`;
    else if (state === 'prose') prose.push(l.text);
    else if (!blank) {
      fail(l.n, 'text after a question: put the narration before the question');
      ok = false;
      state = 'after';
    } else if (state === 'explanation') state = 'after';
  }
  if (question) {
    if (!question.prompt) {
      fail(question.line, 'the question has no text after "? "');
      ok = false;
    }
    if (question.choices.length < 2) {
      fail(question.line, 'a question needs two or more choices "- [ ] …", one or more marked "- [x] …"');
      ok = false;
    } else if (!question.choices.some((c) => c.correct)) {
      fail(question.line, 'no choice of this question is marked correct "- [x] …"');
      ok = false;
    }
  }
  if (!ok) return undefined;
  const text = prose.join('\n').trim();
  return question ? { narration: text, question } : { narration: text };
}

function optional<T>(v: T | undefined): T[] {
  return v === undefined ? [] : [v];
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
