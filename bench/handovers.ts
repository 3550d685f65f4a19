import { parseArgs } from 'node:util';
import { Lab } from '../src/scenarios/pmipv6/topology';
import { Network } from '../src/sim/network';
import { Rng } from '../src/sim/rng';
import type { Benchmark } from './types';

/*
 * Simulation speed: many mobile nodes attach to MAG1 and then hand over between MAG1 and MAG2 a
 * number of times each, with the real machines and real bytes of the PMIPv6 scenarios (access
 * authentication, PBU/PBA, RS/RA, shared tunnels). Figures: wall time, simulated events and
 * packets per second.
 */
export const handoversBench: Benchmark = {
  name: 'handovers',
  summary: 'simulate 1,000 MNs making 10 PMIPv6 handovers each (--mns N --moves M --tables)',
  run(args, log) {
    const { values } = parseArgs({
      args: [...args],
      options: { mns: { type: 'string' }, moves: { type: 'string' }, tables: { type: 'boolean' } },
    });
    const mns = Number(values.mns ?? 1000);
    const moves = Number(values.moves ?? 10);
    if (!Number.isSafeInteger(mns) || mns < 1 || mns > 60_000) throw new Error(`--mns must be a whole number from 1 to 60000, not ${values.mns}`);
    if (!Number.isSafeInteger(moves) || moves < 0) throw new Error(`--moves must be a whole number, not ${values.moves}`);

    const started = performance.now();
    const net = new Network(new Rng(1));
    // Entity tables are snapshotted on every state change for the learner; at this scale that
    // copying would dominate, so it is off unless --tables asks for it.
    net.recorder.states = values.tables === true;
    const lab = new Lab(net, {
      mns,
      addressing: 'per-mn-prefix',
      prefix: 'profile',
      lifetimeSeconds: 3600,
      magLmaDelayMs: [5, 5],
      lossPercent: 0,
      trafficIntervalMs: 1000,
    });
    const built = performance.now();
    // Attaches 2 ms apart, then each MN alternates MAGs every 2 s, staggered so signalling overlaps.
    for (let i = 0; i < mns; i++) lab.attach(`mn${i + 1}`, 1, i * 2000);
    const settle = mns * 2000 + 1_000_000;
    for (let k = 1; k <= moves; k++) {
      for (let i = 0; i < mns; i++) {
        const at = settle + (k - 1) * 2_000_000 + i * 1000;
        net.engine.schedule(at, `move mn${i + 1}`, () => lab.moveNow(`mn${i + 1}`, (k % 2) + 1, 10_000));
      }
    }
    net.engine.runUntil(settle + moves * 2_000_000 + 2_000_000);
    const done = performance.now();

    const packets = net.recorder.packetCount;
    const seconds = (done - built) / 1000;
    log(`  mobile nodes              ${mns}`);
    log(`  handovers                 ${mns * moves}`);
    log(`  build topology            ${(built - started).toFixed(0)} ms`);
    log(`  simulate                  ${(done - built).toFixed(0)} ms (${(net.now / 1e6).toFixed(1)} s of network time)`);
    log(`  engine events             ${net.engine.executed} (${Math.round(net.engine.executed / seconds)} /s)`);
    log(`  packets on the wire       ${packets} (${Math.round(packets / seconds)} /s)`);
    log(`  trace events              ${net.recorder.events.length} (entity tables ${net.recorder.states ? 'recorded' : 'not recorded'})`);
  },
};
