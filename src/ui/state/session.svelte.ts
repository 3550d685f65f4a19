import { runScenario } from '../../scenarios/run';
import { runnableScenario } from '../../scenarios/registry';
import type { ParamSpec, ParamValue } from '../../scenarios/params';
import type { Fault } from '../../sim/faults';
import { decodeState, DEFAULT_SEED, encodeState, type ShareState } from '../../share/url';
import type { Notice } from '../lab/open';
import type { Lab } from './lab.svelte';

/**
 * The scenario run behind the lab's Trace: which scenario, with which parameters, seed and faults.
 * Changing any of them runs the scenario again in the browser (runScenario is isomorphic) and
 * replaces the Trace whole. `query` is the view as a share URL, kept in the address bar by the lab
 * page; `openQuery` restores a view from one, or says what is wrong with it.
 */
export class Session {
  #scenario = $state<string | undefined>(undefined);
  #params = $state.raw<Readonly<Record<string, ParamValue>>>({});
  #seed = $state(DEFAULT_SEED);
  #faults = $state.raw<readonly Fault[]>([]);
  #notice = $state.raw<Notice | undefined>(undefined);
  readonly #lab: Lab;

  constructor(lab: Lab) {
    this.#lab = lab;
  }

  get scenario(): string | undefined {
    return this.#scenario;
  }

  get specs(): readonly ParamSpec[] {
    return (this.#scenario && runnableScenario(this.#scenario)?.params) || [];
  }

  /** The value of a parameter: the one given, else its default. */
  value(spec: ParamSpec): ParamValue {
    return this.#params[spec.name] ?? spec.default;
  }

  get seed(): number {
    return this.#seed;
  }

  get faults(): readonly Fault[] {
    return this.#faults;
  }

  /** A message for the user: a bad link, a run that could not be made. */
  get notice(): Notice | undefined {
    return this.#notice;
  }

  set notice(n: Notice | undefined) {
    this.#notice = n;
  }

  /** The view as plain data, or undefined when the lab shows a file rather than a run. */
  get view(): ShareState | undefined {
    if (this.#scenario === undefined) return undefined;
    const view: ShareState = { scenario: this.#scenario, params: this.#params, seed: this.#seed, faults: this.#faults, step: this.#lab.current };
    if (this.#lab.selected !== undefined) view.packet = this.#lab.selected;
    return view;
  }

  /** The view as the query of a share URL ('' when the lab shows a file). */
  get query(): string {
    const view = this.view;
    return view ? encodeState(view) : '';
  }

  /** Opens the view a link describes; a bad link leaves the lab as it was and says why. */
  openQuery(query: string): void {
    if (query === '' || query === this.query) return;
    const r = decodeState(query);
    if (!r.ok) {
      this.#notice = { tone: 'error', title: 'This link cannot be opened.', lines: [r.message] };
      return;
    }
    this.open(r.state);
  }

  open(state: ShareState): boolean {
    const ok = this.#run(state.scenario, state.params, state.seed, state.faults, state.step);
    if (ok && state.packet !== undefined) this.#lab.select(state.packet);
    return ok;
  }

  /** Chooses a scenario, with its defaults. */
  choose(id: string): void {
    this.#run(id, {}, DEFAULT_SEED, [], 0);
  }

  setParam(spec: ParamSpec, value: ParamValue): void {
    if (!this.#scenario) return;
    const params: Record<string, ParamValue> = { ...this.#params };
    if (value === spec.default) delete params[spec.name];
    else params[spec.name] = value;
    this.#run(this.#scenario, params, this.#seed, this.#faults, this.#lab.current);
  }

  setSeed(seed: number): void {
    if (this.#scenario) this.#run(this.#scenario, this.#params, seed, this.#faults, this.#lab.current);
  }

  addFault(fault: Fault): void {
    if (this.#scenario) this.#run(this.#scenario, this.#params, this.#seed, [...this.#faults, fault], this.#lab.current);
  }

  removeFault(index: number): void {
    if (this.#scenario) this.#run(this.#scenario, this.#params, this.#seed, this.#faults.filter((_, i) => i !== index), this.#lab.current);
  }

  /** The lab now shows a file, not a run. */
  detach(): void {
    this.#scenario = undefined;
    this.#params = {};
    this.#seed = DEFAULT_SEED;
    this.#faults = [];
  }

  #run(id: string, params: Readonly<Record<string, ParamValue>>, seed: number, faults: readonly Fault[], step: number): boolean {
    const scenario = runnableScenario(id);
    try {
      const trace = runScenario(id, params, faults, seed);
      this.#scenario = id;
      this.#params = params;
      this.#seed = seed;
      this.#faults = faults;
      this.#lab.load(trace, scenario?.title ?? id);
      this.#lab.select(step);
      this.#notice = undefined;
      return true;
    } catch (err) {
      this.#notice = {
        tone: 'error',
        title: `${scenario?.title ?? id} could not be run.`,
        lines: [err instanceof Error ? err.message : String(err)],
      };
      return false;
    }
  }
}
