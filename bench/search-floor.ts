// How far a lexical ranking can reach on plain queries: for each dev-v2 query, whether any word the ranker makes of it
// (stems, abbreviations, synonyms and action classes, compound halves, prefix and typo neighbours: query.ts) occurs
// in an acceptable tool's indexed text (name, server, title, description, parameters). A tool that shares no word
// gets no lexical score, so the share of queries with such a tool bounds recall@5 of any ranking built on these
// words. Tighter, the oracle: a ranking that scores a tool by a positive weight for each query word it holds, growing
// with the weight of the field it is in (word weights chosen per query, knowing the answer), ranks every tool holding
// each word an acceptable tool holds in a field at least as heavy at least as high; the acceptable tool can be in the
// top k only if fewer than k unacceptable tools dominate it so. (Today's ranking also counts repeats and length, so
// it can beat the oracle by a little.) Printed by kind
// with today's recall, on the real catalog and padded to 10,000 tools.
// Run: npx tsx bench/search-floor.ts [--misses]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { padCatalog } from '../src/catalog/search/distractors.js';
import { extractFields, FIELDS } from '../src/catalog/search/fields.js';
import { createSearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
import { queryConcepts } from '../src/catalog/search/query.js';
import { createVocabulary } from '../src/catalog/search/vocabulary.js';
import { loadSets } from './search-phrasings.js';

interface Tally {
  n: number;
  any: number; // an acceptable tool shares a word
  exact: number; // ... the query's own stem, no synonym or fallback
  oracle1: number; // no unacceptable tool holds every query word an acceptable one holds
  oracle5: number; // fewer than 5 do
  found1: number; // today's ranking has one first
  found5: number; // ... in the top 5
}

export function floor(size: number, heldOutOnly: boolean, misses: string[] = []): Map<string, Tally> {
  const { catalog, sets } = loadSets();
  const v2 = sets.find((s) => s.name === 'dev-v2');
  if (!v2) throw new Error('dev-v2 queries not found');
  const docs = (size > catalog.length ? padCatalog(catalog, size) : catalog).map(toSearchDoc);
  const { vocabulary, encoded } = createVocabulary(docs.map((d) => extractFields(d)));
  // term → tool → the heaviest field weight the tool holds it in
  const holders = new Map<number, Map<number, number>>();
  encoded.forEach((fields, d) => {
    fields.forEach((field, f) => {
      const w = FIELDS[f]?.weight ?? 0;
      for (const id of field) {
        let m = holders.get(id);
        if (!m) holders.set(id, (m = new Map()));
        if ((m.get(d) ?? 0) < w) m.set(d, w);
      }
    });
  });
  const index = createSearchIndex(docs);
  const byName = new Map(docs.map((d, i) => [`${d.server}:${d.tool}`, i]));
  const out = new Map<string, Tally>();
  v2.queries.forEach(([query, gold], i) => {
    if (heldOutOnly && i % 2 === 0) return;
    const concepts = queryConcepts(query, vocabulary);
    const terms = new Set(concepts.flatMap((c) => c.map((a) => a.term)));
    const exact = new Set(concepts.flatMap((c) => c.filter((a) => a.weight === 1).map((a) => a.term)));
    const shared = (pick: (id: number) => boolean): boolean =>
      gold.some((g) => {
        const d = byName.get(g);
        return d !== undefined && [...terms].some((id) => pick(id) && holders.get(id)?.has(d) === true);
      });
    const any = shared(() => true);
    const own = shared((id) => exact.has(id));
    const rivals = fewestRivals(concepts, holders, new Set(gold.map((g) => byName.get(g) ?? -1)));
    const top = index.search(query, { limit: 5 }).map((h) => `${h.doc.server}:${h.doc.tool}`);
    if (!any) misses.push(`[${v2.kinds[i]}] ${query}  (want ${gold.join(' | ')})`);
    for (const kind of ['all', v2.kinds[i] as string]) {
      const t = out.get(kind) ?? { n: 0, any: 0, exact: 0, oracle1: 0, oracle5: 0, found1: 0, found5: 0 };
      t.n++;
      t.any += any ? 1 : 0;
      t.exact += own ? 1 : 0;
      t.oracle1 += rivals < 1 ? 1 : 0;
      t.oracle5 += rivals < 5 ? 1 : 0;
      t.found1 += gold.includes(top[0] ?? '') ? 1 : 0;
      t.found5 += top.some((g) => gold.includes(g)) ? 1 : 0;
      out.set(kind, t);
    }
  });
  return out;
}

// For the acceptable tool that does best: how many unacceptable tools hold every query concept it holds, each in a
// field at least as heavy (Infinity when no acceptable tool holds any).
function fewestRivals(
  concepts: ReadonlyArray<ReadonlyArray<{ term: number }>>,
  holders: ReadonlyMap<number, ReadonlyMap<number, number>>,
  gold: ReadonlySet<number>,
): number {
  // concept → tool → the heaviest field holding any of its terms
  const holding = concepts.map((c) => {
    const m = new Map<number, number>();
    for (const { term } of c)
      for (const [d, w] of holders.get(term) ?? []) if ((m.get(d) ?? 0) < w) m.set(d, w);
    return m;
  });
  let best = Infinity;
  for (const g of gold) {
    const held = holding.filter((h) => h.has(g));
    if (held.length === 0) continue;
    const [first, ...rest] = held.sort((a, b) => a.size - b.size) as [
      Map<number, number>,
      ...Array<Map<number, number>>,
    ];
    let rivals = 0;
    for (const [d, w] of first)
      if (
        !gold.has(d) &&
        w >= (first.get(g) as number) &&
        rest.every((h) => (h.get(d) ?? 0) >= (h.get(g) as number))
      )
        rivals++;
    best = Math.min(best, rivals);
  }
  return best;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const f = (x: number, n: number) => (x / n).toFixed(3);
  const lines = [
    'plain dev-v2 queries: share where an acceptable tool shares a word with the query (a bound on recall@5), its own',
    'stem only; the oracle at 1 and 5 (fewer than k unacceptable tools hold every word it holds, each in as heavy a',
    'field); recall today',
    'set      tools  kind             n   any-word own-stem  oracle@1 oracle@5   r@1 now  r@5 now',
  ];
  const misses: string[] = [];
  for (const heldOut of [true, false])
    for (const size of [243, 10_000]) {
      for (const [kind, t] of floor(size, heldOut, size === 243 && !heldOut ? misses : [])) {
        lines.push(
          `${(heldOut ? 'held' : 'all').padEnd(8)} ${String(size).padStart(5)}  ${kind.padEnd(15)} ${String(t.n).padStart(3)}   ` +
            `${f(t.any, t.n)}    ${f(t.exact, t.n)}     ${f(t.oracle1, t.n)}    ${f(t.oracle5, t.n)}      ` +
            `${f(t.found1, t.n)}    ${f(t.found5, t.n)}`,
        );
      }
    }
  if (process.argv.includes('--misses'))
    lines.push('queries no acceptable tool shares a word with:', ...misses);
  process.stdout.write(`${lines.join('\n')}\n`);
}
