import { FAULT_FORMS } from '../../sim/faults.ts';
import { ParamError, resolveParams } from '../../scenarios/params.ts';
import { runnableIds, runnableScenario } from '../../scenarios/registry.ts';
import { encodeState, MAX_SEED } from '../../share/url.ts';
import { parseCommandArgs } from '../args.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { parseFaults, parseSets } from '../scenario-args.ts';

/** Where the lab is served by `npm start`; a course page can put the same fragment after its own host. */
const DEFAULT_BASE = 'http://127.0.0.1:5173/';

export const url: Command = {
  name: 'url',
  summary: 'Print the share link that opens a scenario in the lab, as the browser would',
  usage: [
    'pmip-lab url <scenario> [--set name=value]... [--seed n] [--fault f]... [--step n] [--packet n] [--base url]',
    '',
    'Options:',
    '  --set name=value  a scenario parameter (see pmip-lab list)',
    '  --seed n          the random seed (default 1)',
    '  --fault f         a fault, as for pmip-lab run:',
    ...FAULT_FORMS.map((f) => `                      ${f}`),
    '  --step n          open at message n (numbered from 1)',
    '  --packet n        select message n in the inspector',
    `  --base url        where the lab is served (default ${DEFAULT_BASE})`,
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        fault: { type: 'string', multiple: true },
        step: { type: 'string' },
        packet: { type: 'string' },
        base: { type: 'string' },
      },
      true,
    );
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError('name the scenario');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const scenario = runnableScenario(id);
    if (!scenario) throw new UsageError(`unknown scenario '${id}': the runnable scenarios are ${runnableIds().join(', ')}`);
    const faults = parseFaults(values.fault);
    let params;
    try {
      params = resolveParams(scenario.params, parseSets(values.set));
    } catch (e) {
      if (e instanceof ParamError) throw new UsageError(e.message);
      throw e;
    }
    const number = (text: string | undefined, what: string, min: number, max: number): number | undefined => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not '${text}'`);
      return n;
    };
    const seed = number(values.seed, '--seed', 0, MAX_SEED) ?? 1;
    const step = number(values.step, '--step', 1, 1_000_000);
    const packet = number(values.packet, '--packet', 1, 1_000_000);
    const query = encodeState({
      scenario: id,
      params,
      seed,
      faults,
      step: step === undefined ? 0 : step - 1,
      ...(packet === undefined ? {} : { packet: packet - 1 }),
    });
    io.stdout(`${values.base ?? DEFAULT_BASE}#/lab?${query}\n`);
    return exitCode.ok;
  },
};
