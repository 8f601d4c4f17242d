// End-to-end: a group with "consolidate": true lists identical tools of several servers once and routes calls by `target`.
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';
import { fixtureEntry } from '../helpers/gw.js';

describe('consolidate', () => {
  it('lists, searches and describes the shared tool once, routes by target and rejects an unknown target', async () => {
    const gw = await startGateway(
      {
        mcpServers: {
          one: fixtureEntry('fixture.ts', { WHO: 'first account' }),
          two: fixtureEntry('fixture.ts', { WHO: 'second account', FIXTURE_TOOLS: 'only_two' }),
        },
        groups: { accounts: { servers: ['one', 'two'], consolidate: true } },
      },
      { args: ['--group', 'accounts'] },
    );
    const names = await toolNames(gw.client, ['env', 'two_only_two']);
    expect(names).not.toContain('one_env');
    expect(names).not.toContain('two_env');
    const { tools } = await gw.client.listTools();
    const env = tools.find((t) => t.name === 'env');
    expect(env?.inputSchema.properties?.target).toMatchObject({ enum: ['one', 'two'] });
    expect(env?.inputSchema.required).toEqual(['target', 'name']);

    expect(textOf(await gw.client.callTool({ name: 'env', arguments: { target: 'one', name: 'WHO' } }))).toBe('first account');
    expect(textOf(await gw.client.callTool({ name: 'env', arguments: { target: 'two', name: 'WHO' } }))).toBe('second account');
    await expect(gw.client.callTool({ name: 'env', arguments: { target: 'three', name: 'WHO' } })).rejects.toThrow(/-32602.*'target' must be one of "one", "two"/);
    await expect(gw.client.callTool({ name: 'env', arguments: { name: 'WHO' } })).rejects.toThrow(/-32602.*'target' is required/);
    // The per-server names are not callable in this group.
    const hidden = await gw.client.callTool({ name: 'one_env', arguments: { name: 'WHO' } });
    expect(hidden.isError).toBe(true);

    const found = textOf(await gw.client.callTool({ name: 'search_tools', arguments: { query: 'read an environment variable' } }));
    expect(found).toMatch(/\benv\b/);
    expect(found).not.toContain('one_env');
    const described = textOf(await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'env' } }));
    expect(described).toContain('target');
  }, 60_000);
});
