// Turns a query into concepts: each is one query word's alternatives (exact, synonyms, compound parts, prefix/typo matches) with weights.
import { splitCompound } from './compound.js';
import { stem } from './stem.js';
import { expandTerm } from './synonyms.js';
import { tokenize } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

export interface Alternative {
  term: number; // vocabulary id
  weight: number;
}

const PREFIX_WEIGHT = 0.5;
const TYPO_WEIGHT = 0.45;
const JOINED_WEIGHT = 0.9;
const WEAK_FACTOR = 0.6;

// Everyday words that say little about which tool is meant ("how long does it take", "keep it running").
const WEAK_WORDS = new Set(
  (
    'make take keep put give bring come got gets go going try help thing things stuff way work works ' +
    'long good bad big small little lot lots many much more most really actually maybe something someone anything everything ' +
    'able sure right now today again still already just kind sort currently'
  ).split(' '),
);

// One concept per distinct query word; a document scores the best alternative of each concept.
export function queryConcepts(query: string, vocab: Vocabulary): Alternative[][] {
  const words = [...tokenize(query), ...impliedWords(query)];
  const stems = words.map(stem);
  const concepts: Alternative[][] = [];
  const seen = new Set<string>();
  stems.forEach((s, i) => {
    if (seen.has(s)) return;
    seen.add(s);
    const alts = new Map<number, number>();
    const scale = WEAK_WORDS.has(words[i] as string) ? WEAK_FACTOR : 1;
    const add = (term: string, weight: number): void => {
      const id = vocab.id(term);
      if (id !== undefined && (alts.get(id) ?? 0) < weight * scale) alts.set(id, weight * scale);
    };
    add(s, 1);
    for (const e of expandTerm(s)) add(e.term, e.weight);
    // "screen shot" → "screenshot", "file system" → "filesystem".
    const next = words[i + 1];
    if (next !== undefined) add(stem((words[i] as string) + next), JOINED_WEIGHT);
    if (!vocab.has(s)) addFallbacks(words[i] as string, s, vocab, alts, scale);
    if (alts.size > 0) concepts.push([...alts].map(([term, weight]) => ({ term, weight })));
  });
  return concepts;
}

// Words a token's shape implies without saying them: "#deploys" is a chat channel, "@ana" a user.
const IMPLIED: ReadonlyArray<[RegExp, string]> = [
  [/(^|\s)#[a-z][\w-]*/i, 'channel'],
  [/(^|\s)@[a-z][\w.-]*(?![\w.-]*@)/i, 'user'],
];

function impliedWords(query: string): string[] {
  return IMPLIED.filter(([pattern]) => pattern.test(query)).map(([, word]) => word);
}

// For a word the catalog never uses: its two halves if it is a compound, else known words it prefixes, else one-typo neighbours.
function addFallbacks(
  word: string,
  s: string,
  vocab: Vocabulary,
  alts: Map<number, number>,
  scale: number,
): void {
  const put = (id: number, weight: number): void => {
    if ((alts.get(id) ?? 0) < weight * scale) alts.set(id, weight * scale);
  };
  for (const part of splitCompound(word, vocab) ?? []) put(part, JOINED_WEIGHT * 0.7);
  if (word.length >= 4) for (const id of vocab.withPrefix(s, 6)) put(id, PREFIX_WEIGHT);
  if (word.length >= 5) {
    for (const id of vocab.oneEditAway(s, 4)) put(id, TYPO_WEIGHT);
    if (s !== word) for (const id of vocab.oneEditAway(word, 4)) put(id, TYPO_WEIGHT);
  }
}
