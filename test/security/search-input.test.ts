// Words that name Object's own members (constructor, __proto__, toString…) in tool descriptions or queries must not break search.
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

// Every fixture tool's description starts with these words.
const HOSTILE = 'constructor __proto__ toString hasOwnProperty valueOf prototype: ';
const config = () => ({ mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_DESCRIPTION_PREFIX: HOSTILE }) } });

interface SearchResult {
  results: Array<{ name: string; description: string }>;
}

function resultsOf(result: unknown): SearchResult['results'] {
  const r = result as { isError?: boolean; structuredContent?: SearchResult };
  expect(r.isError, textOf(result)).not.toBe(true);
  return (r.structuredContent ?? (JSON.parse(textOf(result)) as SearchResult)).results;
}

describe('search input (issue #23 §4)', () => {
  it('search_tools answers queries for constructor, __proto__ and normal words over a catalog whose descriptions use them', async () => {
    const gw = await startGateway(config(), { args: ['--tools', 'search'] });
    const search = (query: string) => gw.client.callTool({ name: 'search_tools', arguments: { query } });
    // The upstream may still be starting: wait until its tools are searchable.
    const echo = await waitFor(async () => {
      const results = resultsOf(await search('echo the text back'));
      return results.some((r) => r.name === 'fx_echo') ? results : undefined;
    }, 15_000);
    expect(echo[0]?.name).toBe('fx_echo');
    expect(echo[0]?.description).toContain('constructor');

    const byConstructor = resultsOf(await search('constructor'));
    expect(byConstructor.length).toBeGreaterThan(0);
    expect(byConstructor.every((r) => r.name.startsWith('fx_'))).toBe(true);
    for (const query of ['__proto__', 'toString hasOwnProperty', 'prototype valueOf constructor', 'add two numbers']) {
      expect(Array.isArray(resultsOf(await search(query)))).toBe(true);
    }
    expect(resultsOf(await search('add two numbers'))[0]?.name).toBe('fx_add');
  });

  it('tools/list in the default mode still lists every tool with the hostile descriptions', async () => {
    const gw = await startGateway(config());
    const names = await toolNames(gw.client, ['fx_echo', 'fx_add']);
    expect(names).toContain('search_tools');
    const result = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'constructor' } });
    expect(resultsOf(result).length).toBeGreaterThan(0);
  });

  it('gw search answers `constructor` and normal queries', async () => {
    const file = writeConfig(config());
    const hostile = await runGw(['search', '--config', file, '--json', 'constructor']);
    expect(hostile.stderr).not.toMatch(/is not a function/);
    expect(hostile.code).toBe(0);
    const parsed = JSON.parse(hostile.stdout) as SearchResult;
    expect(parsed.results.length).toBeGreaterThan(0);
    const normal = await runGw(['search', '--config', file, '--json', 'add', 'two', 'numbers']);
    expect(normal.code).toBe(0);
    expect((JSON.parse(normal.stdout) as SearchResult).results[0]?.name).toBe('fx_add');
  });
});
