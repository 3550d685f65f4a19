import { assign, cancel, emit, raise, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MachineAgent } from '../../src/sim/agent';
import type { EntityDefinition } from '../../src/sim/effects';
import { Network } from '../../src/sim/network';
import { Rng } from '../../src/sim/rng';

// A machine with one named timer: `arm` starts it, `disarm` cancels it, firing counts.
const machine = setup({
  types: {
    context: {} as { fired: number },
    events: {} as { type: 'arm' } | { type: 'disarm' } | { type: 'timer.ping' },
    emitted: {} as { type: 'note'; text: string },
  },
}).createMachine({
  context: { fired: 0 },
  on: {
    arm: { actions: raise({ type: 'timer.ping' }, { id: 'ping', delay: 10 }) },
    disarm: { actions: cancel('ping') },
    'timer.ping': { actions: [assign({ fired: ({ context }) => context.fired + 1 }), emit({ type: 'note', text: 'ping' })] },
  },
});

const def: EntityDefinition = {
  role: 'test',
  machine,
  toEvent: () => undefined,
  tables: (c) => ({ Counts: [{ fired: (c as { fired: number }).fired }] }),
  timers: { 'timer.ping': 'ping' },
};

describe('MachineAgent', () => {
  it('traces a timer starting, firing and being cancelled, and the tables it changed', () => {
    const net = new Network(new Rng(1));
    const agent = new MachineAgent(net, net.addNode('n'), def, {});
    agent.send({ type: 'arm' });
    net.engine.runAll();
    agent.send({ type: 'disarm' }); // already fired: not a cancel
    agent.send({ type: 'arm' });
    agent.send({ type: 'disarm' });
    net.engine.runAll();
    const timers = net.recorder.events.filter((e) => e.kind === 'timer').map((e) => `${e.action}@${e.time}`);
    expect(timers).toEqual(['start@0', 'fire@10000', 'start@10000', 'cancel@10000']);
    const notes = net.recorder.events.filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(1);
    const states = net.recorder.events.filter((e) => e.kind === 'state');
    expect(states.at(-1)).toMatchObject({ entity: 'n', tables: { Counts: [{ fired: 1 }] }, changed: ['Counts'] });
  });
});
