import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { Lab } from '../src/scenarios/pmipv6/topology';
import { Network } from '../src/sim/network';
import { Rng } from '../src/sim/rng';
import type { Trace } from '../src/sim/trace';
import { count, table } from './measure';
import type { Benchmark } from './types';

const CHROMIUM = '/usr/bin/chromium';

/*
 * The lab in a browser with a long run: build the production bundle, open a trace of at least
 * 2,000 messages (PMIPv6 handovers of several MNs with the CN's traffic, entity tables on, as the
 * lab records them) in headless Chromium, and time how long the diagram takes to appear and how
 * long each step takes to reach the screen (key press to the second animation frame after it).
 */
export const renderBench: Benchmark = {
  name: 'render',
  summary: 'open a 2,000-message trace in Chromium and step through it (--messages N)',
  async run(args, log) {
    const { values } = parseArgs({ args: [...args], options: { messages: { type: 'string' } } });
    const wanted = Number(values.messages ?? 2000);
    if (!Number.isSafeInteger(wanted) || wanted < 10 || wanted > 100_000) {
      throw new Error(`--messages must be a whole number from 10 to 100000, not ${values.messages}`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);

    const trace = longTrace(wanted);
    const messages = trace.events.filter((e) => e.kind === 'packet').length;
    const json = Buffer.from(JSON.stringify(trace));
    log(`  trace                     ${count(messages)} messages, ${count(trace.events.length)} events, ${(json.length / 1e6).toFixed(1)} MB of JSON`);

    const outDir = mkdtempSync(join(tmpdir(), 'pmip-lab-render-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, strictPort: false } });
      try {
        const base = server.resolvedUrls?.local[0];
        if (!base) throw new Error('the preview server did not say where it listens');
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(`${base}#/lab`);
        await page.getByRole('heading', { name: 'Open a packet capture' }).waitFor();

        const opened = performance.now();
        await page.locator('input[type="file"]').setInputFiles({ name: 'long-run.json', mimeType: 'application/json', buffer: json });
        await page.locator('svg [role="button"][data-index]').first().waitFor();
        log(`  open and first draw       ${(performance.now() - opened).toFixed(0)} ms`);

        // Each step in the page itself: the key press, then two animation frames (the frame
        // that renders the step and the one after it), so the figure includes layout and paint.
        const steps = await page.evaluate(async (n) => {
          (document.activeElement as HTMLElement | null)?.blur();
          const times: number[] = [];
          for (let i = 0; i < n; i++) {
            const t0 = performance.now();
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
            // Inline rather than a named helper: tsx would wrap a named function in a helper the page lacks.
            await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
            await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
            times.push(performance.now() - t0);
          }
          const current = document.querySelector('svg [aria-current="step"]')?.getAttribute('data-index');
          return { times, current };
        }, messages - 1);

        const sorted = [...steps.times].sort((a, b) => a - b);
        const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
        const total = steps.times.reduce((a, b) => a + b, 0);
        for (const line of table([
          ['  steps', 'total ms', 'mean ms', 'median ms', 'p95 ms', 'max ms'],
          [`  ${count(steps.times.length)}`, total.toFixed(0), (total / steps.times.length).toFixed(1), at(0.5), at(0.95), at(1)],
        ])) log(line);
        log('  (a step waits for two animation frames, so about 33 ms at 60 Hz is the floor)');
        log(`  last step shown           message ${Number(steps.current ?? -1) + 1} of ${count(messages)}`);

        const back = performance.now();
        await page.keyboard.press('Home');
        await page.locator('svg [aria-current="step"][data-index="0"]').waitFor();
        log(`  jump back to the start    ${(performance.now() - back).toFixed(0)} ms`);
      } finally {
        await server.close();
      }
    } finally {
      await browser.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};

/** A PMIPv6 run with at least `messages` packets: MNs attach, then hand over between two MAGs. */
function longTrace(messages: number): Trace {
  const net = new Network(new Rng(1));
  const mns = 8;
  const lab = new Lab(net, {
    mns,
    addressing: 'per-mn-prefix',
    prefix: 'profile',
    lifetimeSeconds: 3600,
    magLmaDelayMs: [5, 5],
    lossPercent: 0,
    trafficIntervalMs: 500,
  });
  for (let i = 0; i < mns; i++) {
    lab.attach(`mn${i + 1}`, 1, i * 20_000);
    lab.startTraffic(`mn${i + 1}`, 1_000_000);
  }
  // Moves every 2 s, staggered, until the run has enough messages.
  let at = 2_000_000;
  for (let k = 1; net.recorder.packetCount < messages; k++) {
    for (let i = 0; i < mns; i++) {
      const mn = `mn${i + 1}`;
      net.engine.schedule(at + i * 50_000, `move ${mn}`, () => lab.moveNow(mn, (k % 2) + 1, 10_000));
    }
    at += 2_000_000;
    net.engine.runUntil(at);
    if (k > 10_000) throw new Error('the run stopped producing messages');
  }
  return net.recorder.finish({
    scenario: 'bench-render',
    params: { mns, messages },
    seed: 1,
    faults: [],
    entities: lab.entities,
    links: net.linkHistory
      .filter((l, i, all) => all.findIndex((o) => o.id === l.id) === i)
      .map((l) => ({ id: l.id, a: l.a.node.id, b: l.b.node.id, linkType: l.linkType, delayUs: l.delayUs })),
    duration: at,
  });
}
