import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonCatalog } from '../../../src/lessons/course';
import { clampStep, lessonView } from '../../../src/ui/lessons/view';

const fixture = (name: string): string => readFileSync(new URL(`../../lessons/fixtures/${name}.md`, import.meta.url), 'utf8');
const entries = lessonCatalog({
  '/lessons/attach-basics.md': fixture('attach-basics'),
  '/lessons/broken.md': fixture('broken'),
  '/lessons/drift.md': fixture('drift'),
});

describe('lessonView', () => {
  it('plays a good lesson', () => {
    const view = lessonView('attach-basics', entries);
    expect(view.kind).toBe('ready');
    if (view.kind === 'ready') expect(view.steps.map((s) => s.packet.packet + 1)).toEqual([4, 6, 4]);
  });

  it('names the file and every line of a lesson that does not parse', () => {
    const view = lessonView('broken', entries);
    expect(view).toMatchObject({ kind: 'broken', title: 'The lesson file lessons/broken.md has mistakes.', file: 'lessons/broken.md' });
    if (view.kind === 'broken') expect(view.errors.map((e) => e.line)).toEqual([3, 5, 9, 11, 13, 15, 19]);
  });

  it('names the file and line of a claim the run does not bear out', () => {
    const view = lessonView('drift', entries);
    expect(view).toMatchObject({ kind: 'broken', title: 'The lesson lessons/drift.md does not match what the lab does.' });
    if (view.kind === 'broken') expect(view.errors[0]).toEqual({ file: 'lessons/drift.md', line: 11, message: 'expected from=lma, but message 4 has mag1 (MAG1 (PMA))' });
  });

  it('says that an unknown lesson does not exist, and offers those that parse', () => {
    expect(lessonView('<script>', entries)).toEqual({
      kind: 'missing',
      title: 'There is no lesson “<script>”.',
      known: [
        { id: 'attach-basics', title: 'PMIPv6 attach: how the network gives a mobile node its home prefix' },
        { id: 'drift', title: 'A lesson that says what the lab does not do' },
      ],
    });
  });

  it('clamps a step from a link to the introduction … exercise', () => {
    expect([clampStep(-2, 3), clampStep(2, 3), clampStep(4, 3), clampStep(99, 3)]).toEqual([0, 2, 4, 4]);
  });
});
