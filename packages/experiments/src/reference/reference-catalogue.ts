import type { ParameterValues } from '@attention-hd/core';
import { paperParameterization } from '../standard/experiment-services.js';

/** One stored curve of the paper authors (`extensive-attention-v1/data/`), drawn as method "reference". */
export interface ReferenceCurve {
  /** path under the data directory */
  readonly file: string;
  /** the experiment's series value this curve belongs to */
  readonly series: number | string;
  /** our column the curve is compared with */
  readonly metric: 'testError' | 'rankFraction';
  readonly meanColumn: string;
  readonly stdColumn?: string;
  /** multiplies both columns (raw sums over the 2000 test samples → means) */
  readonly scale?: number;
  /** theory (their state evolution) or simulation (their Adam runs) */
  readonly source: 'theory' | 'simulation';
}

export interface ReferenceSet {
  /** the experiment's series column (one curve per value) */
  readonly seriesColumn: string;
  /** the authors' settings (a value or the allowed values): the overlay is drawn only when the run uses them */
  readonly requires: Readonly<Record<string, number | string | boolean | readonly number[]>>;
  readonly curves: (parameters: ParameterValues) => readonly ReferenceCurve[];
}

const fig1 = { kappa0: 0.5, noise: 0.5, T: 2, beta: 1, beta0: 1, param: paperParameterization } as const;

/** The authors' file tag of each parameterization they simulated (GD_L1: weight decay on W; GD_L2: ridge on S). */
const authorsFileTag: Readonly<Record<string, string>> = { factorized: 'L1', direct: 'L2' };

/** Python's str(float) of the λ values in the authors' file names */
const lambdaFileNames: Readonly<Record<string, string>> = {
  '0.01': '0.01',
  '0.002': '0.002',
  '0.001': '0.001',
  '0.0005': '0.0005',
  '0.0001': '0.0001',
  '0.00001': '1e-05',
};

const deltaName = (parameters: ParameterValues) => (Number(parameters.noise) === 0 ? '0.00' : '0.50');

/**
 * Which authors' files overlap which standard experiment (docs/theory.md §8): file, series value and
 * columns. Their simulations are d = 100 Adam runs (8 to 64 of them); rank curves are their theory.
 */
export const referenceCatalogue: Readonly<Record<string, ReferenceSet>> = {
  'learning-curve': {
    seriesColumn: 'kappa',
    requires: { ...fig1, lambdaTilde: 0.01 },
    curves: () => [
      {
        file: 'GD/GD_kappa_0.5_lreg_0.01_noise_0.5.csv',
        series: 1,
        metric: 'testError',
        meanColumn: 'test_error_mean',
        stdColumn: 'test_err_std',
        source: 'simulation',
      },
      {
        file: 'spectra/GD_kappa_student_0.75_kappa_0.5_lreg_0.01_noise_0.5.csv',
        series: 0.75,
        metric: 'testError',
        meanColumn: 'test_error_mean',
        stdColumn: 'test_error_std',
        source: 'simulation',
      },
    ],
  },
  'interpolation-peak': {
    seriesColumn: 'lambdaTilde',
    requires: { ...fig1, kappa: 1 },
    curves: () =>
      Object.entries(lambdaFileNames).map(([lambda, name]) => ({
        file: `GD/GD_kappa_0.5_lreg_${name}_noise_0.5.csv`,
        series: Number(lambda),
        metric: 'testError' as const,
        meanColumn: 'test_error_mean',
        stdColumn: 'test_err_std',
        source: 'simulation' as const,
      })),
  },
  'factorized-vs-direct': {
    seriesColumn: 'param',
    requires: { kappa0: 0.05, noise: 0.05, T: 2, beta: 1, beta0: 1, kappa: 1, cv: true },
    curves: () =>
      Object.entries(authorsFileTag).map(([param, tag]) => ({
        file: `cross_validation/GD_${tag}_kappa_0.05_noise_0.05.csv`,
        series: param,
        metric: 'testError' as const,
        meanColumn: 'test_err_mean_opt',
        stdColumn: 'test_err_std_opt',
        source: 'simulation' as const,
      })),
  },
  rank: {
    seriesColumn: 'kappa0',
    requires: { noise: 0.5, lambdaTilde: 0.01, T: 2, beta: 1, beta0: 1, kappa: 1, param: paperParameterization },
    curves: () =>
      [0.2, 0.5, 0.8].map((kappa0) => ({
        file: `spectra/rank_kappa_${kappa0}_lreg_0.01_noise_0.5.csv`,
        series: kappa0,
        metric: 'rankFraction' as const,
        meanColumn: 'rank',
        source: 'theory' as const,
      })),
  },
  temperature: {
    seriesColumn: 'beta',
    requires: { kappa0: 0.5, lambdaTilde: 0.01, T: 2, kappa: 1, param: paperParameterization, noise: [0, 0.5] },
    curves: (parameters) =>
      [
        [0.5, '05'],
        [1, '1'],
        [2, '2'],
      ].map(([beta, name]) => ({
        file: `beta/lam_0.01_Delta_in${deltaName(parameters)}_D100_beta${name}.csv`,
        series: beta,
        metric: 'testError' as const,
        // against the noisy target, as ours (docs/theory.md §2.6): `_test_err_mean` is the noiseless one
        meanColumn: 'test_err_mean_noise',
        stdColumn: 'test_err_std_noise',
        scale: 1 / 2000,
        source: 'simulation' as const,
      })),
  },
  seq2seq: {
    seriesColumn: 'output',
    requires: {
      kappa0: 0.5,
      lambdaTilde: 0.01,
      T: 2,
      beta: 1,
      beta0: 1,
      kappa: 1,
      param: paperParameterization,
      noise: [0, 0.5],
    },
    // the seq2lab runs of the appendix figure (the theory covers seq2lab; their seq2seq files give
    // only the noiseless-target error)
    curves: (parameters) => [
      {
        file: `seq2seq/lam_0.01_Delta_in${deltaName(parameters)}_D100_label.csv`,
        series: 'seq2lab',
        metric: 'testError',
        meanColumn: 'test_err_mean_noise',
        stdColumn: 'test_err_std_noise',
        scale: 1 / 2000,
        source: 'simulation',
      },
    ],
  },
  tokens: {
    seriesColumn: 'T',
    // docs/theory.md §8: λ = 0.001 in the files' own column (their folder names say 0.01)
    requires: { kappa0: 0.5, lambdaTilde: 0.001, noise: 0.5, beta: 1, beta0: 1, kappa: 1, param: paperParameterization },
    curves: () =>
      [2, 3, 5].map((T) => ({
        file: `more_tokens/noisy/lam_0.01_Delta_in0.50_D100_T${T}_beta1.0.csv`,
        series: T,
        metric: 'testError' as const,
        meanColumn: 'test_err_mean_noise',
        stdColumn: 'test_err_std_noise',
        scale: 1 / 2000,
        source: 'simulation' as const,
      })),
  },
};
