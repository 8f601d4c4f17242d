// The in-process BM25F tool search index behind `search_tools`: build once per catalog, rank a query in well under a millisecond.
import { FIELD, extractFields, type DocFields } from './fields.js';
import { buildPostings, type Posting } from './postings.js';
import { createNameCover, NAME_COVER } from './name-cover.js';
import { createVocabulary, type Vocabulary } from './vocabulary.js';
import { queryConcepts, type Alternative } from './query.js';
import { createServerNames } from './servers.js';
import { splitCompound } from './compound.js';

export interface SearchDoc {
  name: string;
  server: string;
  tool: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  serverDescription?: string;
}
export interface SearchHit {
  doc: SearchDoc;
  score: number;
}
export interface SearchOptions {
  limit?: number;
  server?: string;
  filter?: (doc: SearchDoc) => boolean;
  // Score tools higher the more of their own name the query's words explain (name-cover.ts). For phrasings written in
  // the tools' vocabulary (the caller's restatements); a person's request has too many words that some short
  // look-alike name is made of.
  nameMatch?: boolean;
}
export interface SearchIndex {
  readonly size: number;
  search(query: string, options?: SearchOptions): SearchHit[];
  // The score a tool matching every word of the query at its best would get: what a phrasing's scores are measured
  // against when phrasings are fused (a rambling request's best hit reaches a small share of it).
  idealScore(query: string, options?: Pick<SearchOptions, 'nameMatch'>): number;
}

const DEFAULT_LIMIT = 10;
// Score factor for the tools of a server the query names: 1.3–2 measured alike on the tuning half of dev-v2.
export const SERVER_BOOST = 1.5;
const RECENT_QUERIES = 16;

export function createSearchIndex(docs: readonly SearchDoc[]): SearchIndex {
  const list = docs.slice();
  const extracted = list.map((d) => extractFields(d));
  const { vocabulary: vocab, encoded } = createVocabulary(extracted);
  extracted.forEach((doc, d) => ((encoded[d] as Int32Array[])[FIELD.nameParts] = compoundParts(doc, vocab)));
  const postings = buildPostings(encoded, vocab);
  const termMax = topScores(postings);
  const nameCover = createNameCover(encoded, vocab.size);
  const servers = createServerNames(list, encoded, vocab);
  const total = new Float64Array(list.length);
  const best = new Float64Array(list.length);
  const matched = new Int32Array(list.length);
  // Fusing phrasings asks for a query's ideal score and its hits: the concepts are worked out once.
  const recent = new Map<string, Alternative[][]>();
  const conceptsOf = (query: string): Alternative[][] => {
    let concepts = recent.get(query);
    if (concepts === undefined) {
      concepts = queryConcepts(query, vocab);
      if (recent.size >= RECENT_QUERIES) recent.delete(recent.keys().next().value as string);
      recent.set(query, concepts);
    }
    return concepts;
  };

  return {
    size: list.length,
    idealScore(query, options = {}) {
      let sum = 0;
      for (const concept of conceptsOf(query)) {
        let top = 0;
        for (const { term, weight } of concept) top = Math.max(top, weight * (termMax[term] as number));
        sum += top;
      }
      return options.nameMatch === true ? sum * (1 + NAME_COVER) : sum;
    },
    search(query, options = {}) {
      const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
      if (limit === 0 || list.length === 0) return [];
      const touched: number[] = [];
      const concepts = conceptsOf(query);
      for (const concept of concepts) {
        if (options.nameMatch === true) nameCover.add(concept);
        const local: number[] = [];
        for (const { term, weight } of concept) {
          const p = postings[term];
          if (!p) continue;
          for (let i = 0; i < p.docs.length; i++) {
            const d = p.docs[i] as number;
            const s = weight * (p.scores[i] as number);
            if (best[d] === 0) local.push(d);
            if (s > (best[d] as number)) best[d] = s;
          }
        }
        for (const d of local) {
          if (total[d] === 0) touched.push(d);
          total[d] = (total[d] as number) + (best[d] as number);
          matched[d] = (matched[d] as number) + 1;
          best[d] = 0;
        }
      }
      // Coverage: a tool that answers more of the query's words ranks above one that matches a single word strongly
      // (at 10,000 tools, some look-alike's name always does). A server the query names by product comes first.
      const named = servers.named(query);
      for (const d of touched) {
        const boost = named.has(servers.serverOf[d] as number) ? SERVER_BOOST : 1;
        const cover = (options.nameMatch === true ? nameCover.factor(d) : 1) * ((matched[d] as number) + 1);
        total[d] = (boost * cover * (total[d] as number)) / (concepts.length + 1);
        matched[d] = 0;
      }
      nameCover.reset();
      const hits = selectTop(touched, total, list, limit, options);
      for (const d of touched) total[d] = 0;
      return hits;
    },
  };
}

// Each term's best posting score: what a phrasing's ideal score is summed from.
function topScores(postings: ReadonlyArray<Posting | undefined>): Float64Array {
  const out = new Float64Array(postings.length);
  postings.forEach((p, id) => {
    if (p) for (const s of p.scores) if (s > (out[id] as number)) out[id] = s;
  });
  return out;
}

// Long tool-name words split into two known words ("heapsnapshot" → heap + snapshot) so either half matches.
function compoundParts(doc: DocFields, vocab: Vocabulary): Int32Array {
  const parts: number[] = [];
  for (const word of doc.nameWords) parts.push(...(splitCompound(word, vocab) ?? []));
  return Int32Array.from(parts);
}

// Keeps the best `limit` hits by score, ties broken by exposed name so results are deterministic.
function selectTop(
  touched: number[],
  total: Float64Array,
  list: SearchDoc[],
  limit: number,
  options: SearchOptions,
): SearchHit[] {
  const top: SearchHit[] = [];
  for (const d of touched) {
    const score = total[d] as number;
    if (!(score > 0)) continue;
    if (top.length === limit && !before(score, (list[d] as SearchDoc).name, top[limit - 1] as SearchHit))
      continue;
    const doc = list[d] as SearchDoc;
    if (options.server !== undefined && doc.server !== options.server) continue;
    if (options.filter && !options.filter(doc)) continue;
    let i = top.length;
    while (i > 0 && before(score, doc.name, top[i - 1] as SearchHit)) i--;
    top.splice(i, 0, { doc, score });
    if (top.length > limit) top.pop();
  }
  return top;
}

function before(score: number, name: string, hit: SearchHit): boolean {
  return score > hit.score || (score === hit.score && name < hit.doc.name);
}
