import type { Fate } from '../sim/trace';

/** Where a lesson file is wrong: the file, the 1-based line, and what to fix. */
export interface LessonError {
  file: string;
  line: number;
  message: string;
}

export const LEVELS = ['introductory', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

/** A scenario run as a lesson names it: parameters as text, as `pmip-lab run --set` takes them. */
export interface RunText {
  scenario: string;
  params: Readonly<Record<string, string>>;
  /** Fault texts, as `parseFault` reads them. */
  faults: readonly string[];
  seed: number;
  /** The line that named the scenario. */
  line: number;
}

export type Claim =
  | { line: number; kind: 'from' | 'to'; value: string }
  | { line: number; kind: 'summary'; op: '=' | '~'; value: string }
  | { line: number; kind: 'field'; name: string; op: '=' | '~'; value: string }
  | { line: number; kind: 'fate'; value: Fate };

export interface Choice {
  text: string;
  correct: boolean;
}

export interface Question {
  line: number;
  prompt: string;
  choices: Choice[];
  explanation?: string;
}

export interface Step {
  /** The line of the step's heading. */
  line: number;
  title: string;
  /** Set when the step switches the lab to another run. */
  run?: RunText;
  /** The message the step shows, from 1. */
  packet: number;
  packetLine: number;
  section: string;
  claims: Claim[];
  /** Markdown source. */
  narration: string;
  question?: Question;
}

export interface Exercise {
  line: number;
  /** The lab view the exercise opens, if it names one. */
  try?: RunText;
  narration: string;
}

export interface Lesson {
  id: string;
  file: string;
  title: string;
  level: Level;
  summary: string;
  run: RunText;
  intro: string;
  steps: Step[];
  exercise: Exercise;
}

export type ParseResult = { ok: true; lesson: Lesson } | { ok: false; errors: LessonError[] };
