import { ParameterError } from '@attention-hd/core';

/** λ̃ as a function of the sample size n and the dimension d (docs/theory.md §5.1: λ may depend on d). */
export interface LambdaSchedule {
  /** how it was written, e.g. "1/d" */
  readonly label: string;
  at(n: number, d: number): number;
}

const factorPattern = /^(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?)|(n|d)(?:\^(-?\d+(?:\.\d*)?))?|sqrt\((n|d)\))$/i;

/**
 * A schedule from text: a product of factors joined by '*' or '/', each a positive number, n, d,
 * n^p, d^p or sqrt(n), sqrt(d). Examples: "1/d", "1", "sqrt(d)", "0.5*sqrt(n)/d" (line A of the
 * phase diagram), "d^-0.25". From TypeScript, give a function instead (`lambdaScheduleOf`).
 */
export function parseLambdaSchedule(text: string, parameter = 'lambda'): LambdaSchedule {
  const source = text.replace(/\s+/g, '');
  const allowed = 'a product of numbers, n, d, n^p, d^p, sqrt(n), sqrt(d) joined by \'*\' or \'/\', e.g. "1/d" or "sqrt(n)/d"';
  if (source === '') throw new ParameterError(parameter, text, allowed);
  const tokens = source.split(/([*/])/);
  // [constant, exponent of n, exponent of d]
  let constant = 1;
  let nPower = 0;
  let dPower = 0;
  for (let i = 0; i < tokens.length; i += 2) {
    const sign = i === 0 || tokens[i - 1] === '*' ? 1 : -1;
    const match = factorPattern.exec(tokens[i]);
    if (match === null) throw new ParameterError(parameter, text, allowed);
    const [, number, symbol, power, rootOf] = match;
    if (number !== undefined) {
      const value = Number(number);
      if (!(value > 0)) throw new ParameterError(parameter, text, `${allowed}; constants must be > 0`);
      constant *= sign === 1 ? value : 1 / value;
    } else {
      const p = sign * (rootOf !== undefined ? 0.5 : power !== undefined ? Number(power) : 1);
      if ((symbol ?? rootOf)?.toLowerCase() === 'n') nPower += p;
      else dPower += p;
    }
  }
  return { label: text.trim(), at: (n, d) => constant * n ** nPower * d ** dPower };
}

/** A schedule from a function (the TypeScript API's user-given λ(n, d)). */
export function lambdaScheduleOf(label: string, at: (n: number, d: number) => number): LambdaSchedule {
  return {
    label,
    at: (n, d) => {
      const value = at(n, d);
      if (!(value >= 0 && Number.isFinite(value)))
        throw new ParameterError(`${label}(n = ${n}, d = ${d})`, value, 'a finite λ̃ ≥ 0');
      return value;
    },
  };
}
