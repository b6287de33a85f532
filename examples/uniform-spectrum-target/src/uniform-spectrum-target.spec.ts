import { describeTargetConformance } from '@attention-hd/core/testing';
import { UniformSpectrumTarget } from './uniform-spectrum-target.js';

// The conformance suite every target plugin runs.
describeTargetConformance(new UniformSpectrumTarget(), { invalidValues: { lo: -1 }, d: 300 });
