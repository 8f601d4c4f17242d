// Coordinate search over the BM25F field weights and length normalisation on the tuning half of dev-v2 (even
// entries) together with the dev and extra sets (so no set is traded for another), real catalog and padded to
// 10,000 tools; prints each field's best setting. The odd half of dev-v2 is never read.
// Run: npx tsx bench/search-tune.ts
import { padCatalog } from '../src/catalog/search/distractors.js';
import { FIELDS } from '../src/catalog/search/fields.js';
import { createSearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
import { evaluate, loadSets } from './search-phrasings.js';

const { catalog, sets, alts } = loadSets();
const v2 = sets.find((s) => s.name === 'dev-v2');
if (!v2) throw new Error('dev-v2 queries not found');
const tune = {
  name: 'tune',
  queries: v2.queries.filter((_, i) => i % 2 === 0),
  kinds: v2.kinds.filter((_, i) => i % 2 === 0),
};
const catalogs = [catalog, padCatalog(catalog, 10_000)].map((c) => c.map(toSearchDoc));

const tuneSets = [tune, ...sets.filter((s) => s.name !== 'dev-v2')];

// Sum of recall@1 and @5 over the sets and both catalog sizes.
function score(): number {
  let sum = 0;
  for (const docs of catalogs) {
    const index = createSearchIndex(docs);
    for (const set of tuneSets) {
      const all = evaluate(index, set, 'plain', alts).get('all');
      if (all) sum += (all.h1 + all.h5) / all.n;
    }
  }
  return sum;
}

const specs = FIELDS as Array<{ weight: number; b: number }>;
let best = score();
process.stdout.write(`start ${best.toFixed(3)}\n`);
for (let f = 0; f < specs.length; f++) {
  const spec = specs[f] as { weight: number; b: number };
  for (const key of ['weight', 'b'] as const) {
    const base = spec[key];
    const tries =
      key === 'weight' ? [base * 0.5, base * 0.75, base * 1.33, base * 2] : [0, 0.3, 0.5, 0.75, 0.9];
    let keep = base;
    for (const v of tries) {
      if (v === base) continue;
      spec[key] = v;
      const s = score();
      if (s > best + 1e-9) {
        best = s;
        keep = v;
      }
    }
    spec[key] = keep;
    process.stdout.write(`field ${f} ${key} ${base} → ${keep}  (${best.toFixed(3)})\n`);
  }
}
process.stdout.write(`${JSON.stringify(specs)}\n`);
