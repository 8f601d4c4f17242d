// Turns a tool definition into the weighted text fields the search index scores (name, server, title, description, parameters).
import { stem } from './stem.js';
import { normalizeWord, splitWords } from './tokenize.js';

export interface FieldSpec {
  weight: number; // BM25F field weight
  b: number; // length-normalisation strength
}

export const FIELD = {
  tool: 0,
  server: 1,
  title: 2,
  lead: 3,
  description: 4,
  paramName: 5,
  paramText: 6,
  serverDescription: 7,
  nameParts: 8,
} as const;

// Field order matches FIELD. The tool name dominates; the first sentence of a description is its summary. Weights and
// b of the name, server, lead and parameter-name fields come from bench/search-tune.ts (tuned on half of dev-v2 with
// the dev and extra sets, checked on the other half).
export const FIELDS: readonly FieldSpec[] = [
  { weight: 8, b: 0.9 },
  { weight: 3.3, b: 0 },
  { weight: 2.5, b: 0.4 },
  { weight: 2.25, b: 0.75 },
  { weight: 1, b: 0.75 },
  { weight: 0.45, b: 0.3 },
  { weight: 0.3, b: 0.75 },
  { weight: 0.4, b: 0.75 },
  { weight: 1.5, b: 0 },
];

// Past this many characters a description is usage detail, not what the tool is; it only costs build time.
const MAX_DESCRIPTION = 3000;

export interface FieldSource {
  tool: string;
  server: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema?: unknown;
  serverDescription?: string | undefined;
}

// Stemmed tokens per field (nameParts is filled by the index from compound name words), plus the raw tool-name words.
export interface DocFields {
  fields: string[][];
  nameWords: string[];
}

// Tokenised and stemmed text. Per-word results are memoised: catalogs repeat the same few thousand words.
export function toStems(text: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) {
    let stems = wordCache.get(word);
    if (stems === undefined) {
      stems = normalizeWord(word).map(stem);
      if (wordCache.size > 100_000) wordCache.clear();
      wordCache.set(word, stems);
    }
    for (const s of stems) out.push(s);
  }
  return out;
}

const wordCache = new Map<string, readonly string[]>();

export function extractFields(doc: FieldSource): DocFields {
  const description = (doc.description ?? '').slice(0, MAX_DESCRIPTION);
  const names: string[] = [];
  const texts: string[] = [];
  collectParams(doc.inputSchema, names, texts, 0);
  return {
    fields: [
      toStems(doc.tool),
      toStems(doc.server),
      toStems(doc.title ?? ''),
      toStems(leadSentence(description)),
      toStems(description),
      toStems(names.join(' ')),
      toStems(texts.join(' ')),
      toStems(doc.serverDescription ?? ''),
      [],
    ],
    nameWords: splitWords(doc.tool),
  };
}

// The summary sentence: text up to the first sentence end or blank line, at most 30 words.
function leadSentence(text: string): string {
  const trimmed = text.trim();
  const end = trimmed.search(/[.!?](\s|$)|\n\s*\n/);
  const first = end === -1 ? trimmed : trimmed.slice(0, end);
  return first.split(/\s+/).slice(0, 30).join(' ');
}

// Walks JSON Schema properties (and array items) two levels deep, collecting names, descriptions and enum values.
function collectParams(schema: unknown, names: string[], texts: string[], depth: number): void {
  if (depth > 2 || !isRecord(schema)) return;
  if (isRecord(schema.items)) collectParams(schema.items, names, texts, depth);
  const props = schema.properties;
  if (!isRecord(props)) return;
  for (const [name, prop] of Object.entries(props)) {
    names.push(name);
    if (!isRecord(prop)) continue;
    if (typeof prop.description === 'string') texts.push(prop.description.slice(0, 400));
    if (typeof prop.title === 'string') texts.push(prop.title);
    if (Array.isArray(prop.enum))
      for (const v of prop.enum.slice(0, 20)) if (typeof v === 'string') texts.push(v);
    collectParams(prop, names, texts, depth + 1);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
