// Prints the dev-v2 tuning half's misses at 5 (even entries only: the odd half stays held out), by kind.
// Run: npx tsx bench/search-misses.ts [kind]
import { createSearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
import { loadSets } from './search-phrasings.js';

const { catalog, sets } = loadSets();
const v2 = sets.find((s) => s.name === 'dev-v2');
const index = createSearchIndex(catalog.map(toSearchDoc));
const only = process.argv[2];
v2?.queries.forEach(([query, gold], i) => {
  const kind = v2.kinds[i] as string;
  if (i % 2 !== 0 || (only && kind !== only)) return;
  const got = index.search(query, { limit: 5 }).map((h) => `${h.doc.server}:${h.doc.tool}`);
  const rank = got.findIndex((g) => gold.includes(g));
  if (rank === 0) return;
  process.stdout.write(
    `[${kind}] ${rank < 0 ? 'MISS' : `@${rank + 1}`} ${query}\n   got ${got.slice(0, 3).join(', ')}\n   want ${gold.join(' | ')}\n`,
  );
});
