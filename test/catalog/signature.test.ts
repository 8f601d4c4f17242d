// The compact tool signature shown with invalid-argument errors.
import { describe, expect, it } from 'vitest';
import { requiredParams, toolSignature, typeName } from '../../src/catalog/signature.js';

describe('toolSignature', () => {
  it('marks optional parameters and keeps schema order', () => {
    const schema = {
      type: 'object' as const,
      properties: { query: { type: 'string' }, limit: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['query'],
    };
    expect(toolSignature('gh_search', schema)).toBe('gh_search(query: string, limit?: integer, tags?: string[])');
    expect(requiredParams(schema)).toEqual(['query']);
  });

  it('handles no parameters and odd schemas', () => {
    expect(toolSignature('ping', { type: 'object' })).toBe('ping()');
    expect(requiredParams({ type: 'object', required: 'nope' } as never)).toEqual([]);
    expect(toolSignature('x', { type: 'object', properties: { constructor: { type: 'string' } }, required: ['constructor'] })).toBe('x(constructor: string)');
  });

  it('names types briefly', () => {
    expect(typeName({ type: ['string', 'null'] })).toBe('string|null');
    expect(typeName({ enum: ['a', 'b'] })).toBe('"a"|"b"');
    expect(typeName({ enum: [1, 2, 3, 4, 5, 6] })).toBe('1|2|3|4|5|…');
    expect(typeName({ const: 'x' })).toBe('"x"');
    expect(typeName({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string|number');
    expect(typeName({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe('(string|number)[]');
    expect(typeName({ $ref: '#/$defs/address' })).toBe('address');
    expect(typeName({ properties: {} })).toBe('object');
    expect(typeName({})).toBe('any');
    expect(typeName(undefined)).toBe('any');
  });
});
