// Stemming for search terms (the `stemmer` package's Porter algorithm), so "creating", "created" and "creates" meet.
import { stemmer } from 'stemmer';

const cache = new Map<string, string>();

// Stems one lower-cased word; digits and very short words are returned unchanged. Results are memoised: catalogs
// repeat the same few thousand words.
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  if (word.length < 3 || /\d/.test(word)) return word;
  const out = stemmer(word);
  if (cache.size > 50_000) cache.clear();
  cache.set(word, out);
  return out;
}
