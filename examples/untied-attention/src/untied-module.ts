import { ContainerModule, Experiment, Parameterization } from '@attention-hd/core';
import { AlphaSweepExperiment } from '@attention-hd/experiments';
import { UntiedParameterization } from './untied-parameterization.js';
import { untiedVsTied } from './untied-vs-tied.js';

/**
 * The one thing a host loads (`createContainer([...standard, untiedAttentionModule])` or
 * `attention-hd --plugin ./examples/untied-attention/dist/index.js`): the architecture, which the
 * standard Adam trainer and every compute backend then train through its ScoreForm, and its experiment.
 */
export const untiedAttentionModule = new ContainerModule(({ bind }) => {
  bind(Parameterization).toConstantValue(new UntiedParameterization());
  bind(Experiment).toDynamicValue((context) => new AlphaSweepExperiment(untiedVsTied, context));
});
