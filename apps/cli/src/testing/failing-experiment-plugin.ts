import { ContainerModule, Experiment } from '@attention-hd/core';
import { defineExperiment } from '@attention-hd/experiments';

/**
 * A test plugin: an experiment of three units whose second one throws and whose third returns a
 * point that did not converge, to check what `run` reports and its exit status.
 */
const failing = defineExperiment({
  id: 'failing',
  title: 'a unit that fails',
  description: 'three units: ok, throws, did not converge',
  parameters: { units: { kind: 'number', description: 'units', default: 3, range: { integer: true, min: 3, max: 3 } } },
  presets: { quick: {} },
  units: () => [1, 2, 3].map((unit) => ({ method: 'theory' as const, values: { unit } })),
  methods: {
    theory(values) {
      if (values.unit === 2) throw new Error('this unit always fails');
      return [
        {
          x: Number(values.unit),
          y: values.unit === 3 ? Number.NaN : 1,
          status: values.unit === 3 ? 'max-iterations' : 'converged',
        },
      ];
    },
  },
  figure: (rows) => ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'point', data: { values: rows } }),
  summary: { x: 'x', metrics: ['y'] },
});

export const failingExperimentModule = new ContainerModule(({ bind }) => {
  bind(Experiment).toDynamicValue((context) => failing(context));
});
