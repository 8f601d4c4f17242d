// The core of `gw serve`: merged namespaced tools, routed calls, rules, groups, meta-tools, over real upstreams.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, ROOT } from '../helpers/gw.js';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';

const everything = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};

describe('gw serve over stdio', () => {
  it('merges namespaced tools from a fixture and server-everything and routes calls with results intact', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry(), everything } });
    const names = await toolNames(gw.client, ['fx_echo', 'everything_echo', 'fx_add']);
    expect(names).toContain('search_tools');
    expect(names).toContain('describe_tool');
    expect(names).not.toContain('invoke_tool');
    expect(names.filter((n) => n.startsWith('everything_')).length).toBeGreaterThan(5);

    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'héllo' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'héllo' }]);
    expect(echo.structuredContent).toEqual({ text: 'héllo' });
    const sum = await gw.client.callTool({ name: 'everything_get-sum', arguments: { a: 2, b: 40 } });
    expect(textOf(sum)).toContain('42');
  });

  it('keeps definitions unchanged except the name', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() } });
    await toolNames(gw.client, ['fx_echo']);
    const { tools } = await gw.client.listTools();
    const echo = tools.find((t) => t.name === 'fx_echo');
    expect(echo?.inputSchema.properties).toHaveProperty('text');
    expect(echo?.outputSchema?.properties).toHaveProperty('text');
  });

  it('applies allow/deny on list, call, search and describe alike', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { deny: ['crash', 'big'], allow: ['e*', 'add', 'crash', 'big', 'fail'] }) },
    });
    const names = await toolNames(gw.client, ['fx_echo']);
    expect(names.filter((n) => n.startsWith('fx_')).sort()).toEqual(['fx_add', 'fx_echo', 'fx_env', 'fx_error_result', 'fx_fail']);
    const blocked = await gw.client.callTool({ name: 'fx_crash', arguments: {} });
    const unknown = await gw.client.callTool({ name: 'fx_nope', arguments: {} });
    expect(blocked.isError).toBe(true);
    expect(textOf(blocked)).toBe(textOf(unknown).replace('fx_nope', 'fx_crash'));
    const search = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'crash big sleep', limit: 50 } });
    const found = (search.structuredContent as { results: Array<{ name: string }> }).results.map((r) => r.name);
    expect(found).not.toContain('fx_crash');
    expect(found).not.toContain('fx_sleep');
    const described = await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'fx_big' } });
    expect(described.isError).toBe(true);
    const ok = await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'fx_echo' } });
    expect((ok.structuredContent as { inputSchema: unknown }).inputSchema).toMatchObject({ properties: { text: {} } });
  });

  it('serves only a group, with its rules narrowing the servers', async () => {
    const config = {
      mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }), b: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b' }) },
      groups: { dev: { servers: ['b'], deny: ['c*', 's*'] } },
    };
    const gw = await startGateway(config, { args: ['--group', 'dev'] });
    const names = await toolNames(gw.client, ['b_echo']);
    expect(names.some((n) => n.startsWith('a_'))).toBe(false);
    expect(names).not.toContain('b_crash');
    expect(names).not.toContain('b_sleep');
    const call = await gw.client.callTool({ name: 'a_echo', arguments: { text: 'x' } });
    expect(call.isError).toBe(true);
  });

  it('in --tools search mode lists only the meta-tools and invoke_tool calls through the same governed path', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry('fixture.ts', {}, { deny: ['crash'] }) } }, { args: ['--tools', 'search'] });
    const { tools } = await gw.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['describe_tool', 'invoke_tool', 'search_tools']);
    const result = await gw.client.callTool({ name: 'invoke_tool', arguments: { name: 'fx_add', arguments: { a: 1, b: 2 } } });
    expect(textOf(result)).toBe('3');
    const denied = await gw.client.callTool({ name: 'invoke_tool', arguments: { name: 'fx_crash', arguments: {} } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain('Unknown tool');
  });

  it('turns upstream errors into isError results naming the server', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 4000, startTimeout: 60_000 }) } });
    await toolNames(gw.client, ['fx_fail']);
    const failed = await gw.client.callTool({ name: 'fx_fail', arguments: { message: 'boom' } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain('boom');
    const slow = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 15000 } });
    expect(slow.isError).toBe(true);
    expect(textOf(slow)).toMatch(/server 'fx'.*4000 ms/);
  });

  it('runs concurrent calls in parallel', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() } });
    await toolNames(gw.client, ['fx_sleep']);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, () => gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 800 } })));
    expect(results.every((r) => textOf(r) === 'slept 800')).toBe(true);
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
