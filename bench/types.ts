/**
 * A benchmark: measures and prints figures, never asserts. `bench/run.ts` runs each in turn, or
 * the one named on the command line (`npm run bench -- decode`).
 */
export interface Benchmark {
  /** The word that selects it: `npm run bench -- <name>`. */
  readonly name: string;
  /** One line: what it measures. */
  readonly summary: string;
  /** Runs with the arguments after its name and prints through `log`. */
  run(args: readonly string[], log: (line: string) => void): void | Promise<void>;
}
