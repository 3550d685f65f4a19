/**
 * Finding the oracles (tshark, python3 with scapy) and deciding what a test does without them:
 * on a developer's machine it is skipped with the reason printed once; in CI (CI=true) it fails, because
 * CI installs both (Debian's `tshark` and `python3-scapy`) and a silent skip would hide a broken install.
 *
 *   describeWithTool([tshark, scapy], 'PBU agrees with tshark', () => { test(...) });
 *   test('...', (ctx) => { const bin = useTool(ctx, tshark); ... });
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, test } from 'vitest';

/** The first executable called `name` on PATH. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

let tsharkPath: string | null | undefined;
/** `tshark` on PATH, else /usr/bin/tshark; `ORACLE_TSHARK` overrides both. */
export function findTshark(): string | undefined {
  if (tsharkPath === undefined) {
    const forced = process.env.ORACLE_TSHARK;
    tsharkPath = (forced ? (isExecutable(forced) ? forced : undefined) : (which('tshark') ?? (isExecutable('/usr/bin/tshark') ? '/usr/bin/tshark' : undefined))) ?? null;
  }
  return tsharkPath ?? undefined;
}

function canImportScapy(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import scapy'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const PYTHONS = ['python3', 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3.9', 'python'];

let scapyPython: string | null | undefined;
/**
 * A python interpreter that can `import scapy`: `ORACLE_PYTHON` if set, else /usr/bin/python3 (Debian's
 * python3-scapy lives there; a pyenv or asdf shim earlier on PATH usually lacks it), else the first of
 * python3, python3.13 … python3.9, python on PATH that has it.
 */
export function findScapyPython(): string | undefined {
  if (scapyPython === undefined) {
    const forced = process.env.ORACLE_PYTHON;
    const candidates = forced ? [forced] : ['/usr/bin/python3', ...PYTHONS.map(which)];
    scapyPython = candidates.find((p): p is string => !!p && isExecutable(p) && canImportScapy(p)) ?? null;
  }
  return scapyPython ?? undefined;
}

export type ToolName = 'tshark' | 'scapy';

export interface OracleTool {
  name: ToolName;
  /** Executable to run (for scapy: the python interpreter), or undefined when missing. */
  path: string | undefined;
  /** Why a test needing this tool cannot run, with the fix. */
  reason: string;
}

const REASONS: Record<ToolName, string> = {
  tshark: 'tshark not found: apt-get install tshark',
  scapy: 'python3 with scapy not found: apt-get install python3-scapy',
};

const tools = new Map<ToolName, OracleTool>();
/** Look a tool up once per test file. */
export function oracle(name: ToolName): OracleTool {
  let tool = tools.get(name);
  if (!tool) {
    tool = { name, path: name === 'tshark' ? findTshark() : findScapyPython(), reason: REASONS[name] };
    tools.set(name, tool);
  }
  return tool;
}

export const tshark: OracleTool = oracle('tshark');
export const scapy: OracleTool = oracle('scapy');

export const inCI = (): boolean => process.env.CI === 'true';

const warned = new Set<string>();
function warnOnce(reason: string): void {
  if (warned.has(reason)) return;
  warned.add(reason);
  console.warn(`[oracle] skipping tests: ${reason}`);
}

export type ToolDecision = { run: true; path: string } | { run: false; skip: true; reason: string };

/**
 * Run or skip? A found tool runs; a missing one is a skip with its reason (printed once), except in CI,
 * where it throws the reason so the test fails.
 */
export function requireTool(name: ToolName, found: string | undefined): ToolDecision {
  if (found) return { run: true, path: found };
  const reason = REASONS[name];
  if (inCI()) throw new Error(`${reason} (CI=true: the oracle must be installed)`);
  warnOnce(reason);
  return { run: false, skip: true, reason };
}

/** Inside a test: the tool's path, or skip this test (fail it in CI) when the tool is missing. */
export function useTool(ctx: { skip: (note?: string) => never }, tool: OracleTool): string {
  const d = requireTool(tool.name, tool.path);
  return d.run ? d.path : ctx.skip(d.reason);
}

/**
 * `describe` that needs these tools. All present: runs `fn`. One missing: the suite is skipped (reason
 * printed once), or in CI replaced by one failing test that states the reason.
 */
export function describeWithTool(needs: OracleTool | readonly OracleTool[], name: string, fn: () => void): void {
  const missing = (Array.isArray(needs) ? needs : [needs]).filter((t: OracleTool) => !t.path);
  if (missing.length === 0) {
    describe(name, fn);
  } else if (inCI()) {
    describe(name, () => {
      for (const t of missing) {
        test(`needs ${t.name}`, () => {
          throw new Error(`${t.reason} (CI=true: the oracle must be installed)`);
        });
      }
    });
  } else {
    for (const t of missing) warnOnce(t.reason);
    describe.skip(`${name} [${missing.map((t) => t.reason).join('; ')}]`, fn);
  }
}
