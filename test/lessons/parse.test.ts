import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lessonId, parseLesson } from '../../src/lessons/parse';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}.md`, import.meta.url), 'utf8');
const errorsOf = (text: string, file = 'lessons/x.md') => {
  const r = parseLesson(file, text);
  return r.ok ? [] : r.errors;
};
const HEAD = '---\ntitle: T\nlevel: introductory\nscenario: pmipv6-attach\nsummary: S\n---\n';
const STEP = '## Step\npacket: 4\nsection: §6.10\n\nText.\n';
const END = '## Exercise\nDo it.\n';

describe('parseLesson', () => {
  it('reads front matter, steps with claims and a question, a scenario switch and the exercise', () => {
    const r = parseLesson('lessons/attach-basics.md', fixture('attach-basics'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const { lesson } = r;
    expect(lesson).toMatchObject({ id: 'attach-basics', title: 'PMIPv6 attach: how the network gives a mobile node its home prefix', level: 'introductory' });
    expect(lesson.run).toEqual({ scenario: 'pmipv6-attach', params: {}, faults: [], seed: 1, line: 4 });
    expect(lesson.intro).toMatch(/^When a mobile node attaches/);
    expect(lesson.steps.map((s) => s.packet)).toEqual([4, 6, 4]);
    expect(lesson.steps[0]!.claims).toEqual([
      { line: 13, kind: 'from', value: 'mag1' },
      { line: 13, kind: 'to', value: 'lma' },
      { line: 14, kind: 'summary', op: '~', value: 'Proxy Binding Update' },
      { line: 15, kind: 'field', name: 'mip6.bu.lifetime', op: '=', value: '15 (60 s)' },
      { line: 16, kind: 'fate', value: 'delivered' },
    ]);
    expect(lesson.steps[0]!.narration).toBe('The MAG sends a **Proxy Binding Update** on behalf of the mobile node.');
    expect(lesson.steps[0]!.question).toEqual({
      line: 20,
      prompt: 'Who sends the Proxy Binding Update?',
      choices: [
        { text: 'The mobile node', correct: false },
        { text: 'MAG1', correct: true },
      ],
      explanation: 'The mobile node takes no part in the signalling.',
    });
    expect(lesson.steps[2]!.run).toEqual({ scenario: 'pmipv6-handover', params: { race: 'true' }, faults: [], seed: 1, line: 34 });
    expect(lesson.exercise.try).toEqual({ scenario: 'pmipv6-attach', params: {}, faults: ['drop:4'], seed: 1, line: 43 });
    expect(lesson.exercise.narration).toBe('Drop the first PBU. What will MAG1 do?');
  });

  it('reports every mistake of a broken file with its line', () => {
    expect(errorsOf(fixture('broken'), 'lessons/broken.md').map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([
      "lessons/broken.md:3: level must be one of introductory, intermediate, advanced, not 'expert'",
      "lessons/broken.md:5: unknown front matter key 'colour': the keys are title, level, scenario, params, seed, faults, summary",
      'lessons/broken.md:9: only "## " headings are allowed in a lesson, not "### "',
      `lessons/broken.md:11: the step "No packet" needs 'packet:' (the message it shows, from 1)`,
      "lessons/broken.md:13: unknown directive 'flavour:': a step takes scenario, params, faults, packet, section, expect",
      'lessons/broken.md:15: a question needs two or more choices "- [ ] …", one or more marked "- [x] …"',
      "lessons/broken.md:19: the exercise takes only 'try:' (the lab view it opens), not 'packet:'",
    ]);
  });

  it.each([
    ['no front matter', '# Title\n', 1, /begins with front matter/],
    ['an unclosed front matter', '---\ntitle: T\n', 1, /no closing '---'/],
    ['a front matter line without a colon', '---\ntitle T\n---\n', 2, /front matter lines are 'name: value'/],
    ['a missing summary', '---\ntitle: T\nlevel: introductory\nscenario: pmipv6-attach\n---\n' + STEP + END, 5, /needs 'summary:'/],
    ['a key given twice', HEAD.replace('title: T\n', 'title: T\ntitle: U\n') + STEP + END, 3, /'title' is given twice \(first on line 2\)/],
    ['a bad scenario id', HEAD.replace('pmipv6-attach', 'PMIPv6 Attach') + STEP + END, 4, /is not a scenario id/],
    ['a bad seed', HEAD.replace('summary: S', 'summary: S\nseed: -3') + STEP + END, 6, /seed must be a whole number/],
    ['a bad fault', HEAD.replace('summary: S', 'summary: S\nfaults: drop:0') + STEP + END, 6, /packet number must be a whole number from 1/],
    ['params without =', HEAD.replace('summary: S', 'summary: S\nparams: race') + STEP + END, 6, /params are name=value pairs/],
    ['no steps', HEAD + END, 6, /at least one step/],
    ['no exercise', HEAD + STEP, 12, /ends with a "## Exercise" section/],
    ['an exercise before a step', HEAD + END + STEP, 7, /must be the last one/],
    ['a heading without a title', HEAD + '##\n' + STEP + END, 7, /needs a title/],
    ['a packet that is not a number', HEAD + STEP.replace('packet: 4', 'packet: four') + END, 8, /packet must be a message number/],
    ['a missing section', HEAD + STEP.replace('section: §6.10\n', '') + END, 7, /needs 'section:'/],
    ['a directive given twice', HEAD + STEP.replace('packet: 4', 'packet: 4\npacket: 5') + END, 9, /'packet:' is given twice in this step/],
    ['params without a scenario', HEAD + STEP.replace('packet: 4', 'packet: 4\nparams: race=true') + END, 9, /goes with 'scenario:'/],
    ['a claim that is not one', HEAD + STEP.replace('packet: 4', 'packet: 4\nexpect: something odd') + END, 9, /is not a claim/],
    ['an unknown fate', HEAD + STEP.replace('packet: 4', 'packet: 4\nexpect: fate = vanished') + END, 9, /fate is one of delivered/],
    ['two questions', HEAD + STEP + '? A\n- [x] a\n- [ ] b\n? B\n- [x] a\n- [ ] b\n' + END, 15, /at most one question \(one is asked on line 12\)/],
    ['no correct choice', HEAD + STEP + '? A\n- [ ] a\n- [ ] b\n' + END, 12, /no choice of this question is marked correct/],
    ['a choice without a question', HEAD + STEP + '- [x] a\n' + END, 12, /belongs right after a question/],
    ['an explanation without a question', HEAD + STEP + '! because\n' + END, 12, /explanation "! " belongs right after the choices/],
    ['text after the question', HEAD + STEP + '? A\n- [x] a\n- [ ] b\n\nMore text.\n' + END, 16, /text after a question/],
    ['a question in the exercise', HEAD + STEP + '## Exercise\n? A\n- [x] a\n- [ ] b\n', 13, /exercise has no quiz question/],
    ['a try without a scenario', HEAD + STEP + '## Exercise\ntry: race=true\n', 13, /'try:' needs scenario=<id>/],
    ['a try with a bad fault', HEAD + STEP + '## Exercise\ntry: scenario=pmipv6-attach faults=explode\n', 13, /is not a fault/],
  ])('refuses %s, naming the line', (_what, text, line, message) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: 'lessons/x.md', line });
    expect(errors[0]!.message).toMatch(message);
  });

  it('refuses a file name that is not an id', () => {
    expect(errorsOf(HEAD + STEP + END, 'lessons/My Lesson.md')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/lowercase words joined by '-'/) });
    expect(lessonId('/lessons/pmipv6-attach.md')).toBe('pmipv6-attach');
  });

  it('keeps narration that opens with a capitalised word and a colon, and reads CRLF files', () => {
    const r = parseLesson('lessons/x.md', (HEAD + STEP.replace('Text.', 'Note: the LMA waits.') + END).replace(/\n/g, '\r\n'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.lesson.steps[0]!.narration).toBe('Note: the LMA waits.');
  });

  it('never throws, whatever the text', () => {
    const pieces = fc.constantFrom('---', 'title: T', 'level: advanced', 'scenario: pmipv6-attach', 'summary: s', '## S', '## Exercise', '# H', 'packet: 3',
      'packet: 0', 'section: §1', 'expect: from=a', 'expect: x', 'params: a=b', 'faults: drop:1', '? Q', '- [x] a', '- [ ] b', '! e', 'try: scenario=x', '', 'text');
    const line = fc.oneof(pieces, fc.string());
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.string(), (lines, name) => {
        const r = parseLesson(`lessons/${name}.md`, lines.join('\n'));
        if (!r.ok) for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });
});
