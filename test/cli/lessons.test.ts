import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';

const FIXTURES = fileURLToPath(new URL('../lessons/fixtures/', import.meta.url));

describe('pmip-lab lessons', () => {
  it('lists each lesson with its level, title and scenarios, and the broken ones with their errors', async () => {
    const { code, stdout, stderr } = await cli('lessons', '--dir', FIXTURES);
    expect(stdout).toMatch(/^attach-basics +introductory +PMIPv6 attach: how the network gives a mobile node its home prefix\n +pmipv6-attach, pmipv6-handover\n/);
    expect(stdout).toMatch(/^broken +broken +7 errors \(pmip-lab lesson broken\)$/m);
    expect(stderr).toMatch(/^lessons\/broken\.md:3: level must be one of introductory, intermediate, advanced, not 'expert'$/m);
    expect(code).toBe(2);
  });

  it('prints the list as JSON', async () => {
    const { stdout } = await cli('lessons', '--json', '--dir', FIXTURES);
    const listed = JSON.parse(stdout) as { id: string; scenarios?: string[] }[];
    expect(listed.find((l) => l.id === 'attach-basics')).toEqual({
      id: 'attach-basics',
      level: 'introductory',
      title: 'PMIPv6 attach: how the network gives a mobile node its home prefix',
      summary: 'The MAG registers the mobile node with the LMA before it advertises the home prefix.',
      scenarios: ['pmipv6-attach', 'pmipv6-handover'],
    });
  });
});

describe('pmip-lab lesson', () => {
  it('prints the lesson with each step’s message from the real run, answers hidden', async () => {
    const { code, stdout } = await cli('lesson', 'attach-basics', '--dir', FIXTURES);
    expect(code).toBe(0);
    expect(stdout).toContain('Step 1 of 3: The MAG asks the LMA for a binding\nSection: draft-sgundave-mip6-proxymip6-01 §6.10\n  4. MAG1 (PMA) → LMA (HA)  Proxy Binding Update seq 1, lifetime 15 (60 s)\n');
    expect(stdout).toContain('The MAG sends a Proxy Binding Update on behalf of the mobile node.');
    expect(stdout).toContain('See RFC 5213 (https://www.rfc-editor.org/rfc/rfc5213).');
    expect(stdout).toContain('Question: Who sends the Proxy Binding Update?\n  [ ] The mobile node\n  [ ] MAG1\n');
    expect(stdout).not.toContain('Why:');
    expect(stdout).toContain('Now: scenario pmipv6-handover --set race=true');
    expect(stdout).toContain('Exercise\nTry: pmip-lab run pmipv6-attach --fault drop:4\n\nDrop the first PBU. What will MAG1 do?\n');
  });

  it('marks the answers with --answers', async () => {
    const { stdout } = await cli('lesson', 'attach-basics', '--answers', '--dir', FIXTURES);
    expect(stdout).toContain('  [ ] The mobile node\n  [x] MAG1\n  Why: The mobile node takes no part in the signalling.\n');
  });

  it('exits 2 with file:line: message for a lesson that does not parse or disagrees with the lab', async () => {
    const broken = await cli('lesson', 'broken', '--dir', FIXTURES);
    expect(broken.code).toBe(2);
    expect(broken.stderr.split('\n')[0]).toBe("lessons/broken.md:3: level must be one of introductory, intermediate, advanced, not 'expert'");
    const drift = await cli('lesson', 'drift', '--dir', FIXTURES);
    expect(drift.code).toBe(2);
    expect(drift.stderr.split('\n')[0]).toBe('lessons/drift.md:11: expected from=lma, but message 4 has mag1 (MAG1 (PMA))');
    expect(drift.stdout).toBe('');
  });

  it('refuses an unknown lesson, listing the lessons', async () => {
    const { code, stderr } = await cli('lesson', 'nowhere', '--dir', FIXTURES);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no lesson 'nowhere': the lessons are attach-basics, drift, broken/);
  });
});
