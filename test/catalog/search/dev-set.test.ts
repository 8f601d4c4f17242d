import { describe, expect, it } from 'vitest';
import { EXTRA_QUERIES, loadSearchEval, recallAt, searchEvalDir } from '../../../bench/search-eval.js';
import { padCatalog } from '../../../src/catalog/search/distractors.js';
import { createSearchIndex } from '../../../src/catalog/search/index.js';
import { toSearchDoc } from '../../../src/catalog/search/offline.js';

const data = loadSearchEval();
if (!data)
  console.warn(`search dev set not found in ${searchEvalDir()}; skipping recall tests (set SEARCH_EVAL_DIR)`);

describe.skipIf(!data)('search dev set', () => {
  it('answers at least 90% of dev queries in the top 5 on the real catalog', () => {
    const { catalog, queries } = data!;
    const { recall, misses } = recallAt(createSearchIndex(catalog.map(toSearchDoc)), queries, 5);
    expect(recall, JSON.stringify(misses, null, 1)).toBeGreaterThanOrEqual(0.9);
  });

  it('answers at least 85% in the top 5 with the catalog padded to 10,000 tools', () => {
    const { catalog, queries } = data!;
    const index = createSearchIndex(padCatalog(catalog, 10_000).map(toSearchDoc));
    expect(index.size).toBe(10_000);
    expect(recallAt(index, queries, 5).recall).toBeGreaterThanOrEqual(0.85);
  });
});

// The project's own 80 queries over the same catalog (bench/search-extra-queries.json): a guard against a ranking
// that only fits the dev set.
const extra = loadSearchEval(undefined, EXTRA_QUERIES);

describe.skipIf(!extra)('search extra query set', () => {
  it('answers at least 90% in the top 5 on the real catalog, and 80% padded to 10,000 tools', () => {
    const { catalog, queries } = extra!;
    const real = recallAt(createSearchIndex(catalog.map(toSearchDoc)), queries, 5);
    expect(real.recall, JSON.stringify(real.misses, null, 1)).toBeGreaterThanOrEqual(0.9);
    const padded = recallAt(createSearchIndex(padCatalog(catalog, 10_000).map(toSearchDoc)), queries, 5);
    expect(padded.recall, JSON.stringify(padded.misses, null, 1)).toBeGreaterThanOrEqual(0.8);
  });
});
