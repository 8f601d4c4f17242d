import { describe, expect, it } from 'vitest';
import { loadSearchEval, recallAt, searchEvalDir } from '../../../bench/search-eval.js';
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
