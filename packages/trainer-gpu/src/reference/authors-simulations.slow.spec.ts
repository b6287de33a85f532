import { describe, expect, it } from 'vitest';
import { authorsPoints, combinedStandardErrors, simulateAuthorsPoint } from './authors-simulations.fixture.js';

// Every fixture row (factorized GD_Adam and direct GD_L2_symm) within 2 combined standard errors.
describe('Adam vs the authors’ simulations, all rows', () => {
  it.each(authorsPoints.map((p) => [p.parameterization, p.alpha, p] as const))('%s at α = %f', async (_t, _a, point) => {
    const ours = await simulateAuthorsPoint(point);
    console.log(
      `${point.parameterization} α=${point.alpha}: ours ${ours.testErrorMean.toFixed(4)}±${ours.testErrorStd.toFixed(4)} vs ${point.testErrorMean.toFixed(4)}±${point.testErrorStd.toFixed(4)} (${combinedStandardErrors(ours, point).toFixed(2)} SE, ${ours.seconds.toFixed(0)} s, ${ours.backend})`,
    );
    expect(ours.diverged).toBe(0);
    expect(combinedStandardErrors(ours, point)).toBeLessThan(2);
  });
});
