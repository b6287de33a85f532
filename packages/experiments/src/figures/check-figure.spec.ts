import { describe, expect, it } from 'vitest';
import { checkFigure } from './check-figure.js';

const line = (values: { x: number; y: number }[], extra: Record<string, unknown> = {}) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 200,
  height: 100,
  data: { values },
  mark: { type: 'line', ...((extra.mark as object) ?? {}) },
  encoding: {
    x: { field: 'x', type: 'quantitative', title: 'α', scale: { domain: [0, 1] } },
    y: { field: 'y', type: 'quantitative', title: 'test error' },
    ...((extra.encoding as object) ?? {}),
  },
  ...(extra.title === undefined ? {} : { title: extra.title }),
});

describe('checkFigure', () => {
  const inside = [
    { x: 0.1, y: 1, s: 'a' },
    { x: 0.9, y: 2, s: 'b' },
  ];

  it('passes a plain figure', async () => {
    expect(await checkFigure(line(inside))).toEqual([]);
  });

  it('finds raw TeX in a title and in drawn text', async () => {
    const problems = await checkFigure(line(inside, { title: { text: 'rate n/d^{3/2}', subtitle: 'e_test vs \\alpha' } }));
    expect(problems.map((p) => p.kind)).toContain('tex');
    expect(problems.some((p) => p.message.includes('d^{3/2}'))).toBe(true);
    expect(problems.some((p) => p.message.includes('\\alpha'))).toBe(true);
  });

  it('finds a point drawn left of the axis (x below the domain), unless the mark clips', async () => {
    const outside = [...inside, { x: -0.2, y: 1.5 }];
    const problems = await checkFigure(line(outside));
    expect(problems.filter((p) => p.kind === 'outside').length).toBeGreaterThan(0);
    expect(await checkFigure(line(outside, { mark: { clip: true } }))).toEqual([]);
  });

  it('finds a field-encoded colour without a legend', async () => {
    const problems = await checkFigure(line(inside, { encoding: { color: { field: 's', type: 'nominal', legend: null } } }));
    expect(problems).toEqual([{ kind: 'legend', message: 'color (s) is encoded by a field but has no legend' }]);
  });
});
