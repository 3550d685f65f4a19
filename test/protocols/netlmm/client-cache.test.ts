import { describe, expect, it } from 'vitest';
import { answersConflict, decideTrigger, type Cache } from '../../../src/protocols/netlmm/client-cache';

/* Seed 003 §4.7 and Appendix B as a decision table. */

const MAG1 = '2001:db8:1::1';
const MAG2 = '2001:db8:2::1';
const cache: Cache = {
  'mn1@x': { mnId: 'mn1@x', pHoA: '2001:db8:100::100', pCoA: MAG1, seq: 10, state: 'registered' },
  'mn2@x': { mnId: 'mn2@x', pHoA: '2001:db8:100::101', seq: 3, state: 'refused' },
};

describe('the PMIP client’s cache check (seed 003 §4.7, Appendix B)', () => {
  it('takes an identifier it has never seen as an initial attachment, checking a stateless pHoA with its peers', () => {
    expect(decideTrigger(cache, { mnId: 'mn3@x', pHoA: '2001:db8:100::102', stateless: false, mag: MAG1 }, true)).toEqual({ kind: 'initial', pHoA: '2001:db8:100::102', checkPeers: false });
    expect(decideTrigger(cache, { mnId: 'mn3@x', pHoA: '2001:db8:100::102', stateless: true, mag: MAG1 }, true)).toMatchObject({ kind: 'initial', checkPeers: true });
    expect(decideTrigger(cache, { mnId: 'mn3@x', pHoA: '2001:db8:100::102', stateless: true, mag: MAG1 }, false)).toMatchObject({ kind: 'initial', checkPeers: false });
  });

  it('finds a stateless pHoA held by another identifier in its own cache: a conflict', () => {
    expect(decideTrigger(cache, { mnId: 'mn3@x', pHoA: '2001:db8:100::100', stateless: true, mag: MAG2 }, true)).toEqual({ kind: 'conflict', holder: 'mn1@x', pHoA: '2001:db8:100::100' });
    // A refused entry holds nothing.
    expect(decideTrigger(cache, { mnId: 'mn3@x', pHoA: '2001:db8:100::101', stateless: true, mag: MAG2 }, false)).toMatchObject({ kind: 'initial' });
  });

  it('reports a known identifier with another pHoA as a mismatch, and with the same one as a handoff or a refresh', () => {
    expect(decideTrigger(cache, { mnId: 'mn1@x', pHoA: '2001:db8:100::109', stateless: false, mag: MAG2 }, false)).toMatchObject({ kind: 'mismatch', given: '2001:db8:100::109' });
    expect(decideTrigger(cache, { mnId: 'mn1@x', pHoA: '2001:db8:100::100', stateless: false, mag: MAG2 }, false)).toMatchObject({ kind: 'handoff', pHoA: '2001:db8:100::100' });
    expect(decideTrigger(cache, { mnId: 'mn1@x', stateless: false, mag: MAG2 }, false)).toMatchObject({ kind: 'handoff', pHoA: '2001:db8:100::100' });
    expect(decideTrigger(cache, { mnId: 'mn1@x', pHoA: '2001:db8:100::100', stateless: false, mag: MAG1 }, false)).toMatchObject({ kind: 'refresh' });
  });

  it('cannot bind an unknown identifier that comes without a pHoA', () => {
    expect(decideTrigger(cache, { mnId: 'mn9@x', stateless: false, mag: MAG1 }, false)).toMatchObject({ kind: 'unknown' });
  });

  it('answers another client’s conflict request by whether another identifier holds the address', () => {
    expect(answersConflict(cache, 'mn3@x', '2001:db8:100::100')).toBe(true);
    expect(answersConflict(cache, 'mn1@x', '2001:db8:100::100')).toBe(false);
    expect(answersConflict(cache, 'mn3@x', '2001:db8:100::1ff')).toBe(false);
  });
});
