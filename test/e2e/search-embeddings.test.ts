// settings.search.embeddings through the real `gw serve`: a fixture endpoint's vectors change the ranking; a down or
// slow endpoint leaves lexical results and one warning; the key never reaches stderr or state files; the tool vectors
// are cached 0600 and reused by the next run.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startGateway, waitFor, type GatewayHandle } from '../helpers/gateway.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';
import { startEmbedFixture } from '../fixtures/embeddings/hash-embed.js';

const KEY = 'sk-embed-fixture-7f3a9c2e51';
// Lexically the report tool comes first ("reports", "fetch"); only the fixture's vectors tie "umbrella" to the weather.
const QUERY = 'fetch reports umbrella';
const TOOLS = [
  { name: 'get_forecast', description: 'Get the weather forecast for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'read_report', description: 'Read the sales report of a quarter', inputSchema: { type: 'object', properties: { quarter: { type: 'string' } } } },
  { name: 'send_message', description: 'Send a chat message to a channel', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
];

function setup(url: string) {
  const dir = tempDir();
  const catalog = path.join(dir, 'tools.json');
  writeFileSync(catalog, JSON.stringify(TOOLS));
  const stateDir = path.join(dir, 'state');
  const config = {
    mcpServers: { fix: fixtureEntry('many.ts', { FIXTURE_CATALOG: catalog }) },
    settings: {
      tools: 'search',
      stateDir,
      search: { embeddings: { url, model: 'hash-64', headers: { Authorization: 'Bearer ${EMBED_KEY}' } } },
    },
  };
  return { config, stateDir };
}

const start = (config: unknown) => startGateway(config, { env: { EMBED_KEY: KEY } });

async function search(gw: GatewayHandle, query = QUERY): Promise<string[]> {
  const result = await gw.client.callTool({ name: 'search_tools', arguments: { query, limit: 5 } });
  return (result.structuredContent as { results: Array<{ name: string }> }).results.map((r) => r.name);
}

const warnings = (gw: GatewayHandle) => gw.stderr().split('\n').filter((l) => l.includes('embedding endpoint'));

function stateText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('search with an embedding endpoint', () => {
  it('ranks a tool matched only through the vectors first, keeps the key secret, caches 0600 and reuses the cache', async () => {
    const embed = await startEmbedFixture({ bearer: KEY });
    onTestFinished(() => embed.close());
    const { config, stateDir } = setup(embed.url);
    const gw = await start(config);
    // The tool vectors arrive in the background; until then search is lexical.
    await waitFor(() => gw.stderr().includes('tool vectors ready'));
    // A query vector has 300 ms (then the ranking is lexical for that query): a loaded machine may miss it once.
    const fused = await waitFor(async () => {
      const names = await search(gw);
      return names[0] === 'fix_get_forecast' ? names : undefined;
    });
    expect(fused[0], gw.stderr()).toBe('fix_get_forecast');
    const toolTexts = embed.inputs.filter((t) => t !== QUERY);
    expect(toolTexts.some((t) => t.startsWith('get forecast'))).toBe(true);
    expect(embed.auth).toEqual(new Set([`Bearer ${KEY}`]));

    const cacheDir = path.join(stateDir, 'embeddings');
    const [file] = readdirSync(cacheDir);
    expect(file).toBeDefined();
    expect(statSync(path.join(cacheDir, file as string)).mode & 0o777).toBe(0o600);
    expect(gw.stderr()).not.toContain(KEY);
    expect(stateText(stateDir)).not.toContain(KEY);
    await gw.close();

    // A restart with the same catalog embeds only the query: every tool vector comes from the cache.
    const before = embed.inputs.length;
    const again = await start(config);
    const second = await waitFor(async () => {
      const names = await search(again);
      return names[0] === 'fix_get_forecast' ? names : undefined;
    });
    expect(second[0]).toBe('fix_get_forecast');
    // Only the query is embedded (more than once if a loaded machine missed its 300 ms): no tool text.
    expect(new Set(embed.inputs.slice(before))).toEqual(new Set([QUERY]));
    expect(again.stderr()).not.toContain(KEY);
  });

  it('answers lexically with one warning when the endpoint is down', async () => {
    // Port 2 on loopback: nothing listens there, and fetch does not refuse it as a "bad port" (it does port 1). (A fixture's port, once closed, can be taken by any other test's
    // server meanwhile: that made this test flaky with two suites on one machine.)
    const gw = await start(setup('http://127.0.0.1:2/v1/embeddings').config);
    const lexical = await search(gw);
    // The lexical ranking: the sales report, not the forecast the vectors would find.
    expect(lexical[0]).toBe('fix_read_report');
    await waitFor(() => warnings(gw).length > 0);
    for (let i = 0; i < 3; i++) expect((await search(gw))[0]).toBe('fix_read_report');
    expect(warnings(gw)).toHaveLength(1);
    expect(warnings(gw)[0]).toMatch(/embedding endpoint http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings failed \(ECONNREFUSED\)/);
    expect(gw.stderr()).not.toContain(KEY);
  });

  it('answers lexically with one warning when the endpoint holds the query', async () => {
    const embed = await startEmbedFixture({ holdWord: 'umbrella' });
    onTestFinished(() => embed.close());
    const gw = await start(setup(embed.url).config);
    // Tool vectors ready (the fixture answers those), then the query vector is never answered.
    await waitFor(() => gw.stderr().includes('tool vectors ready'));
    expect((await search(gw))[0]).toBe('fix_read_report');
    expect((await search(gw))[0]).toBe('fix_read_report');
    expect(warnings(gw), gw.stderr()).toHaveLength(1);
    expect(warnings(gw)[0]).toContain('did not answer within 300 ms');
  });
});
