// The semantic signal's pure parts: cosine, ranking by a query vector, rank fusion with the lexical list, tool texts.
import { describe, expect, it } from 'vitest';
import type { SearchDoc, SearchHit } from '../../../src/catalog/search/index.js';
import { cosine, embeddingText, fuseSemantic, rankByVector } from '../../../src/catalog/search/semantic.js';

const doc = (name: string, description?: string): SearchDoc => ({ name: `s_${name}`, server: 's', tool: name, ...(description && { description }) });
const hits = (...names: string[]): SearchHit[] => names.map((n, i) => ({ doc: doc(n), score: 10 - i }));

describe('cosine', () => {
  it('is 1 for parallel vectors, 0 for orthogonal or empty ones, scale-free', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2);
  });
});

describe('rankByVector', () => {
  it('ranks by similarity, drops dissimilar and unknown docs, breaks ties by name, cuts at depth', () => {
    const vectors = new Map([
      ['s_a', [1, 0]],
      ['s_b', [1, 1]],
      ['s_c', [0, 1]],
      ['s_d', [1, 1]],
    ]);
    const docs = ['d', 'c', 'b', 'a', 'x'].map((n) => doc(n));
    const ranked = rankByVector([1, 0.2], docs, (d) => vectors.get(d.name));
    expect(ranked.map((h) => h.doc.name)).toEqual(['s_a', 's_b', 's_d', 's_c']);
    expect(rankByVector([1, 0.2], docs, (d) => vectors.get(d.name), 2)).toHaveLength(2);
    expect(rankByVector([-1, 0], docs, (d) => vectors.get(d.name))).toEqual([]);
  });
});

describe('fuseSemantic', () => {
  it('lifts a tool both signals rank above one only the lexical list has', () => {
    const fused = fuseSemantic(hits('report', 'forecast'), hits('forecast'), 5);
    expect(fused.map((h) => h.doc.name)).toEqual(['s_forecast', 's_report']);
  });

  it('keeps the lexical list (cut to the limit) when the semantic list is empty', () => {
    expect(fuseSemantic(hits('a', 'b', 'c'), [], 2).map((h) => h.doc.name)).toEqual(['s_a', 's_b']);
  });
});

describe('embeddingText', () => {
  it('spells the tool name as words before its title and description', () => {
    expect(embeddingText({ ...doc('getWeather_forecast', 'Get it'), title: 'Forecast' })).toBe('get Weather forecast: Forecast: Get it');
    expect(embeddingText(doc('list-files'))).toBe('list files');
  });
});
