// Ranks several phrasings of one request (the query and the caller's restatements) as one list.
import type { SearchHit, SearchIndex, SearchOptions } from './index.js';

export type FusionMethod = 'join' | 'rrf' | 'maxnorm' | 'join+maxnorm' | 'ideal';

// At most this many restatements count; more would let one call cost many searches.
export const MAX_ALTERNATIVES = 3;
// Each phrasing's own list is cut here before fusing: deep enough that a tool ranked well by one phrasing survives.
const DEPTH = 50;
const RRF_K = 60;
// In `ideal` fusion, phrasings from this position on ([joined, query, ...restatements]) are the caller's restatements,
// searched with name matching: measured on the tuning half, the joined text and the query gain nothing from it.
const NAME_MATCH_FROM = 2;

export const DEFAULT_FUSION: FusionMethod = 'ideal';

// `join`: one query of all the words. `rrf`: reciprocal rank fusion. `maxnorm`: each phrasing's scores divided by
// its best, summed (a tool every phrasing finds beats one a single phrasing likes). `join+maxnorm`: the joined
// query counted as one more phrasing. `ideal` (the default): the joined query, the query and each restatement, each
// score divided by its phrasing's ideal score (a tool matching all of its words at their best), summed: a phrasing
// whose best hit matches few of its words (a rambling request) counts for less than one its best hit answers fully.
// On held-out dev-v2 with blind restatements it beat `join+maxnorm` by 0.03–0.06 recall@1 (bench/search-cv.ts).
export function searchPhrasings(
  index: SearchIndex,
  query: string,
  alternatives: readonly string[] = [],
  options: SearchOptions = {},
  method: FusionMethod = DEFAULT_FUSION,
): SearchHit[] {
  const alts = cleanAlternatives(query, alternatives);
  if (alts.length === 0) return index.search(query, options);
  const joined = [query, ...alts].join(' ');
  if (method === 'join') return index.search(joined, options);
  const limit = Math.max(0, Math.floor(options.limit ?? 10));
  const deep = { ...options, limit: Math.max(DEPTH, limit) };
  const phrasings =
    method === 'join+maxnorm' || method === 'ideal' ? [joined, query, ...alts] : [query, ...alts];
  if (method === 'ideal') {
    const scaled = phrasings.map((p, i) => {
      const own = { ...deep, nameMatch: i >= NAME_MATCH_FROM };
      const ideal = index.idealScore(p, own);
      return ideal > 0 ? index.search(p, own).map((h) => ({ doc: h.doc, score: h.score / ideal })) : [];
    });
    return fuseLists(scaled, 'sum', limit);
  }
  const lists = phrasings.map((p) => index.search(p, deep));
  return fuseLists(lists, method === 'rrf' ? 'rrf' : 'maxnorm', limit);
}

// Trimmed, distinct, non-empty restatements other than the query itself, at most MAX_ALTERNATIVES.
export function cleanAlternatives(query: string, alternatives: readonly string[]): string[] {
  const seen = new Set([query.trim().toLowerCase()]);
  const out: string[] = [];
  for (const alt of alternatives) {
    const text = alt.trim();
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length === MAX_ALTERNATIVES) break;
  }
  return out;
}

// Merges ranked lists into one; ties broken by exposed name so results are deterministic.
export function fuseLists(
  lists: readonly SearchHit[][],
  method: 'rrf' | 'maxnorm' | 'sum',
  limit: number,
): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  for (const list of lists) {
    const top = list[0]?.score ?? 0;
    list.forEach((hit, rank) => {
      const part =
        method === 'rrf'
          ? 1 / (RRF_K + rank + 1)
          : method === 'sum'
            ? hit.score
            : top > 0
              ? hit.score / top
              : 0;
      const seen = fused.get(hit.doc.name);
      if (seen) seen.score += part;
      else fused.set(hit.doc.name, { doc: hit.doc, score: part });
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0))
    .slice(0, limit);
}
