// Search quality by query kind, plain and with the caller's restatements fused each way, on the real catalog and padded to 10,000 tools.
// Run: npx tsx bench/search-phrasings.ts [--methods join,rrf,maxnorm,join+maxnorm,ideal] [--blind] [--json]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { padCatalog } from '../src/catalog/search/distractors.js';
import { searchPhrasings, type FusionMethod } from '../src/catalog/search/fuse.js';
import { createSearchIndex, type SearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc, type OfflineTool } from '../src/catalog/search/offline.js';
import { createMetaTools } from '../src/server/meta-tools.js';
import { EXTRA_QUERIES, searchEvalDir, type DevQuery } from './search-eval.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Restatements of dev and dev-v2 written by someone who had seen the server list (see the file's "about").
export const RESTATEMENTS = path.join(HERE, 'search-restatements.json');
// Restatements of dev-v2 written from the query text alone (no catalog, no answers): the honest held-out figures.
export const BLIND_RESTATEMENTS = path.join(HERE, 'search-restatements-blind.json');

interface QuerySet {
  name: string;
  queries: DevQuery[];
  kinds: string[];
}
type Mode = 'plain' | FusionMethod;
interface Row {
  set: string;
  size: number;
  mode: Mode;
  kind: string;
  n: number;
  r1: number;
  r5: number;
}

export function loadSets(
  dir = searchEvalDir(),
  restatements = RESTATEMENTS,
): {
  catalog: OfflineTool[];
  sets: QuerySet[];
  alts: Map<string, string[]>;
} {
  const catalog = JSON.parse(readFileSync(path.join(dir, 'catalog-real.json'), 'utf8')) as OfflineTool[];
  const read = (file: string): DevQuery[] => JSON.parse(readFileSync(file, 'utf8')) as DevQuery[];
  const dev = read(path.join(dir, 'dev-queries.json'));
  const v2 = read(path.join(dir, 'dev-v2-queries.json'));
  const meta = JSON.parse(readFileSync(path.join(dir, 'dev-v2-meta.json'), 'utf8')) as Array<{
    category: string;
  }>;
  const sets: QuerySet[] = [
    { name: 'dev', queries: dev, kinds: dev.map(() => 'all') },
    { name: 'dev-v2', queries: v2, kinds: meta.map((m) => m.category) },
  ];
  if (existsSync(EXTRA_QUERIES)) {
    const extra = read(EXTRA_QUERIES);
    sets.push({ name: 'extra', queries: extra, kinds: extra.map(() => 'all') });
  }
  const file = JSON.parse(readFileSync(restatements, 'utf8')) as { restatements: Record<string, string[]> };
  return { catalog, sets, alts: new Map(Object.entries(file.restatements)) };
}

export function evaluate(
  index: SearchIndex,
  set: QuerySet,
  mode: Mode,
  alts: Map<string, string[]>,
): Map<string, { n: number; h1: number; h5: number }> {
  const byKind = new Map<string, { n: number; h1: number; h5: number }>();
  set.queries.forEach(([query, gold], i) => {
    const got = rank(index, query, mode, alts).map((h) => `${h.doc.server}:${h.doc.tool}`);
    const kind = set.kinds[i] as string;
    for (const k of kind === 'all' ? ['all'] : ['all', kind]) {
      const c = byKind.get(k) ?? { n: 0, h1: 0, h5: 0 };
      c.n++;
      if (gold.includes(got[0] ?? '')) c.h1++;
      if (got.slice(0, 5).some((g) => gold.includes(g))) c.h5++;
      byKind.set(k, c);
    }
  });
  return byKind;
}

function rank(index: SearchIndex, query: string, mode: Mode, alts: Map<string, string[]>) {
  if (mode === 'plain') return index.search(query, { limit: 5 });
  return searchPhrasings(index, query, alts.get(query) ?? [], { limit: 5 }, mode);
}

// What the search-mode listing costs against listing the whole catalog, in characters/4 (no tokenizer installed).
export function listingCost(catalog: readonly OfflineTool[]): {
  metaTokens: number;
  fullTokens: number;
  ratio: number;
} {
  const tokens = (value: unknown) => Math.ceil(JSON.stringify(value).length / 4);
  const metaTokens = tokens(createMetaTools().map((t) => t.definition));
  const fullTokens = tokens(
    catalog.map((t) => ({
      name: `${t.server}_${t.name}`,
      description: t.description,
      inputSchema: t.inputSchema,
    })),
  );
  return { metaTokens, fullTokens, ratio: metaTokens / fullTokens };
}

function timing(
  index: SearchIndex,
  queries: DevQuery[],
  mode: Mode,
  alts: Map<string, string[]>,
): { p50: number; p99: number } {
  for (const [q] of queries) rank(index, q, mode, alts);
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++)
    for (const [q] of queries) {
      const t0 = performance.now();
      rank(index, q, mode, alts);
      times.push(performance.now() - t0);
    }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv.indexOf('--methods');
  const methods = (arg > 0 ? (process.argv[arg + 1] ?? '') : 'join,rrf,maxnorm,join+maxnorm,ideal').split(
    ',',
  ) as FusionMethod[];
  const file = process.argv.includes('--blind') ? BLIND_RESTATEMENTS : RESTATEMENTS;
  const { catalog, sets, alts } = loadSets(undefined, file);
  const rows: Row[] = [];
  const cost = listingCost(catalog);
  const lines: string[] = [
    `listing (chars/4): search_tools+describe_tool+invoke_tool ${cost.metaTokens} tokens, full list ${cost.fullTokens} (${(100 * cost.ratio).toFixed(2)}%)`,
  ];
  for (const size of [catalog.length, 10_000]) {
    const docs = (size === catalog.length ? catalog : padCatalog(catalog, size)).map(toSearchDoc);
    const t0 = performance.now();
    const index = createSearchIndex(docs);
    lines.push(`${size} tools: index build ${(performance.now() - t0).toFixed(0)} ms`);
    for (const set of sets) {
      const modes: Mode[] = set.queries.some(([q]) => alts.has(q)) ? ['plain', ...methods] : ['plain'];
      for (const mode of modes) {
        for (const [kind, c] of evaluate(index, set, mode, alts))
          rows.push({ set: set.name, size, mode, kind, n: c.n, r1: c.h1 / c.n, r5: c.h5 / c.n });
        if (size === 10_000 && set.name === 'dev-v2') {
          const t = timing(index, set.queries, mode, alts);
          lines.push(
            `10000 tools dev-v2 ${mode}: query p50 ${t.p50.toFixed(3)} ms p99 ${t.p99.toFixed(3)} ms`,
          );
        }
      }
    }
  }
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
  else {
    for (const r of rows)
      lines.push(
        `${r.set.padEnd(7)} ${String(r.size).padStart(5)} ${r.mode.padEnd(13)} ${r.kind.padEnd(15)} n=${String(r.n).padStart(3)}  r@1 ${r.r1.toFixed(3)}  r@5 ${r.r5.toFixed(3)}`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
