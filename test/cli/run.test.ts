import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../src/wire/pcapng';
import { cli } from '../support/cli';
import { assertNoMalformed, tsharkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pmip-lab run pmipv6-*', () => {
  it('prints the attach sequence with steps and sections', async () => {
    const r = await cli('run', 'pmipv6-attach');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pmipv6-attach \(seed 1\)/);
    expect(r.stdout).toMatch(/mag1 → aaa\s+Access-Request.*\[2\. .*draft-sgundave-mip6-proxymip6-01 §3/);
    expect(r.stdout).toMatch(/mag1 → lma\s+Proxy Binding Update.*\[4\. .*RFC 5213 §6\.9\.1\.1/);
    expect(r.stdout).toMatch(/mag1 → mn1\s+Router Advertisement.*\[6\. /);
    expect(r.stdout).toMatch(/lma → mag1\s+Echo \(ping\) request.*\[7\. /);
  });

  it('refuses a bad --set with what is allowed', async () => {
    const bad = await cli('run', 'pmipv6-attach', '--set', 'addressing=nat');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/addressing cannot be 'nat': allowed values are per-mn-prefix, shared-prefix/);
    const unknown = await cli('run', 'pmipv6-attach', '--set', 'speed=3');
    expect(unknown.stderr).toMatch(/unknown parameter 'speed': the parameters are addressing, prefix, lifetime, delay, loss/);
    const malformed = await cli('run', 'pmipv6-attach', '--set', 'delay');
    expect(malformed.stderr).toMatch(/--set takes name=value/);
  });

  it('writes a pcapng that readCapture reads back, one commented packet per trace packet', async () => {
    const file = join(dir, 'attach.pcapng');
    const r = await cli('run', 'pmipv6-attach', '--pcap', file);
    expect(r.code).toBe(0);
    const n = Number(/wrote (\d+) packets/.exec(r.stdout)![1]);
    const read = readCapture(readFileSync(file));
    expect(read.problems ?? []).toEqual([]);
    expect(read.capture!.packets).toHaveLength(n);
    expect(read.capture!.packets[0]!.comment).toMatch(/MAG1 asks the AAA/);
  });
});

describeWithTool(tshark, 'the pmipv6 captures open in tshark', () => {
  it.each([
    ['pmipv6-attach', []],
    ['pmipv6-handover', []],
    ['pmipv6-handover', ['--set', 'race=on']],
  ] as [string, string[]][])('%s %o: no malformed packet, no checksum error', async (id, extra) => {
    const file = join(dir, `${id}-${extra.length}.pcapng`);
    expect((await cli('run', id, ...extra, '--pcap', file)).code).toBe(0);
    const pdml = await tsharkPdml(file);
    expect(pdml.length).toBeGreaterThan(10);
    assertNoMalformed(pdml);
  }, 60_000);
});
