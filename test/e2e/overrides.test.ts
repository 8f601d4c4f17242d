// End-to-end: per-tool overrides in gateway.json are listed, searched, described and called through the real gw binary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway, toolNames } from '../helpers/gateway.js';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';

const CONFIG = {
  mcpServers: {
    fx: fixtureEntry('fixture.ts', {}, {
      tools: {
        add: { name: 'sum', description: 'Add a number to ten', appendDescription: 'Handy for zebra arithmetic.', hide: ['b'], defaults: { b: 10 } },
        fail: { hide: ['message'], annotations: { readOnlyHint: true } },
        nope: { description: 'no such tool' },
      },
    }),
  },
};
const text = (r: unknown) => ((r as { content: Array<{ text: string }> }).content[0]?.text ?? '');

describe('tool overrides', () => {
  it('lists, searches, describes and calls the overridden tool; defaults are filled in, hidden parameters refused', async () => {
    const gw = await startGateway(CONFIG);
    await toolNames(gw.client, ['fx_sum']);
    const { tools } = await gw.client.listTools();
    const sum = tools.find((t) => t.name === 'fx_sum');
    expect(tools.some((t) => t.name === 'fx_add')).toBe(false);
    expect(sum?.description).toBe('Add a number to ten\n\nHandy for zebra arithmetic.');
    expect(Object.keys(sum?.inputSchema.properties ?? {})).toEqual(['a']);
    expect(sum?.inputSchema.required).toEqual(['a']);
    const fail = tools.find((t) => t.name === 'fx_fail');
    expect(fail?.annotations?.readOnlyHint).toBe(true);
    expect(Object.keys(fail?.inputSchema.properties ?? {})).toEqual([]);

    // Through the fast path's fallback: the default reaches the upstream.
    expect(text(await gw.client.callTool({ name: 'fx_sum', arguments: { a: 5 } }))).toBe('15');
    await expect(gw.client.callTool({ name: 'fx_sum', arguments: { a: 1, b: 2 } })).rejects.toThrow(
      /-32602.*'b' is not a parameter of this tool \(gateway.json hides it\)/,
    );
    await expect(gw.client.callTool({ name: 'fx_fail', arguments: { message: 'x' } })).rejects.toThrow(/'message' is not a parameter/);
    // A tool without an override still takes its usual path.
    expect(text(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'hi' } }))).toBe('hi');

    const found = text(await gw.client.callTool({ name: 'search_tools', arguments: { query: 'zebra arithmetic' } }));
    expect(found).toContain('fx_sum');
    const described = text(await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'fx_sum' } }));
    expect(described).toContain('zebra');
    expect(described).not.toMatch(/\bb\b.*number/);
    expect(gw.stderr()).toContain("mcpServers.fx.tools: 'nope' is not a tool of server 'fx'");
  }, 60_000);

  it('gw tools shows the original beside the override; gw override edits gateway.json', async () => {
    const file = writeConfig(CONFIG);
    const run = (...args: string[]) => runGw(['--config', file, ...args], { cwd: path.dirname(file) });
    const listed = await run('tools');
    expect(listed.stdout).toMatch(/fx_sum +Add a number to ten\n +overrides add: add two numbers/);
    expect(listed.stdout).toContain("note: mcpServers.fx.tools: 'nope' is not a tool of server 'fx'");

    const edited = await run('override', 'fx', 'echo', '--description', 'Say it back', '--hide', 'text', '--default', 'text=hello');
    expect(edited.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: { fx: { tools: Record<string, unknown> } } };
    expect(doc.mcpServers.fx.tools.echo).toEqual({ description: 'Say it back', hide: ['text'], defaults: { text: 'hello' } });
    const removed = await run('override', 'fx', 'nope', '--remove');
    expect(removed.code).toBe(0);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as typeof doc).mcpServers.fx.tools)).toEqual(['add', 'fail', 'echo']);
    const bad = await run('override', 'fx', 'echo', '--name', 'has space');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--name: must be 1-64 characters');
  }, 60_000);

  it('rejects an invalid override with its path', async () => {
    const file = writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts', {}, { tools: { add: { hide: 'b' } } }) } });
    const r = await runGw(['--config', file, 'list'], { cwd: path.dirname(file) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mcpServers.fx.tools.add.hide');
  });
});
