import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.ts';
import { commands, main } from '../../src/cli/main.ts';
import { catalog } from '../../src/scenarios/catalog.ts';

/** Runs the CLI in-process and collects what it writes. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('pmip-lab help', () => {
  it.each([[], ['help'], ['--help'], ['-h']])('prints the usage and every command for %j', async (...argv) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Usage: pmip-lab <command>');
    for (const command of commands) expect(stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary}$`, 'm'));
  });

  it('prints the usage of one command for help <command> and <command> --help', async () => {
    for (const argv of [['help', 'list'], ['list', '--help']]) {
      const { code, stdout } = await cli(...argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: pmip-lab list \[--json\]/);
    }
  });

  it('refuses help for a command that does not exist', async () => {
    const { code, stdout, stderr } = await cli('help', 'teleport');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("no command 'teleport'");
  });
});

describe('pmip-lab list', () => {
  it('lists every scenario with its family, status, title and sources', async () => {
    const { code, stdout, stderr } = await cli('list');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Proxy Mobile IPv6 (pmipv6)');
    expect(stdout).toMatch(/^ {2}pmipv6-attach +runnable +Initial attachment$/m);
    expect(stdout).toMatch(/^ {2}pmipv4-wimax +runnable +WiMAX split proxy agent$/m);
    // Every catalog entry has its scenario now: none is listed as coming.
    expect(stdout).not.toMatch(/^ {2}\S+ +coming +/m);
    expect(stdout).toContain('--set addressing=…  per-mn-prefix, shared-prefix, default per-mn-prefix');
    expect(stdout).toContain('draft-sgundave-mip6-proxymip6-01 §3, §6.10, §7.1');
    for (const entry of catalog) expect(stdout).toContain(entry.id);
  });

  it('prints the catalog as a JSON array with --json', async () => {
    const { code, stdout, stderr } = await cli('list', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed: unknown = JSON.parse(stdout);
    expect(Array.isArray(parsed)).toBe(true);
    expect((parsed as { id: string }[]).map((e) => e.id)).toEqual(catalog.map((e) => e.id));
    expect(parsed).toContainEqual(
      expect.objectContaining({ id: 'pmipv4-wimax', family: 'pmipv4', status: 'runnable', parameters: expect.arrayContaining([expect.objectContaining({ name: 'forwarding', type: 'boolean', default: true })]) }),
    );
    const attach = (parsed as { id: string; parameters: { name: string }[] }[]).find((e) => e.id === 'pmipv6-attach')!;
    expect(attach).toMatchObject({ status: 'runnable' });
    expect(attach.parameters).toContainEqual(
      expect.objectContaining({ name: 'addressing', type: 'enum', default: 'per-mn-prefix', values: ['per-mn-prefix', 'shared-prefix'] }),
    );
    expect(attach.parameters).toContainEqual(expect.objectContaining({ name: 'lifetime', type: 'number', min: 4 }));
  });

  it('rejects an unknown option with a usage error', async () => {
    const { code, stdout, stderr } = await cli('list', '--jsn');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("pmip-lab list: Unknown option '--jsn'. Run 'pmip-lab help list' for usage.\n");
  });
});

describe('an unknown command', () => {
  it('writes one line to stderr with a usage hint and exits with code 2', async () => {
    const { code, stdout, stderr } = await cli('teleport', '--now');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      "pmip-lab: unknown command 'teleport'. Run 'pmip-lab help' for the list of commands.",
    ]);
  });
});

describe('the command list', () => {
  it('has unique names that are not reserved for help', () => {
    const names = commands.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('help');
    for (const command of commands) expect(command.usage.startsWith(`pmip-lab ${command.name}`)).toBe(true);
  });
});
