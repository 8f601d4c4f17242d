// Property tests: any word, including every name on Object.prototype and `__proto__`, is safe input for search, names and rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignNames, exposedName, NAME_RE } from '../../src/catalog/names.js';
import { compileRules, createPolicy, rulePermits } from '../../src/catalog/rules.js';
import { createSearchIndex, type SearchDoc } from '../../src/catalog/search/index.js';
import { normalizeWord, tokenize } from '../../src/catalog/search/tokenize.js';
import { parseConfigText } from '../../src/config/parse.js';

const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];
// Object.prototype's names, in the cases and joins identifiers use, mixed with arbitrary text.
const protoWord = fc.constantFrom(...PROTO_NAMES.flatMap((n) => [n, n.toLowerCase(), n.toUpperCase(), `${n}_${n}`]));
const word = fc.oneof(protoWord, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const text = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '));

describe('tokenize', () => {
  it('keeps Object.prototype names as plain words', () => {
    expect(normalizeWord('constructor')).toEqual(['constructor']);
    expect(normalizeWord('__proto__')).toEqual(['__proto__']);
    expect(tokenize('constructor toString hasOwnProperty __proto__')).toEqual(['constructor', 'string', 'own', 'property', 'proto']);
    for (const name of PROTO_NAMES) expect(Array.isArray(normalizeWord(name.toLowerCase()))).toBe(true);
  });
});

describe('search over hostile words', () => {
  it('indexes and answers any query without throwing', () => {
    const doc = fc.record({ tool: word, description: text, param: word, title: text });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 6 }), fc.array(text, { minLength: 1, maxLength: 4 }), (tools, queries) => {
        const docs: SearchDoc[] = tools.map((t, i) => ({
          name: `s_${i}`,
          server: 's',
          tool: t.tool,
          title: t.title,
          description: t.description,
          inputSchema: { type: 'object', properties: { [t.param]: { type: 'string', description: t.description } } },
        }));
        const index = createSearchIndex(docs);
        for (const q of queries) {
          const hits = index.search(q);
          expect(Array.isArray(hits)).toBe(true);
          for (const h of hits) expect(h.score).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds a tool by a word Object.prototype also has', () => {
    const docs: SearchDoc[] = PROTO_NAMES.map((n, i) => ({ name: `t_${i}`, server: 's', tool: `tool${i}`, description: `uses ${n}` }));
    docs.push({ name: 'plain', server: 's', tool: 'plain', description: 'add two numbers' });
    const index = createSearchIndex(docs);
    expect(index.search('constructor').map((h) => h.doc.description)).toContain('uses constructor');
    expect(index.search('add numbers')[0]?.doc.name).toBe('plain');
  });
});

describe('names over hostile words', () => {
  it('gives every item a valid, distinct name', () => {
    const request = fc.record({ server: word, original: word, prefix: fc.boolean() });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 20 }), fc.constantFrom('_', '-', '__'), (requests, sep) => {
        const { items } = assignNames(requests, sep, new Set(['search_tools', 'constructor', '__proto__']));
        for (const item of items) expect(item.name).toMatch(NAME_RE);
        const names = items.map((i) => i.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names).not.toContain('constructor');
        expect(names).not.toContain('__proto__');
      }),
      { numRuns: 300 },
    );
  });

  it('names a single item validly', () => {
    fc.assert(
      fc.property(word, word, (server, tool) => {
        expect(exposedName(server, tool, '_').name).toMatch(NAME_RE);
      }),
    );
  });
});

describe('rules over hostile words', () => {
  it('matches globs against any name and answers a boolean', () => {
    fc.assert(
      fc.property(fc.array(protoWord, { maxLength: 3 }), fc.array(protoWord, { maxLength: 3 }), word, word, (allow, deny, bare, exposed) => {
        const permitted = rulePermits(compileRules(allow, deny), bare, exposed);
        expect(typeof permitted).toBe('boolean');
        if (deny.includes(bare)) expect(permitted).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a policy knows only its own servers and groups, whatever the name asked for', () => {
    const config = parseConfigText(
      JSON.stringify({
        mcpServers: { toString: { command: 'x', allow: ['valueOf', 'hasOwnProperty*'] }, other: { command: 'y' } },
        groups: { valueOf: { servers: ['toString'], deny: ['hasOwnPropertyX'] } },
      }),
      { file: '/tmp/gateway.json' },
    );
    const policy = createPolicy(config, 'valueOf');
    expect(policy.permits('toString', 'valueOf', 'toString_valueOf')).toBe(true);
    expect(policy.permits('toString', 'hasOwnPropertyX', 'toString_hasOwnPropertyX')).toBe(false);
    expect(policy.hasServer('other')).toBe(false);
    fc.assert(
      fc.property(word, word, (server, bare) => {
        const known = server === 'toString';
        expect(createPolicy(config).hasServer(server)).toBe(known || server === 'other');
        expect(typeof policy.permits(server, bare, `${server}_${bare}`)).toBe('boolean');
        if (!known) expect(policy.permits(server, bare, `${server}_${bare}`)).toBe(false);
      }),
    );
    for (const name of PROTO_NAMES.filter((n) => n !== 'valueOf')) expect(() => createPolicy(config, name)).toThrow(/unknown group/);
  });
});
