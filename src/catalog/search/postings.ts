// BM25F postings: for every term, the documents containing it and each one's precomputed, saturated score.
import { FIELDS } from './fields.js';
import type { Vocabulary } from './vocabulary.js';

export interface Posting {
  docs: Int32Array;
  scores: Float32Array;
}

const K1 = 1.2;

// Per-field length-normalised term frequencies are weighted and summed, then saturated once (BM25F).
// `encoded` is document → field → term ids.
export function buildPostings(
  encoded: readonly Int32Array[][],
  vocab: Vocabulary,
): Array<Posting | undefined> {
  const n = encoded.length;
  const avg = FIELDS.map(
    (_, f) => encoded.reduce((sum, d) => sum + (d[f]?.length ?? 0), 0) / Math.max(1, n) || 1,
  );
  const acc = new Float64Array(vocab.size);
  const df = new Int32Array(vocab.size);
  const seen: number[] = [];
  // Pass 1: document frequencies, to size the posting arrays exactly.
  for (const doc of encoded) {
    for (const field of doc) {
      for (const id of field) {
        if (acc[id] !== 0) continue;
        acc[id] = 1;
        seen.push(id);
      }
    }
    for (const id of seen) {
      df[id] = (df[id] as number) + 1;
      acc[id] = 0;
    }
    seen.length = 0;
  }
  const out: Array<Posting | undefined> = new Array(vocab.size);
  const fill = new Int32Array(vocab.size);
  const idf = new Float64Array(vocab.size);
  for (let id = 0; id < vocab.size; id++) {
    const count = df[id] as number;
    vocab.setDocFrequency(id, count);
    if (count === 0) continue;
    idf[id] = Math.log(1 + (n - count + 0.5) / (count + 0.5));
    out[id] = { docs: new Int32Array(count), scores: new Float32Array(count) };
  }
  // Pass 2: weighted frequencies per document, saturated into scores.
  encoded.forEach((doc, d) => {
    doc.forEach((field, f) => {
      const spec = FIELDS[f];
      if (!spec || field.length === 0) return;
      const norm = spec.weight / (1 - spec.b + (spec.b * field.length) / (avg[f] as number));
      for (const id of field) {
        if (acc[id] === 0) seen.push(id);
        acc[id] = (acc[id] as number) + norm;
      }
    });
    for (const id of seen) {
      const p = out[id] as Posting;
      const w = acc[id] as number;
      const at = fill[id] as number;
      p.docs[at] = d;
      p.scores[at] = ((idf[id] as number) * w * (K1 + 1)) / (K1 + w);
      fill[id] = at + 1;
      acc[id] = 0;
    }
    seen.length = 0;
  });
  return out;
}
