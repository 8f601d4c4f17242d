// Exposed names over real upstreams: cleaned, shortened, deterministic, collision-free, with a configurable separator.
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;
const LONG = `very_long_tool_name_${'x'.repeat(50)}`; // 70 characters

const messy = () => ({
  mcpServers: { gh: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: `repo.list,${LONG},files/read` }) },
});

describe('gw serve exposed names', () => {
  it('cleans and shortens names so every one is valid, and the cleaned tools are callable', async () => {
    expect(LONG).toHaveLength(70);
    const gw = await startGateway(messy());
    await toolNames(gw.client, ['gh_echo']);
    const { tools } = await gw.client.listTools();
    for (const tool of tools) expect(tool.name).toMatch(VALID);

    const dotted = tools.find((t) => t.description === 'extra tool repo.list');
    const long = tools.find((t) => t.description === `extra tool ${LONG}`);
    const slashed = tools.find((t) => t.description === 'extra tool files/read');
    expect(dotted?.name).toMatch(/^gh_repo_list_[0-9a-f]{8}$/);
    expect(slashed?.name).toMatch(/^gh_files_read_[0-9a-f]{8}$/);
    // The default budget (48) leaves room for a client's own prefix, such as Claude Code's `mcp__gw__`.
    expect(long?.name).toHaveLength(48);
    expect(long?.name.startsWith('gh_very_long_tool_name_xxx')).toBe(true);
    expect(`mcp__gateway__${long?.name ?? ''}`.length).toBeLessThanOrEqual(64);

    const viaDotted = await gw.client.callTool({ name: dotted?.name ?? '', arguments: { text: 'dots ok' } });
    expect(viaDotted.isError).toBeFalsy();
    expect(textOf(viaDotted)).toBe('dots ok');
    const viaLong = await gw.client.callTool({ name: long?.name ?? '', arguments: { text: 'long ok' } });
    expect(textOf(viaLong)).toBe('long ok');

    // describe_tool and search_tools use the exposed name too.
    const described = await gw.client.callTool({ name: 'describe_tool', arguments: { name: dotted?.name } });
    expect(described.isError).toBeFalsy();
    expect(JSON.stringify(described.structuredContent)).toContain('extra tool repo.list');
  });

  it('takes the name budget from settings.maxNameLength', async () => {
    const gw = await startGateway({ ...messy(), settings: { maxNameLength: 64 } });
    const long = await waitFor(async () => (await gw.client.listTools()).tools.find((t) => t.description === `extra tool ${LONG}`));
    expect(long.name).toHaveLength(64);
    expect(textOf(await gw.client.callTool({ name: long.name, arguments: { text: 'budget ok' } }))).toBe('budget ok');
  });

  it('gives the same names on two separate runs of the same config', async () => {
    const run = async () => {
      const gw = await startGateway(messy());
      await toolNames(gw.client, ['gh_echo']);
      const names = await waitFor(async () => {
        const listed = (await gw.client.listTools()).tools.map((t) => t.name);
        return listed.some((n) => n.startsWith('gh_repo_list_')) &&
          listed.some((n) => n.startsWith('gh_very_long'))
          ? listed
          : undefined;
      });
      await gw.close();
      return names.sort();
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.filter((n) => /_[0-9a-f]{8}$/.test(n))).toHaveLength(3);
  });

  it('disambiguates an upstream tool that collides with a meta-tool, logs a warning, and keeps the meta-tool working', async () => {
    const gw = await startGateway({
      mcpServers: { search: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'tools' }) },
    });
    await toolNames(gw.client, ['search_echo']);
    const { tools } = await gw.client.listTools();
    const upstream = tools.find((t) => t.description === 'extra tool tools');
    expect(upstream?.name).toMatch(/^search_tools_[0-9a-f]{8}$/);
    expect(tools.filter((t) => t.name === 'search_tools')).toHaveLength(1);

    const meta = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'echo' } });
    expect(meta.isError).toBeFalsy();
    const results = (meta.structuredContent as { results: Array<{ name: string }> }).results.map(
      (r) => r.name,
    );
    expect(results).toContain('search_echo');
    const echoed = await gw.client.callTool({
      name: upstream?.name ?? '',
      arguments: { text: 'not the meta-tool' },
    });
    expect(textOf(echoed)).toBe('not the meta-tool');

    await waitFor(() => /collides.*search_tools/.test(gw.stderr()));
  });

  it('keeps the first of two colliding upstream tools (config order) and renames the later one, with a warning', async () => {
    // With separator "-", server a's tool "b-c" and server a-b's tool "c" would both be "a-b-c".
    const gw = await startGateway({
      mcpServers: {
        a: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'b-c' }),
        'a-b': fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'c' }),
      },
      settings: { separator: '-' },
    });
    await toolNames(gw.client, ['a-echo', 'a-b-echo']);
    const { tools } = await gw.client.listTools();
    const first = tools.find((t) => t.name === 'a-b-c');
    const later = tools.find((t) => t.description === 'extra tool c');
    expect(first?.description).toBe('extra tool b-c');
    expect(later?.name).toMatch(/^a-b-c_[0-9a-f]{8}$/);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    await waitFor(() => /a-b.*'c' collides/.test(gw.stderr()));
  });

  it('uses settings.separator between server and tool', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry(), other: fixtureEntry() },
      settings: { separator: '__' },
    });
    const names = await toolNames(gw.client, ['fx__echo', 'other__add']);
    expect(names.some((n) => /^(fx|other)_[^_]/.test(n))).toBe(false);
    const sum = await gw.client.callTool({ name: 'other__add', arguments: { a: 1, b: 1 } });
    expect(textOf(sum)).toBe('2');
    const wrong = await gw.client.callTool({ name: 'other_add', arguments: { a: 1, b: 1 } });
    expect(wrong.isError).toBe(true);
  });
});
