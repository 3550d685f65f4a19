#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources: tsx compiles them on the fly, so a checkout
// works without a build step.
import { register } from 'tsx/esm/api';

register();

// A reader that goes away (`pmip-lab list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
