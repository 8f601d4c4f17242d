import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/server/paginate.js';

describe('paginate', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('walks the whole list page by page with opaque cursors', () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate(items, cursor, 3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it('has no next cursor on the last page and starts over on a cursor it did not make', () => {
    expect(paginate(items, undefined, 10)).toEqual({ items });
    expect(paginate(items, 'not-a-cursor', 3).items).toEqual([0, 1, 2]);
    expect(paginate(items, Buffer.from('-4').toString('base64url'), 3).items).toEqual([0, 1, 2]);
  });
});
