import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors/parameter-error.js';
import { type ParameterSpec, resolveParameters } from './parameter-spec.js';
import { requireInteger, requireNumber, requireOneOf } from './validate.js';

describe('parameter validation', () => {
  it('accepts numbers and numeric strings inside the range', () => {
    expect(requireNumber('kappa0', 0.5, { min: 0, minExclusive: true, max: 1 })).toBe(0.5);
    expect(requireNumber('kappa0', '1', { min: 0, minExclusive: true, max: 1 })).toBe(1);
    expect(requireInteger('d', '400', { min: 1 })).toBe(400);
  });

  it('names the parameter, the value and the allowed range', () => {
    const call = () => requireNumber('kappa0', -1, { min: 0, minExclusive: true, max: 1 });
    expect(call).toThrow(ParameterError);
    expect(call).toThrow('invalid kappa0 = -1: allowed a number in (0, 1]');
    expect(() => requireInteger('d', '0', { min: 1 })).toThrow('invalid d = 0: allowed an integer in [1, ∞)');
    expect(() => requireInteger('d', 2.5, { min: 1 })).toThrow(ParameterError);
    expect(() => requireNumber('alpha', Number.NaN, { min: 0 })).toThrow(ParameterError);
    expect(() => requireNumber('alpha', 'abc')).toThrow(ParameterError);
    expect(() => requireOneOf('param', 'nope', ['factorized', 'direct'])).toThrow(
      'invalid param = nope: allowed one of "factorized", "direct"',
    );
  });

  it('fills defaults and rejects unknown names', () => {
    const specs: ParameterSpec[] = [
      { name: 'gamma', kind: 'number', description: 'exponent', default: 0.75, range: { min: 0.5, minExclusive: true } },
      { name: 'normalization', kind: 'choice', description: 'norm', default: 'unit-q0', choices: ['unit-q0', 'sqrt-d'] },
    ];
    expect(resolveParameters(specs, {}, 'power-law')).toEqual({ gamma: 0.75, normalization: 'unit-q0' });
    expect(resolveParameters(specs, { gamma: '1.5' }, 'power-law')).toEqual({ gamma: 1.5, normalization: 'unit-q0' });
    expect(() => resolveParameters(specs, { gama: 1 }, 'power-law')).toThrow(/no such parameter for power-law/);
    expect(() => resolveParameters(specs, { gamma: 0.5 }, 'power-law')).toThrow(
      'invalid gamma = 0.5: allowed a number in (0.5, ∞)',
    );
  });

  it('text parameters: any string, or one matching the pattern (whole string)', () => {
    const specs: ParameterSpec[] = [
      { name: 'target', kind: 'text', description: 'target id', default: 'mp', pattern: '[a-z0-9-]+', allowed: 'a target id' },
    ];
    expect(resolveParameters(specs, {}, 'sweep')).toEqual({ target: 'mp' });
    expect(resolveParameters(specs, { target: 'power-law' }, 'sweep')).toEqual({ target: 'power-law' });
    expect(() => resolveParameters(specs, { target: 'mp;x' }, 'sweep')).toThrow('invalid target = mp;x: allowed a target id');
    expect(() => resolveParameters(specs, { target: 3 }, 'sweep')).toThrow(ParameterError);
  });
});
