import { describe, expect, it } from 'vitest';
import { decodeState } from '../../src/share/url';
import { cli } from '../support/cli';

describe('pmip-lab url', () => {
  it('prints a link the lab decodes back to the same scenario, parameters, faults and step', async () => {
    const { code, stdout } = await cli('url', 'pmipv6-handover', '--set', 'race=on', '--seed', '7', '--fault', 'drop:5', '--step', '4', '--packet', '4');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^http:\/\/127\.0\.0\.1:5173\/#\/lab\?v=1&/);
    const decoded = decodeState(stdout.trim().split('#/lab?')[1]!);
    expect(decoded).toEqual({
      ok: true,
      state: { scenario: 'pmipv6-handover', params: { race: true }, seed: 7, faults: [{ kind: 'drop', packet: 4 }], step: 3, packet: 3 },
    });
  });

  it('refuses what the lab would refuse, saying what is allowed', async () => {
    const bad = await cli('url', 'pmipv6-handover', '--set', 'race=maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/race cannot be 'maybe': it takes true or false/);
    expect((await cli('url', 'nowhere')).stderr).toMatch(/unknown scenario 'nowhere': the runnable scenarios are pmipv6-attach/);
    expect((await cli('url', 'pmipv6-attach', '--step', '0')).stderr).toMatch(/--step must be a whole number from 1/);
  });
});
