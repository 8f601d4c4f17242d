// `gw search --alt` (live, through the gateway's own search) and offline `--queries` files mixing plain and JSON lines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runGw, tempDir, writeConfig } from '../helpers/gw.js';

const CATALOG = [
  {
    server: 'chat',
    name: 'post_message',
    description: 'Post a new message to a channel',
    inputSchema: {
      type: 'object',
      properties: { channel: { type: 'string' }, text: { type: 'string' } },
      required: ['channel', 'text'],
    },
  },
  { server: 'files', name: 'write_file', description: 'Write text to a file on disk' },
  { server: 'ci', name: 'get_build_status', description: 'Get the status of the latest build of a pipeline' },
];

interface Line {
  query: string;
  alternatives?: string[];
  results: Array<{ name: string }>;
}

describe('gw search phrasings', () => {
  it('--alt fuses restatements with the query and shows signatures', async () => {
    const memory = path.join(
      ROOT,
      'node_modules',
      '@modelcontextprotocol',
      'server-memory',
      'dist',
      'index.js',
    );
    const file = writeConfig({ mcpServers: { memory: { command: process.execPath, args: [memory] } } });
    const query = 'jot down that Kim likes tea';
    const plain = await runGw(['search', '--config', file, '--json', query]);
    expect(plain.code, plain.stderr).toBe(0);
    expect((JSON.parse(plain.stdout) as Line).results[0]?.name).not.toBe('memory_add_observations');
    const fused = await runGw([
      'search',
      '--config',
      file,
      '--json',
      '--alt',
      'add observations to entity',
      '--alt',
      'store fact',
      query,
    ]);
    expect(fused.code, fused.stderr).toBe(0);
    const out = JSON.parse(fused.stdout) as Line & { results: Array<{ name: string; signature: string }> };
    expect(out.alternatives).toEqual(['add observations to entity', 'store fact']);
    expect(out.results[0]?.name).toBe('memory_add_observations');
    expect(out.results[0]?.signature).toMatch(/^memory_add_observations\(observations: /);

    const fourAlts = ['a', 'b', 'c', 'd'].flatMap((alt) => ['--alt', alt]);
    const tooMany = await runGw(['search', '--config', file, ...fourAlts, query]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--alt can be given at most 3 times');
  });

  it('--queries reads plain lines and JSON lines with alternatives', async () => {
    const dir = tempDir();
    const catalog = path.join(dir, 'catalog.json');
    const queries = path.join(dir, 'queries.txt');
    writeFileSync(catalog, JSON.stringify(CATALOG));
    const ping = 'ping the team that the build is green';
    writeFileSync(
      queries,
      `${ping}\n\n${JSON.stringify({ query: ping, alternatives: ['post message to chat channel'] })}\n`,
    );
    const run = await runGw(['search', '--catalog', catalog, '--queries', queries, '--limit', '2']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.alternatives).toBeUndefined();
    expect(lines[0]?.results[0]?.name).toBe('ci_get_build_status');
    expect(lines[1]?.alternatives).toEqual(['post message to chat channel']);
    expect(lines[1]?.results[0]?.name).toBe('chat_post_message');

    writeFileSync(queries, `fine\n{"query": 5}\n`);
    const bad = await runGw(['search', '--catalog', catalog, '--queries', queries]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${queries}:2: expected {"query": "non-empty text"`);
  });
});
