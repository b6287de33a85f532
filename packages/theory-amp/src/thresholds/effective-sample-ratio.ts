/**
 * ᾱ = α · (constraints per sample): the softmax is shift invariant, so a sample constrains
 * L − 1 = (T² + T − 2)/2 directions (docs/theory.md §3.2); the identity output constrains all L = T(T+1)/2.
 */
export function constraintsPerSample(T: number, channel: 'softmax' | 'identity' = 'softmax'): number {
  const L = (T * (T + 1)) / 2;
  return channel === 'softmax' ? L - 1 : L;
}

export const alphaBar = (alpha: number, T: number, channel: 'softmax' | 'identity' = 'softmax') =>
  alpha * constraintsPerSample(T, channel);

export const alphaFromBar = (alphaBarValue: number, T: number, channel: 'softmax' | 'identity' = 'softmax') =>
  alphaBarValue / constraintsPerSample(T, channel);
