import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run';
import { accountData } from '../../src/sim/data-accounting';
import { cli } from '../support/cli';

describe('pmip-lab run: the data-plane line', () => {
  it('follows the sequence with what became of the data, the numbers the accounting gives', async () => {
    const r = await cli('run', 'pmipv6-handover');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const { totals } = accountData(runScenario('pmipv6-handover'));
    expect(lines[lines.length - 1]).toBe(
      `data plane: ${totals.sent} sent · ${totals.delivered} delivered · ${totals.lost} lost at lma: lma has no route to 2001:db8:100::ff:fe00:11`,
    );
    expect(lines[lines.length - 2]).toMatch(/^\s*\d+ +[\d.]+ ms /);
  });

  it('names the cut link when a fault cuts the MN off', async () => {
    const r = await cli('run', 'pmipv6-handover', '--fault', 'cut:mn1-mag1:200');
    expect(r.stdout).toMatch(/^data plane: \d+ sent · \d+ delivered · \d+ lost: \d+ on mn1-mag1: link mn1-mag1 is cut; 2 at lma: /m);
  });

  it('prints no data-plane line for a run that carried no data', async () => {
    const r = await cli('run', 'pmipv6-reject');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/data plane/);
  });
});
