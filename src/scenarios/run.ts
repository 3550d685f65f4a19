import { fromHex } from '../wire/core';
import { dissect } from '../wire/dissect';
import type { Fault } from '../sim/faults';
import { Network } from '../sim/network';
import { Rng } from '../sim/rng';
import type { Trace } from '../sim/trace';
import type { StepRule, World } from './definition';
import { ParamError, resolveParams, type ParamValue } from './params';
import { runnableScenario, runnableIds } from './registry';

/**
 * A run is a pure function (DESIGN.md): the same scenario, parameters, faults and seed give the
 * same Trace, byte for byte, in Node and in any browser.
 */
export function runScenario(
  id: string,
  given: Readonly<Record<string, ParamValue | string>> = {},
  faults: readonly Fault[] = [],
  seed = 1,
): Trace {
  const scenario = runnableScenario(id);
  if (!scenario) throw new ParamError(`unknown scenario '${id}': the runnable scenarios are ${runnableIds().join(', ')}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ParamError(`the seed must be a whole number from 0 to 4294967295, not ${seed}`);
  const params = resolveParams(scenario.params, given);
  const net = new Network(new Rng(seed), faults);
  const world = scenario.build(net, params);
  scheduleFaults(net, world, faults);
  net.engine.runUntil(world.durationUs);
  annotate(net, world.steps);
  return net.recorder.finish({
    scenario: id,
    params,
    seed,
    faults,
    entities: world.entities,
    // A link plugged in again (the MN back at MAG1) keeps its id, so list each id once.
    links: net.linkHistory
      .filter((l, i, all) => all.findIndex((o) => o.id === l.id) === i)
      .map((l) => ({ id: l.id, a: l.a.node.id, b: l.b.node.id, linkType: l.linkType, delayUs: l.delayUs })),
    duration: world.durationUs,
  });
}

/** Cuts and moves happen at their time; drops, delays and duplicates when their packet is sent. */
function scheduleFaults(net: Network, world: World, faults: readonly Fault[]): void {
  const note = (text: string): void => net.recorder.note({ time: net.now, text, section: 'injected fault' });
  for (const f of faults) {
    if (f.kind === 'cut') {
      net.engine.schedule(f.atUs, `cut ${f.link}`, () => {
        if (!net.cut(f.link)) return note(`No link ${f.link} to cut at this moment.`);
        note(`Link ${f.link} is cut.`);
      });
      if (f.untilUs !== undefined && f.untilUs > f.atUs) {
        net.engine.schedule(f.untilUs, `restore ${f.link}`, () => {
          if (net.restore(f.link)) note(`Link ${f.link} works again.`);
        });
      }
    } else if (f.kind === 'move') {
      net.engine.schedule(f.atUs, `move ${f.node}`, () => {
        const why = world.move ? world.move(f.node, f.to) : 'this scenario has no mobile node to move';
        note(why ? `Cannot move ${f.node} to ${f.to}: ${why}.` : `${f.node} moves to ${f.to}.`);
      });
    }
  }
}

/** Give each packet the step and section that explain it. */
function annotate(net: Network, rules: readonly StepRule[]): void {
  const used = new Set<StepRule>();
  for (const ev of net.recorder.events) {
    if (ev.kind !== 'packet') continue;
    const frame = dissect(fromHex(ev.bytes), ev.linkType).value;
    for (const r of rules) {
      if (used.has(r) && !r.all) continue;
      if (!r.match(ev, frame)) continue;
      used.add(r);
      ev.step = r.step === '' ? r.text : `${r.step}. ${r.text}`;
      ev.section = r.section;
      break;
    }
  }
}
