import type { AttentionOutput } from './attention-output.js';
import type { FlatSymmetric } from './flat-symmetric.js';
import { IdentityOutput } from './identity-output.js';
import { SoftmaxOutput } from './softmax-output.js';
import { TwoTokenSoftmaxOutput } from './two-token-softmax-output.js';

export type ChannelKind = 'softmax' | 'identity';

/** The output map for a channel kind and temperature (the closed-form T = 2 softmax when it applies). */
export function createOutput(kind: ChannelKind, flat: FlatSymmetric, beta: number): AttentionOutput {
  if (kind === 'identity') return new IdentityOutput(flat);
  return flat.T === 2 ? new TwoTokenSoftmaxOutput(flat, beta) : new SoftmaxOutput(flat, beta);
}
