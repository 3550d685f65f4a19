import { describe, expect, it } from 'vitest';
import { catalog, documents, families, findScenario, scenariosOf } from '../../src/scenarios/catalog.ts';

describe('the scenario catalog', () => {
  it('has unique ids', () => {
    const ids = catalog.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses lowercase, dash-separated ids that start with the family prefix', () => {
    for (const entry of catalog) {
      expect(entry.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      expect(entry.id.startsWith(`${entry.family.split('-')[0]}-`)).toBe(true);
    }
  });

  it('cites at least one section of a known source document for every scenario', () => {
    for (const entry of catalog) {
      expect(entry.sources.length, entry.id).toBeGreaterThan(0);
      for (const source of entry.sources) {
        expect(Object.keys(documents), entry.id).toContain(source.document);
        expect(source.sections.length, entry.id).toBeGreaterThan(0);
        for (const section of source.sections) expect(section, entry.id).toMatch(/^(§\d+(\.\d+)*|Figs?\. \d+(–\d+)?|App\. [A-Z])$/);
      }
    }
  });

  it('gives every scenario a title, a one-sentence summary and a status', () => {
    for (const entry of catalog) {
      expect(entry.title.length, entry.id).toBeGreaterThan(0);
      expect(entry.summary, entry.id).toMatch(/^[A-Z].*\.$/);
      expect(entry.summary.slice(0, -1), entry.id).not.toMatch(/\. [A-Z]/);
      expect(['coming', 'runnable']).toContain(entry.status);
    }
  });

  it('puts every scenario in a declared family, and every family has scenarios', () => {
    const familyIds = families.map((family) => family.id);
    expect(new Set(familyIds).size).toBe(familyIds.length);
    for (const entry of catalog) expect(familyIds).toContain(entry.family);
    for (const family of families) expect(scenariosOf(family.id).length, family.id).toBeGreaterThan(0);
  });

  it('finds an entry by id and answers undefined for an unknown id', () => {
    expect(findScenario('pmipv6-attach')?.family).toBe('pmipv6');
    expect(findScenario('no-such-scenario')).toBeUndefined();
  });
});
