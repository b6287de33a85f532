import { describe, expect, it } from 'vitest';
import { UnknownIdError } from '../errors/unknown-id-error.js';
import { DuplicateIdError, Registry } from './registry.js';

describe('Registry', () => {
  it('returns contributions by id and lists them in order', () => {
    const registry = new Registry('target', [{ id: 'mp' }, { id: 'power-law' }]);
    expect(registry.get('mp')).toEqual({ id: 'mp' });
    expect(registry.ids()).toEqual(['mp', 'power-law']);
    expect(registry.has('nope')).toBe(false);
  });

  it('rejects duplicate ids', () => {
    expect(() => new Registry('target', [{ id: 'mp' }, { id: 'mp' }])).toThrow(DuplicateIdError);
  });

  it('lists the known ids when an unknown one is asked for', () => {
    const registry = new Registry('target', [{ id: 'mp' }, { id: 'power-law' }]);
    expect(() => registry.get('nope')).toThrow(UnknownIdError);
    expect(() => registry.get('nope')).toThrow('unknown target "nope": known targets are "mp", "power-law"');
  });
});
