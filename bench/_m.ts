import { loadSets } from './search-phrasings.js';
import { createSearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
const { catalog, sets } = loadSets();
const idx = createSearchIndex(catalog.map(toSearchDoc));
const v2 = sets[1]!;
v2.queries.forEach(([q, gold], i) => {
  if (v2.kinds[i] !== process.argv[2]) return;
  const got = idx.search(q, { limit: 5 }).map((h) => `${h.doc.server}:${h.doc.tool}`);
  if (!gold.includes(got[0] ?? '')) console.log(got.slice(0,5).some(g=>gold.includes(g)) ? 'HIT5' : 'MISS', q, '→', got.slice(0, 3).join(' '), '| want', gold.slice(0, 2).join(' '));
});
