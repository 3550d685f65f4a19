import { faultToText, FAULT_FORMS, type Fault } from '../../sim/faults.ts';
import { captureNotes, traceToCapture } from '../../sim/capture.ts';
import { accountData } from '../../sim/data-accounting.ts';
import { summaryText } from '../../sim/data-summary.ts';
import type { PacketEvent, Trace } from '../../sim/trace.ts';
import { ParamError } from '../../scenarios/params.ts';
import { runScenario } from '../../scenarios/run.ts';
import { writePcapng } from '../../wire/pcapng.ts';
import { parseCommandArgs } from '../args.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { writeOutput } from '../files.ts';
import { parseFaults, parseSets } from '../scenario-args.ts';
import { packageVersion } from '../version.ts';

export const run: Command = {
  name: 'run',
  summary: 'Run a scenario headless: print its sequence, write pcapng and the trace',
  usage: [
    'pmip-lab run <scenario> [--set name=value]... [--seed n] [--fault f]... [--pcap file] [--json file]',
    '',
    'Options:',
    '  --set name=value  a scenario parameter (see pmip-lab list --json for each one)',
    '  --seed n          the random seed (default 1): the same seed gives the same bytes',
    '  --fault f         inject a fault, one of:',
    ...FAULT_FORMS.map((f) => `                      ${f}`),
    '  --pcap file       write the run as pcapng, each packet commented with its step',
    '  --json file       write the trace as JSON',
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        fault: { type: 'string', multiple: true },
        pcap: { type: 'string' },
        json: { type: 'string' },
      },
      true,
    );
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError('name the scenario to run');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const params = parseSets(values.set);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    const faults = parseFaults(values.fault);
    let trace: Trace;
    try {
      trace = runScenario(id, params, faults, seed);
    } catch (e) {
      if (e instanceof ParamError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(formatSequence(trace));
    io.stdout(formatAccounting(trace));
    if (values.pcap) {
      writeOutput(values.pcap, writePcapng(traceToCapture(trace, `PMIP Lab ${packageVersion()}`)));
      io.stdout(`wrote ${packetsOf(trace).length} packets to ${values.pcap}\n`);
      for (const text of captureNotes(trace)) io.stdout(`  ${text}\n`);
    }
    if (values.json) {
      writeOutput(values.json, new TextEncoder().encode(`${JSON.stringify(trace, null, 1)}\n`));
      io.stdout(`wrote the trace to ${values.json}\n`);
    }
    return exitCode.ok;
  },
};

const packetsOf = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');

/** What became of the data the CN and the MNs sent, in one line; nothing when the run carried none. */
export function formatAccounting(t: Trace): string {
  const acc = accountData(t);
  return acc.totals.sent === 0 ? '' : `data plane: ${summaryText(acc)}\n`;
}

/** One line a packet: time, sender → receiver, what it is, and the step it belongs to. */
export function formatSequence(t: Trace): string {
  const lines = [`${t.scenario} (seed ${t.seed})${t.faults.length ? ` with ${(t.faults as Fault[]).map(faultToText).join(', ')}` : ''}`];
  const packets = packetsOf(t);
  const w = Math.max(8, ...packets.map((p) => `${p.from} → ${p.to}`.length));
  for (const p of packets) {
    const time = (p.time / 1000).toFixed(3).padStart(10);
    const fate = p.fate === 'delivered' ? ' ' : '✗';
    const route = `${p.from} → ${p.to}`.padEnd(w);
    let line = `${String(p.packet + 1).padStart(4)} ${time} ms ${fate} ${route}  ${p.summary}`;
    if (p.step) line += `  [${p.step}${p.section ? `; ${p.section}` : ''}]`;
    if (p.fate !== 'delivered') line += `  (${p.fate}: ${p.reason ?? ''})`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
