// canonicalJson hashes every own key, including `__proto__` from an upstream's JSON (it must not become a prototype that JSON skips).
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/plugins/shared/hash.js';

describe('canonicalJson', () => {
  it('sorts keys and keeps a __proto__ key as data', () => {
    const schema = JSON.parse('{"properties":{"b":1,"__proto__":{"type":"string"},"a":2}}') as unknown;
    expect(canonicalJson(schema)).toBe('{"properties":{"__proto__":{"type":"string"},"a":2,"b":1}}');
    const changed = JSON.parse('{"properties":{"b":1,"__proto__":{"type":"number"},"a":2}}') as unknown;
    expect(canonicalJson(changed)).not.toBe(canonicalJson(schema));
  });
});
