import { describe, expect, it } from 'vitest';
import { stem } from '../../../src/catalog/search/stem.js';
import { EQUIVALENT_WEIGHT, RELATED_WEIGHT, expandTerm } from '../../../src/catalog/search/synonyms.js';

const expansions = (word: string): Map<string, number> =>
  new Map(expandTerm(stem(word)).map((e) => [e.term, e.weight]));

describe('expandTerm', () => {
  it('links near-equivalent verbs both ways at reduced weight', () => {
    expect(expansions('remove').get(stem('delete'))).toBe(EQUIVALENT_WEIGHT);
    expect(expansions('delete').get(stem('remove'))).toBe(EQUIVALENT_WEIGHT);
    expect(expansions('folder').get(stem('directory'))).toBe(EQUIVALENT_WEIGHT);
  });

  it('adds one-way related terms at a lower weight', () => {
    expect(expansions('remember').get(stem('entities'))).toBe(RELATED_WEIGHT);
    expect(expansions('entities').get(stem('remember'))).not.toBe(RELATED_WEIGHT);
    expect(RELATED_WEIGHT).toBeLessThan(EQUIVALENT_WEIGHT);
  });

  it('never expands a term to itself and knows nothing of unknown words', () => {
    expect(expansions('delete').has(stem('delete'))).toBe(false);
    expect(expandTerm('zzzqqq')).toEqual([]);
  });
});
