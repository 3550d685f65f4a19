/*
 * `npm run bench` runs every benchmark in turn; `npm run bench -- <name> [options]` runs one.
 * Benchmarks print figures and never assert. To add one, write bench/<name>.ts exporting a
 * Benchmark (bench/types.ts) and add it to `benchmarks`.
 */
import { bundleBench } from './bundle';
import { decodeBench } from './decode';
import { handoversBench } from './handovers';
import { renderBench } from './render';
import type { Benchmark } from './types';

const benchmarks: readonly Benchmark[] = [decodeBench, bundleBench, renderBench, handoversBench];

const log = (line: string): void => console.log(line);

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    log('Usage: npm run bench [-- <name> [options]]');
    log('');
    for (const b of benchmarks) log(`  ${b.name.padEnd(12)}${b.summary}`);
    return 0;
  }
  const chosen = name === undefined ? benchmarks : benchmarks.filter((b) => b.name === name);
  if (chosen.length === 0) {
    console.error(`bench: no benchmark '${name}'; there are: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  for (const b of chosen) {
    log(`== ${b.name}: ${b.summary}`);
    try {
      await b.run(name === undefined ? [] : rest, log);
    } catch (error) {
      console.error(`bench ${b.name}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    log('');
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
