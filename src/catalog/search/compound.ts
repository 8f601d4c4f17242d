// The one compound-word rule: a run-together word ("heapsnapshot", "filesystem") read as two words the catalog knows.
import { stem } from './stem.js';
import type { Vocabulary } from './vocabulary.js';

// Shorter words are too often a word plus a suffix ("updates" → "up" + "dates") to split.
export const MIN_COMPOUND_LENGTH = 7;
const MIN_PART = 3;

// Term ids of the first split (left to right) whose halves are both known stems, or undefined.
export function splitCompound(word: string, vocab: Vocabulary): readonly [number, number] | undefined {
  if (word.length < MIN_COMPOUND_LENGTH) return undefined;
  for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
    const left = vocab.id(stem(word.slice(0, i)));
    if (left === undefined) continue;
    const right = vocab.id(stem(word.slice(i)));
    if (right !== undefined) return [left, right];
  }
  return undefined;
}
