// Unit: growth against a saved token baseline names the servers that cost more, largest growth first.
import { describe, expect, it } from 'vitest';
import { describeGrowth, growthSince } from '../../src/cli/token-baseline.js';

describe('growthSince', () => {
  it('names grown and new servers, not shrunk or equal ones', () => {
    const before = { mode: 'all', total: 500, servers: { github: 300, notes: 100, db: 100 } };
    const grown = growthSince(before, [
      { server: 'github', tokens: 320 },
      { server: 'notes', tokens: 90 },
      { server: 'db', tokens: 100 },
      { server: 'linear', tokens: 1200 },
    ]);
    expect(grown).toEqual([
      { server: 'linear', before: 0, after: 1200 },
      { server: 'github', before: 300, after: 320 },
    ]);
    expect(describeGrowth(grown)).toBe('linear new (1,200), github +20 (300 → 320)');
  });

  it('reads a server named like an Object member as new', () => {
    expect(growthSince({ mode: 'all', total: 0, servers: {} }, [{ server: 'constructor', tokens: 5 }])).toEqual([{ server: 'constructor', before: 0, after: 5 }]);
  });
});
