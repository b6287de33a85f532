import type { ResultRow } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { standardSweeps } from './standard-sweeps.js';
import { sweepFigure } from './sweep-figure.js';

const temperature = standardSweeps.find((c) => c.id === 'temperature');
if (temperature === undefined) throw new Error('no temperature sweep');
const parameters = { series: '0.5,2', kappa0: 0.5, noise: 0.5, lambdaTilde: 0.01, T: 2 };
const theoryRow = (beta: number, alpha: number, twoMinimaFraction: number): ResultRow => ({
  method: 'theory',
  alpha,
  beta,
  testError: 0.3,
  twoMinimaFraction,
});

function layers(figure: Record<string, unknown>): Record<string, unknown>[] {
  const [panel] = figure.hconcat as { layer: Record<string, unknown>[] }[];
  return panel.layer;
}

describe('sweep figure', () => {
  it('rings the theory points whose channel has two local minima, and says so in the subtitle', () => {
    const figure = sweepFigure(temperature, [theoryRow(0.5, 0.5, 0), theoryRow(2, 0.5, 0.03)], parameters);
    const ring = layers(figure).find((l) => (l.mark as { filled?: boolean }).filled === false);
    expect(ring).toBeDefined();
    expect(JSON.stringify(ring?.transform)).toContain('twoMinimaFraction > 0');
    expect((figure.title as { subtitle: string[] }).subtitle.join(' ')).toMatch(/two local minima/);
  });

  it('draws no rings where every point is convex', () => {
    const figure = sweepFigure(temperature, [theoryRow(0.5, 0.5, 0), theoryRow(2, 0.5, 0)], parameters);
    expect(layers(figure).some((l) => (l.mark as { filled?: boolean }).filled === false)).toBe(false);
    expect((figure.title as { subtitle: string[] }).subtitle.join(' ')).not.toMatch(/two local minima/);
  });
});
