// The name budget: names longer than settings.maxNameLength are shortened with a stable hash, staying distinct.
import { describe, expect, it } from 'vitest';
import { assignNames, exposedName, NAME_RE } from '../../src/catalog/names.js';
import { DEFAULT_MAX_NAME_LENGTH } from '../../src/config/schema.js';

describe('name budget', () => {
  it('leaves room for Claude Code`s mcp__<name>__ prefix with a short client-side name', () => {
    expect(`mcp__gateway__`.length + DEFAULT_MAX_NAME_LENGTH).toBeLessThanOrEqual(64);
  });

  it('keeps a name within the budget and shortens a longer one to exactly the budget', () => {
    const tool = 'x'.repeat(44);
    expect(exposedName('ab', tool, '_', true, 48)).toEqual({ name: `ab_${tool}` }); // 47 characters
    const { name, changed } = exposedName('abc', `${tool}yy`, '_', true, 48);
    expect(changed).toBe('shortened');
    expect(name).toHaveLength(48);
    expect(name).toMatch(NAME_RE);
  });

  it('keeps shortened names distinct and the same from run to run', () => {
    const reqs = Array.from({ length: 50 }, (_, i) => ({ server: 'srv', original: `${'same_long_prefix_'.repeat(3)}${i}` }));
    const first = assignNames(reqs, '_', new Set(), 32).items.map((i) => i.name);
    expect(new Set(first).size).toBe(50);
    for (const n of first) expect(n.length).toBeLessThanOrEqual(32);
    expect(assignNames(reqs, '_', new Set(), 32).items.map((i) => i.name)).toEqual(first);
  });

  it('disambiguates a collision within the budget', () => {
    const { items } = assignNames([{ server: 'a', original: 'b' }], '_', new Set(['a_b']), 20);
    expect(items[0]?.name).not.toBe('a_b');
    expect(items[0]?.name.length).toBeLessThanOrEqual(20);
  });
});
