import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { diagramLayout, PNG_LIMITS, pngPlan, svgBlob } from '../../../src/ui/lab/export';
import { LIGHT } from '../../../src/ui/sequence/svg';

describe('the diagram exports', () => {
  it('write the whole run as an SVG file in the theme’s colours', async () => {
    const trace = runScenario('pmipv6-renewal');
    const dark = { ...LIGHT, background: '#161b22', text: '#e6edf3' };
    const blob = svgBlob(trace, 'Renewal: sequence diagram', dark);
    expect(blob.type).toBe('image/svg+xml');
    const text = await blob.text();
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text.match(/<g class="arrow /g)).toHaveLength(diagramLayout(trace).arrows.length);
    expect(text).toContain('fill="#161b22"');
    expect(text).toContain('<title>Renewal: sequence diagram</title>');
  });

  it('draw the PNG at twice the size when the canvas allows it', () => {
    expect(pngPlan(1400, 3000)).toEqual({ scale: PNG_LIMITS.scale });
  });

  it('draw it smaller, but not below one pixel per unit, when twice would not fit', () => {
    const plan = pngPlan(1400, 12_000);
    expect(plan.maxHeight).toBeUndefined();
    expect(plan.scale).toBeLessThan(2);
    expect(plan.scale).toBeGreaterThanOrEqual(1);
    expect(12_000 * plan.scale).toBeLessThanOrEqual(PNG_LIMITS.maxSide);
    expect(1400 * 12_000 * plan.scale ** 2).toBeLessThanOrEqual(PNG_LIMITS.maxArea + 1);
  });

  it('cut a diagram too tall even at one pixel per unit, within the side and area limits', () => {
    const plan = pngPlan(1400, 400_000);
    expect(plan.scale).toBe(1);
    expect(plan.maxHeight).toBeLessThanOrEqual(PNG_LIMITS.maxSide);
    expect(1400 * plan.maxHeight!).toBeLessThanOrEqual(PNG_LIMITS.maxArea);
    const wide = pngPlan(40_000, 400_000);
    expect(40_000 * wide.scale).toBeLessThanOrEqual(PNG_LIMITS.maxSide);
    expect(40_000 * wide.scale * wide.maxHeight! * wide.scale).toBeLessThanOrEqual(PNG_LIMITS.maxArea);
  });
});
