import { describe, expect, it } from 'vitest';
import { formatDuration, progressTimes } from './progress-times.js';

describe('progress times', () => {
  it('has no estimate before the first unit of this process ends (resumed units excluded)', () => {
    // 5 of 10 units resumed from the store, none finished here yet: no rate, so "—"
    expect(progressTimes(0, 4000, 5, 5, 10)).toEqual({ elapsed: '4s', eta: '—' });
  });

  it('estimates from the units finished here: 2 units in 60 s, 4 left → 2 min', () => {
    expect(progressTimes(0, 60_000, 4, 6, 10)).toEqual({ elapsed: '1m00s', eta: '2m00s' });
  });

  it('formats seconds, minutes and hours', () => {
    expect([formatDuration(0), formatDuration(59.4), formatDuration(125), formatDuration(3725)]).toEqual([
      '0s',
      '59s',
      '2m05s',
      '1h02m',
    ]);
  });
});
