import { PowerLawTarget } from '@attention-hd/targets';
import { explicitModes } from '../src/exact-law/explicit-modes.js';

for (const d of [20, 40, 60, 100, 200, 400]) {
  const s = Float64Array.from(new PowerLawTarget().create({ gamma: 0.75 }).spectralLaw(d).atoms.positions);
  console.log(d, explicitModes(s).explicit.length);
}
