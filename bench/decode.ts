import { parseArgs } from 'node:util';
import { dissect } from '../src/wire/dissect';
import { allExamples } from '../src/wire/examples';
import { readCapture, writePcapng, type CaptureFile } from '../src/wire/pcapng';
import { count, mbPerSecond, perSecond, table, time } from './measure';
import type { Benchmark } from './types';

/*
 * Decode throughput: a large capture cycling through the example catalog is built (encode), written
 * as pcapng, read back and dissected frame by frame. Read and dissect are timed separately, since
 * the inspector pays for both when it opens a file and only for dissect while stepping a run.
 */

const DEFAULT_FRAMES = 200_000;
/** Dissections per example for the per-example figures. */
const PER_EXAMPLE = 500;

export const decodeBench: Benchmark = {
  name: 'decode',
  summary: 'encode, write, read and dissect a large capture of the example frames',
  run(args, log) {
    const { values } = parseArgs({ args: [...args], options: { frames: { type: 'string' } } });
    const frames = values.frames === undefined ? DEFAULT_FRAMES : Number(values.frames);
    if (!Number.isSafeInteger(frames) || frames <= 0) throw new Error(`--frames must be a positive integer, not ${values.frames}`);

    const examples = allExamples();
    if (examples.length === 0) {
      log('no example frames in src/wire/examples yet: nothing to measure');
      return;
    }

    // One interface per link type, in order of first use.
    const linkTypes = [...new Set(examples.map((e) => e.linkType))];
    const interfaceOf = examples.map((e) => linkTypes.indexOf(e.linkType));

    // Warm up the JIT on every example before timing anything.
    for (let i = 0; i < 20; i++) for (const e of examples) dissect(e.build(), e.linkType);

    const encoded = time(() => {
      const packets: CaptureFile['packets'] = [];
      for (let i = 0; i < frames; i++) {
        const k = i % examples.length;
        packets.push({ interfaceId: interfaceOf[k]!, timestampUs: 1_704_067_200_000_000 + i * 1_000, data: examples[k]!.build() });
      }
      return packets;
    });
    const capture: CaptureFile = { format: 'pcapng', interfaces: linkTypes.map((linkType) => ({ linkType })), packets: encoded.result };
    const frameBytes = capture.packets.reduce((sum, p) => sum + p.data.length, 0);
    const written = time(() => writePcapng(capture));
    const file = written.result;
    const read = time(() => readCapture(file));
    const readBack = read.result.capture?.packets ?? [];
    const dissected = time(() => {
      let problems = 0;
      for (const p of readBack) problems += dissect(p.data, linkTypes[p.interfaceId] ?? -1).problems.length;
      return problems;
    });

    log(`${count(frames)} frames cycling through ${examples.length} examples: ${(frameBytes / 1e6).toFixed(1)} MB of frames, ` +
      `${(file.length / 1e6).toFixed(1)} MB of pcapng`);
    log('');
    for (const line of table([
      ['step', 'ms', 'frames/s', 'MB/s'],
      ['encode (build)', encoded.ms.toFixed(0), perSecond(frames, encoded.ms), mbPerSecond(frameBytes, encoded.ms)],
      ['write pcapng', written.ms.toFixed(0), perSecond(frames, written.ms), mbPerSecond(file.length, written.ms)],
      ['read capture', read.ms.toFixed(0), perSecond(readBack.length, read.ms), mbPerSecond(file.length, read.ms)],
      ['dissect', dissected.ms.toFixed(0), perSecond(readBack.length, dissected.ms), mbPerSecond(frameBytes, dissected.ms)],
    ])) log(`  ${line}`);
    log('');
    log(`read ${count(readBack.length)} frames with ${read.result.problems.length} file problems; dissect found ${count(dissected.result)} problems`);

    const slowest = examples
      .map((e) => {
        const bytes = e.build();
        const t = time(() => {
          for (let i = 0; i < PER_EXAMPLE; i++) dissect(bytes, e.linkType);
        });
        return { name: e.name, bytes: bytes.length, us: (t.ms * 1000) / PER_EXAMPLE };
      })
      .sort((a, b) => b.us - a.us)
      .slice(0, 5);
    log('');
    log('slowest examples to dissect:');
    for (const line of table([['example', 'bytes', 'µs/frame'], ...slowest.map((s) => [s.name, String(s.bytes), s.us.toFixed(2)])])) {
      log(`  ${line}`);
    }
  },
};
