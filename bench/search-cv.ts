// Held-out check for ranking changes: dev-v2 split in halves (even entries to tune on, odd ones to report), beside
// the other query sets and the blind restatements, on the real catalog and padded to 10,000 tools.
// Run: npx tsx bench/search-cv.ts [--kinds]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { padCatalog } from '../src/catalog/search/distractors.js';
import { DEFAULT_FUSION } from '../src/catalog/search/fuse.js';
import { createSearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
import { BLIND_RESTATEMENTS, evaluate, loadSets } from './search-phrasings.js';

export interface CvRow {
  label: string;
  n: number;
  real: [number, number];
  padded: [number, number];
}

// recall@1 and @5 for each set; "v2-tune" and "v2-held" are the even and odd halves of dev-v2.
export function crossValidate(kinds = false): CvRow[] {
  const { catalog, sets, alts } = loadSets(undefined, BLIND_RESTATEMENTS);
  const v2 = sets.find((s) => s.name === 'dev-v2');
  if (!v2) throw new Error('dev-v2 queries not found');
  const half = (parity: number, name: string) => ({
    name,
    queries: v2.queries.filter((_, i) => i % 2 === parity),
    kinds: v2.kinds.filter((_, i) => i % 2 === parity),
  });
  const runs = [
    ...sets.filter((s) => s.name !== 'dev-v2').map((s) => ({ set: s, mode: 'plain' as const })),
    { set: half(0, 'v2-tune'), mode: 'plain' as const },
    { set: half(1, 'v2-held'), mode: 'plain' as const },
    { set: v2, mode: 'plain' as const },
    { set: { ...v2, name: 'v2+blind' }, mode: DEFAULT_FUSION },
    { set: half(0, 'v2-tune+blind'), mode: DEFAULT_FUSION },
    { set: half(1, 'v2-held+blind'), mode: DEFAULT_FUSION },
    { set: { ...v2, name: 'v2+blind(old)' }, mode: 'join+maxnorm' as const },
  ];
  const rows = new Map<string, CvRow>();
  for (const padded of [false, true]) {
    const docs = (padded ? padCatalog(catalog, 10_000) : catalog).map(toSearchDoc);
    const index = createSearchIndex(docs);
    for (const { set, mode } of runs) {
      for (const [kind, c] of evaluate(index, set, mode, alts)) {
        if (kind !== 'all' && !kinds) continue;
        const label = kind === 'all' ? set.name : `${set.name}/${kind}`;
        const row = rows.get(label) ?? { label, n: c.n, real: [0, 0], padded: [0, 0] };
        row[padded ? 'padded' : 'real'] = [c.h1 / c.n, c.h5 / c.n];
        rows.set(label, row);
      }
    }
  }
  return [...rows.values()];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const f = (x: number) => x.toFixed(3);
  const lines = ['set                            n   real r@1  r@5   10k r@1  r@5'];
  for (const r of crossValidate(process.argv.includes('--kinds')))
    lines.push(
      `${r.label.padEnd(29)} ${String(r.n).padStart(3)}   ${f(r.real[0])} ${f(r.real[1])}   ${f(r.padded[0])} ${f(r.padded[1])}`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}
