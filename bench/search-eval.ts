// Search quality and speed on the shared dev set: recall@1/@5 and latency on the real catalog and padded to 10,000 tools.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { padCatalog } from '../src/catalog/search/distractors.js';
import { createSearchIndex, type SearchIndex } from '../src/catalog/search/index.js';
import { toSearchDoc, type OfflineTool } from '../src/catalog/search/offline.js';

export interface SizeFigures {
  tools: number;
  recallAt1: number;
  recallAt5: number;
  buildMs: number;
  queryP50Ms: number;
  queryP99Ms: number;
  misses: Array<{ query: string; expected: string[]; got: string[] }>;
}
export interface SearchEvalFigures {
  queries: number;
  real: SizeFigures;
  padded: SizeFigures;
}

export type DevQuery = [string, string[]];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function searchEvalDir(): string {
  return process.env.SEARCH_EVAL_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'search-eval');
}

// A second query set over the same catalog, written for this project after the ranking was built (80 queries, in
// the dev set's format); it shows how far the dev-set figures carry to queries the ranking was not tuned on.
export const EXTRA_QUERIES = path.join(REPO_ROOT, 'bench', 'search-extra-queries.json');

export function loadSearchEval(
  dir = searchEvalDir(),
  queriesFile = path.join(dir, 'dev-queries.json'),
): { catalog: OfflineTool[]; queries: DevQuery[] } | undefined {
  const catalogFile = path.join(dir, 'catalog-real.json');
  if (!existsSync(catalogFile) || !existsSync(queriesFile)) return undefined;
  return {
    catalog: JSON.parse(readFileSync(catalogFile, 'utf8')) as OfflineTool[],
    queries: JSON.parse(readFileSync(queriesFile, 'utf8')) as DevQuery[],
  };
}

export function evaluateSearch(
  options: { dir?: string; queriesFile?: string; paddedSize?: number } = {},
): SearchEvalFigures {
  const data = loadSearchEval(options.dir, options.queriesFile);
  if (!data)
    throw new Error(`search eval data not found in ${options.dir ?? searchEvalDir()} (set SEARCH_EVAL_DIR)`);
  return {
    queries: data.queries.length,
    real: measure(data.catalog, data.queries),
    padded: measure(padCatalog(data.catalog, options.paddedSize ?? 10_000), data.queries),
  };
}

// Recall counts a query as answered when any expected `server:tool` is in the top k.
export function recallAt(
  index: SearchIndex,
  queries: readonly DevQuery[],
  k: number,
): { recall: number; misses: SizeFigures['misses'] } {
  let hits = 0;
  const misses: SizeFigures['misses'] = [];
  for (const [query, expected] of queries) {
    const got = index.search(query, { limit: k }).map((h) => `${h.doc.server}:${h.doc.tool}`);
    if (got.some((g) => expected.includes(g))) hits++;
    else misses.push({ query, expected, got });
  }
  return { recall: queries.length === 0 ? 0 : hits / queries.length, misses };
}

function measure(catalog: readonly OfflineTool[], queries: readonly DevQuery[]): SizeFigures {
  const docs = catalog.map(toSearchDoc);
  const builds: number[] = [];
  let index = createSearchIndex(docs);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    index = createSearchIndex(docs);
    builds.push(performance.now() - t0);
  }
  const r1 = recallAt(index, queries, 1);
  const r5 = recallAt(index, queries, 5);
  for (const [q] of queries) index.search(q); // warm-up
  const times: number[] = [];
  for (let rep = 0; rep < 20; rep++) {
    for (const [q] of queries) {
      const t0 = performance.now();
      index.search(q);
      times.push(performance.now() - t0);
    }
  }
  return {
    tools: catalog.length,
    recallAt1: r1.recall,
    recallAt5: r5.recall,
    buildMs: percentile(builds, 0.5),
    queryP50Ms: percentile(times, 0.5),
    queryP99Ms: percentile(times, 0.99),
    misses: r5.misses,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function report(f: SearchEvalFigures): string {
  const row = (label: string, s: SizeFigures): string =>
    `${label.padEnd(8)} ${String(s.tools).padStart(6)} tools  recall@1 ${s.recallAt1.toFixed(3)}  recall@5 ${s.recallAt5.toFixed(3)}  ` +
    `build ${s.buildMs.toFixed(1)} ms  query p50 ${s.queryP50Ms.toFixed(3)} ms  p99 ${s.queryP99Ms.toFixed(3)} ms`;
  const misses = (s: SizeFigures): string[] =>
    s.misses.map(
      (m) => `  miss@5 [${s.tools}] ${m.query} → ${m.got.join(', ')} (want ${m.expected.join(' | ')})`,
    );
  return [
    `search eval: ${f.queries} queries`,
    row('real', f.real),
    row('padded', f.padded),
    ...misses(f.real),
    ...misses(f.padded),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = evaluateSearch(process.argv.includes('--extra') ? { queriesFile: EXTRA_QUERIES } : {});
  process.stdout.write(
    process.argv.includes('--json') ? `${JSON.stringify(figures, null, 2)}\n` : `${report(figures)}\n`,
  );
}
