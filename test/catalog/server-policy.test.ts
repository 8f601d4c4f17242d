// Unit: the default search hint is the server's name and title, short.
import { describe, expect, it } from 'vitest';
import { defaultSearchHint, SEARCH_HINT_MAX } from '../../src/catalog/server-policy.js';

describe('defaultSearchHint', () => {
  it('is the name alone, or the name and the title', () => {
    expect(defaultSearchHint('github', undefined)).toBe('github');
    expect(defaultSearchHint('github', 'GitHub')).toBe('github');
    expect(defaultSearchHint('gh', 'GitHub issues and pull requests')).toBe('gh: GitHub issues and pull requests');
  });

  it('takes the first line and cuts a long title at a word', () => {
    expect(defaultSearchHint('db', '\n  Postgres  \nsecond line')).toBe('db: Postgres');
    const hint = defaultSearchHint('notes', 'Notes '.repeat(30));
    expect(hint.length).toBeLessThanOrEqual(SEARCH_HINT_MAX);
    expect(hint).toMatch(/^notes: Notes Notes.*Notes$/);
  });
});
