// search_tools through the real `gw serve`: the caller's restatements (alternatives) fused with the query, and a call
// signature on every result; describe_tool gives the full schema.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway, waitFor } from '../helpers/gateway.js';
import { ROOT, tempDir } from '../helpers/gw.js';

interface Found {
  results: Array<{ name: string; signature: string; description: string }>;
  starting?: string[];
}

const node = (pkg: string, ...args: string[]) => ({
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js'), ...args],
});

describe('search_tools with alternatives', () => {
  it('ranks the tool the restatement names first where the plain query does not, with signatures', async () => {
    const gw = await startGateway({
      mcpServers: { memory: node('server-memory'), filesystem: node('server-filesystem', tempDir()) },
      settings: { tools: 'search' },
    });
    const search = async (args: Record<string, unknown>) =>
      (await gw.client.callTool({ name: 'search_tools', arguments: args })).structuredContent as Found;
    const query = 'jot down that Kim likes tea';
    // Both servers' tools are searchable once no server is reported as starting.
    const plain = await waitFor(async () => {
      const found = await search({ query, limit: 5 });
      return found.starting === undefined ? found : undefined;
    });
    expect(plain.results[0]?.name).not.toBe('memory_add_observations');

    const fused = await search({ query, alternatives: ['add observations to entity'], limit: 5 });
    expect(fused.results[0]?.name, JSON.stringify({ plain, fused })).toBe('memory_add_observations');
    expect(fused.results[0]?.signature).toMatch(/^memory_add_observations\(observations: /);
    for (const r of fused.results) expect(r.signature.startsWith(`${r.name}(`)).toBe(true);

    // Not an array of strings: -32602 with search_tools' own signature, alternatives in it.
    const bad = await gw.client
      .callTool({ name: 'search_tools', arguments: { query, alternatives: 'add observations' } })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(bad?.message).toContain('search_tools(query: string, alternatives?: string[]');

    const described = await gw.client.callTool({
      name: 'describe_tool',
      arguments: { name: 'memory_add_observations' },
    });
    const schema = (
      described.structuredContent as {
        inputSchema: { properties: Record<string, unknown>; required: string[] };
      }
    ).inputSchema;
    expect(schema.required).toContain('observations');
    expect(schema.properties.observations).toMatchObject({ type: 'array', items: { type: 'object' } });
  });
});
