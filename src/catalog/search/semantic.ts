// The semantic signal for search: cosine scores of tool vectors against a query vector, fused with the lexical ranking.
import { fuseLists } from './fuse.js';
import type { SearchDoc, SearchHit } from './index.js';

// How deep each list goes before fusing: a tool either signal ranks well survives.
export const SEMANTIC_DEPTH = 50;

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

// The docs most similar to the query vector (positive similarity only), best first, ties by name.
export function rankByVector(
  query: ArrayLike<number>,
  docs: readonly SearchDoc[],
  vectorOf: (doc: SearchDoc) => ArrayLike<number> | undefined,
  depth = SEMANTIC_DEPTH,
): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const doc of docs) {
    const v = vectorOf(doc);
    const score = v ? cosine(query, v) : 0;
    if (score > 0) hits.push({ doc, score });
  }
  hits.sort((a, b) => b.score - a.score || (a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0));
  return hits.slice(0, depth);
}

// Reciprocal rank fusion of the lexical and semantic lists: ranks, not raw scores, because cosine similarities of a
// real model crowd into a narrow band that would swamp (or vanish beside) the lexical scores.
export function fuseSemantic(lexical: SearchHit[], semantic: SearchHit[], limit: number): SearchHit[] {
  if (semantic.length === 0) return lexical.slice(0, limit);
  return fuseLists([lexical, semantic], 'rrf', limit);
}

// The text a tool is embedded as: its words, title and description (cut: endpoints limit input length).
export function embeddingText(doc: SearchDoc): string {
  const words = doc.tool.replace(/[_\-.]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return [words, doc.title, doc.description].filter((t) => t !== undefined && t !== '').join(': ').slice(0, 2000);
}
