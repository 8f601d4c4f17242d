import { describe, expect, it } from 'vitest';
import { cleanAlternatives, fuseLists, searchPhrasings } from '../../../src/catalog/search/fuse.js';
import { createSearchIndex, type SearchDoc, type SearchHit } from '../../../src/catalog/search/index.js';

const doc = (server: string, tool: string, description: string): SearchDoc => ({
  name: `${server}_${tool}`,
  server,
  tool,
  description,
});
const hit = (name: string, score: number): SearchHit => ({ doc: doc('s', name, ''), score });
const names = (hits: SearchHit[]) => hits.map((h) => h.doc.tool);

const CATALOG = [
  doc('chat', 'post_message', 'Post a new message to a channel'),
  doc('chat', 'list_channels', 'List the channels of the workspace'),
  doc('ci', 'get_build_status', 'Get the status of the latest build'),
  doc('files', 'write_file', 'Write text to a file'),
];

describe('fuseLists', () => {
  it('maxnorm: sums each list’s scores divided by its best, so a tool every phrasing finds wins', () => {
    const fused = fuseLists(
      [
        [hit('a', 10), hit('b', 9)],
        [hit('c', 2), hit('b', 1.9)],
      ],
      'maxnorm',
      3,
    );
    expect(names(fused)).toEqual(['b', 'a', 'c']);
    expect(fused[0]?.score).toBeCloseTo(0.9 + 0.95);
  });

  it('rrf: sums 1/(60 + rank), ties broken by name; respects the limit', () => {
    const fused = fuseLists(
      [
        [hit('x', 5), hit('y', 4)],
        [hit('y', 1), hit('x', 0.5)],
      ],
      'rrf',
      1,
    );
    expect(names(fused)).toEqual(['x']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62);
  });
});

describe('cleanAlternatives', () => {
  it('keeps at most three distinct, non-empty phrasings other than the query', () => {
    expect(cleanAlternatives('Send it', ['  ', 'send it', 'a', 'A ', 'b', 'c', 'd'])).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('searchPhrasings', () => {
  const index = createSearchIndex(CATALOG);
  it('without alternatives is the plain search', () => {
    expect(searchPhrasings(index, 'build status')).toEqual(index.search('build status'));
  });

  it('a restatement in the tools’ words outranks the query’s misleading word, in every method', () => {
    const query = 'ping the team that the build is green';
    expect(names(index.search(query))[0]).toBe('get_build_status');
    for (const method of ['join', 'rrf', 'maxnorm', 'join+maxnorm', 'ideal'] as const) {
      const hits = searchPhrasings(
        index,
        query,
        ['post message to channel', 'send chat message'],
        {},
        method,
      );
      expect(names(hits)[0], method).toBe('post_message');
    }
  });

  it('passes the server option through to every phrasing', () => {
    const hits = searchPhrasings(index, 'write', ['post message'], { server: 'chat' });
    expect(hits.every((h) => h.doc.server === 'chat')).toBe(true);
  });
});

describe('ideal fusion (the default)', () => {
  const index = createSearchIndex(CATALOG);
  it('sums each phrasing’s scores divided by its ideal score; restatements are searched with name matching', () => {
    const query = 'ping the team that the build is green';
    const alt = 'post message';
    const hits = searchPhrasings(index, query, [alt], { limit: 10 });
    expect(hits).toEqual(searchPhrasings(index, query, [alt], { limit: 10 }, 'ideal'));
    const part = (text: string, nameMatch: boolean, tool: string): number => {
      const found = index.search(text, { limit: 50, nameMatch }).find((h) => h.doc.tool === tool);
      return found ? found.score / index.idealScore(text, { nameMatch }) : 0;
    };
    for (const tool of ['post_message', 'get_build_status']) {
      const want = part(`${query} ${alt}`, false, tool) + part(query, false, tool) + part(alt, true, tool);
      expect(hits.find((h) => h.doc.tool === tool)?.score).toBeCloseTo(want);
    }
    expect(names(hits)[0]).toBe('post_message');
  });
});
