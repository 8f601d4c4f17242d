// The index's term dictionary: stem ↔ id, document frequencies, and prefix / one-typo lookups for words the catalog never uses.
import type { DocFields } from './fields.js';

export interface Vocabulary {
  readonly size: number;
  has(term: string): boolean;
  id(term: string): number | undefined;
  docFrequency(id: number): number;
  setDocFrequency(id: number, df: number): void;
  // Ids of known terms that start with `prefix` (at most `max`, most frequent first).
  withPrefix(prefix: string, max: number): number[];
  // Ids of known terms one edit (insert, delete, substitute, transpose) away from `term`.
  oneEditAway(term: string, max: number): number[];
}

// Assigns term ids and returns each document's fields as id arrays (what the postings are built from).
export function createVocabulary(docs: readonly DocFields[]): {
  vocabulary: Vocabulary;
  encoded: Int32Array[][];
} {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const encoded = docs.map((doc) =>
    doc.fields.map((field) => {
      const out = new Int32Array(field.length);
      for (let i = 0; i < field.length; i++) {
        const t = field[i] as string;
        let id = ids.get(t);
        if (id === undefined) {
          id = terms.length;
          ids.set(t, id);
          terms.push(t);
        }
        out[i] = id;
      }
      return out;
    }),
  );
  return { vocabulary: createLookups(ids, terms), encoded };
}

function createLookups(ids: Map<string, number>, terms: string[]): Vocabulary {
  const df = new Int32Array(terms.length);
  const sorted = terms.slice().sort();
  const byLength = new Map<number, number[]>();
  terms.forEach((t, id) => {
    const bucket = byLength.get(t.length);
    if (bucket) bucket.push(id);
    else byLength.set(t.length, [id]);
  });
  const byFrequency = (a: number, b: number): number => (df[b] as number) - (df[a] as number) || a - b;

  return {
    get size() {
      return terms.length;
    },
    has: (t) => ids.has(t),
    id: (t) => ids.get(t),
    docFrequency: (id) => df[id] ?? 0,
    setDocFrequency(id, n) {
      if (id < df.length) df[id] = n;
    },
    withPrefix(prefix, max) {
      const out: number[] = [];
      for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
        const t = sorted[i] as string;
        if (!t.startsWith(prefix)) break;
        if (t !== prefix) out.push(ids.get(t) as number);
      }
      return out.sort(byFrequency).slice(0, max);
    },
    oneEditAway(term, max) {
      const out: number[] = [];
      for (let len = term.length - 1; len <= term.length + 1; len++) {
        for (const id of byLength.get(len) ?? []) if (isOneEdit(term, terms[id] as string)) out.push(id);
      }
      return out.sort(byFrequency).slice(0, max);
    },
  };
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// True when a and b differ by exactly one insertion, deletion, substitution or adjacent transposition.
function isOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  if (a.length + 1 === b.length) return a.slice(i) === b.slice(i + 1);
  if (a.length === b.length + 1) return a.slice(i + 1) === b.slice(i);
  return false;
}
