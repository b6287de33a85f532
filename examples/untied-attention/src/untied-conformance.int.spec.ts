import { OnnxBackend, TfjsWasmBackend, TypeScriptBackend } from '@attention-hd/trainer-gpu';
import { type ConformanceCase, describeBackendConformance } from '@attention-hd/trainer-gpu/testing';
import { UntiedParameterization } from './untied-parameterization.js';

// The untied ScoreForm ('separate' factors, the whole non-symmetric M) on the built-in backends:
// loss vs the float64 reference built from the parameterization's own preActivations, gradient vs
// central differences of it, mini-batches and the Adam trajectory (tolerances in the suite).
const untied = new UntiedParameterization();
const cases: ConformanceCase[] = [
  { name: 'untied κ=0.5, seq2lab, T=3', parameterization: untied, kappa: 0.5, output: 'seq2lab', T: 3 },
  { name: 'untied κ=1, seq2seq, T=2', parameterization: untied, kappa: 1, output: 'seq2seq', T: 2 },
];
describeBackendConformance(new TypeScriptBackend(2), { cases });
describeBackendConformance(new TfjsWasmBackend(), { cases });
describeBackendConformance(new OnnxBackend(), { cases });
