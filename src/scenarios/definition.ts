import type { LayerValue } from '../wire/core';
import type { Network } from '../sim/network';
import type { PacketEvent, Trace } from '../sim/trace';
import type { ScenarioEntry } from './catalog';
import type { ParamSpec, Params } from './params';

/** What a scenario builds into a network and how it explains the run. */
export interface ScenarioDefinition {
  id: string;
  params: readonly ParamSpec[];
  /** Create nodes, links and agents, and schedule the script (attach, move, detach, traffic). */
  build(net: Network, params: Params): World;
}

/** The run as the scenario describes it to the trace. */
export interface World {
  entities: Trace['entities'];
  /** How long to simulate, µs. */
  durationUs: number;
  /** Step and section for each packet, in order; a rule matches the packets it explains. */
  steps: readonly StepRule[];
  /** Move a mobile node to another MAG now (a learner's `move` fault); says why when it cannot. */
  move?(node: string, to: string): string | undefined;
}

export interface StepRule {
  /** As SCENARIOS.md numbers it ("4"), or a short name ("renewal"). */
  step: string;
  text: string;
  section: string;
  /** `frame` is the packet decoded again from its bytes. */
  match(p: PacketEvent, frame: LayerValue | undefined): boolean;
  /** Explain every matching packet, not just the first. */
  all?: boolean;
}

export type Scenario = ScenarioEntry & ScenarioDefinition;
