import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { sequenceInput } from '../../../src/ui/sequence/input';
import { timerChoice } from '../../../src/ui/sequence/timer-choice';

describe('what the diagram is drawn from', () => {
  const trace = runScenario('pmipv6-handover');
  const names = (traffic?: boolean): string[] =>
    (sequenceInput(trace, undefined, traffic === undefined ? {} : { trafficTimers: traffic }).timers ?? []).map((t) => t.name);

  afterEach(() => {
    timerChoice.traffic = false;
  });

  it('leaves the traffic generator’s timers out until the reader asks for them, so the exports match the page', () => {
    expect(names()).not.toContain('next packet');
    timerChoice.traffic = true;
    expect(names()).toContain('next packet');
  });

  it('takes an explicit choice over the reader’s', () => {
    timerChoice.traffic = true;
    expect(names(false)).not.toContain('next packet');
    timerChoice.traffic = false;
    expect(names(true)).toContain('next packet');
  });
});
