// Name coverage: how much of a tool's own name (less its server's words) a query's words explain, so "list monitors"
// ranks monitor_list above monitor_create, and a look-alike with extra name words (`_recent`, `_v2`) below the tool
// whose name is all verb and object.
import { FIELD } from './fields.js';
import type { Alternative } from './query.js';

// Score factor at full coverage: 1 + NAME_COVER. Measured 0.5–3 on the tuning half of dev-v2 with blind restatements
// at 10,000 tools: 1 was best. (Applied to plain requests too, any setting cost recall@5 at 10,000 tools: 0.95 → 0.89
// on the dev set, so only restatements get it; see SearchOptions.nameMatch.) Counting only exact matches, weighting by
// query length (Dice) or capping it for long queries measured no better.
export const NAME_COVER = 1;

export interface NameCover {
  // Credits each tool whose name holds one of the concept's terms with the concept's best matching weight.
  add(concept: readonly Alternative[]): void;
  // 1 + NAME_COVER × the share of the tool's name words matched, for a tool `add` saw.
  factor(d: number): number;
  // Clears the per-query state of the tools `add` saw.
  reset(): void;
}

export function createNameCover(encoded: readonly Int32Array[][], vocabSize: number): NameCover {
  const { docs, length } = namePostings(encoded, vocabSize);
  const hit = new Float64Array(encoded.length);
  const cur = new Float64Array(encoded.length);
  const stamp = new Int32Array(encoded.length);
  const seen: number[] = [];
  let concept = 0;
  return {
    add(alternatives) {
      concept++;
      const local: number[] = [];
      for (const { term, weight } of alternatives) {
        const p = docs[term];
        if (!p) continue;
        for (let i = 0; i < p.length; i++) {
          const d = p[i] as number;
          if (stamp[d] !== concept) {
            if (stamp[d] === 0) seen.push(d);
            stamp[d] = concept;
            cur[d] = weight;
            local.push(d);
          } else if (weight > (cur[d] as number)) cur[d] = weight;
        }
      }
      for (const d of local) hit[d] = (hit[d] as number) + (cur[d] as number);
    },
    factor(d) {
      const n = length[d] as number;
      return n === 0 ? 1 : 1 + NAME_COVER * Math.min(1, (hit[d] as number) / n);
    },
    reset() {
      for (const d of seen) {
        hit[d] = 0;
        stamp[d] = 0;
      }
      seen.length = 0;
      concept = 0;
    },
  };
}

// Term → the tools whose name holds it, and each tool's count of distinct name terms (its server's words left out:
// `firecrawl_scrape` is about scraping, not about Firecrawl).
function namePostings(
  encoded: readonly Int32Array[][],
  vocabSize: number,
): { docs: Array<Int32Array | undefined>; length: Int32Array } {
  const lists = new Map<number, number[]>();
  const length = new Int32Array(encoded.length);
  // mark[term] = d + 1 when tool d's server name holds the term, -(d + 1) once its tool name has been counted.
  const mark = new Int32Array(vocabSize);
  encoded.forEach((fields, d) => {
    for (const t of fields[FIELD.server] ?? []) mark[t] = d + 1;
    for (const t of fields[FIELD.tool] ?? []) {
      if (mark[t] === d + 1 || mark[t] === -(d + 1)) continue;
      mark[t] = -(d + 1);
      length[d] = (length[d] as number) + 1;
      const l = lists.get(t);
      if (l) l.push(d);
      else lists.set(t, [d]);
    }
  });
  const docs: Array<Int32Array | undefined> = new Array(vocabSize);
  for (const [t, l] of lists) docs[t] = Int32Array.from(l);
  return { docs, length };
}
