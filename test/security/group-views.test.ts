// A group view is a boundary: a session on --group ops (stdio) or /mcp/g/ops (HTTP) sees nothing of servers outside
// the group — not their instructions, status, resources, templates, prompts or completions.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isAlive } from '../../src/upstream/process-tree.js';
import { fixtureEntry, ROOT } from '../helpers/gw.js';
import { startGateway, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http.js';

const CONFIG = {
  mcpServers: {
    ops: fixtureEntry('resources.ts', { FIXTURE_NAME: 'ops', FIXTURE_INSTRUCTIONS: 'OPS-INSTRUCTIONS: restart things carefully' }),
    dev: fixtureEntry('resources.ts', { FIXTURE_NAME: 'dev', FIXTURE_INSTRUCTIONS: 'DEV-INSTRUCTIONS: internal notes', FIXTURE_URI_SCHEME: 'devfx' }),
  },
  groups: { ops: { servers: ['ops'] } },
  settings: { statusTool: true },
};

interface Report {
  servers: Array<{ name: string }>;
}

// A first run fills the tool-list cache, so a later session is told the servers' instructions at initialize.
async function warmCache(): Promise<string> {
  const first = await startGateway(CONFIG);
  await toolNames(first.client, ['ops_echo', 'dev_echo'], 20_000);
  await waitFor(async () => (await first.client.listResources()).resources.some((r) => r.uri === 'devfx://a'));
  await first.close();
  // The cache is flushed as the gateway exits.
  await waitFor(() => !isAlive(first.pid), 10_000);
  return first.configPath;
}

// Everything a session of group ops can learn, checked against what the dev server offers.
async function expectOnlyOps(client: Client): Promise<void> {
  const instructions = client.getInstructions() ?? '';
  expect(instructions).toMatch(/^fast-gateway: one MCP server in front of 1 server \(2 tools\)\./);
  expect(instructions).toContain('## ops\nOPS-INSTRUCTIONS');
  expect(instructions).not.toContain('DEV-INSTRUCTIONS');
  expect(instructions).not.toContain('## dev');

  await toolNames(client, ['ops_echo']);
  const status = await waitFor(async () => {
    const read = await client.readResource({ uri: 'gateway://status' });
    return JSON.parse((read.contents[0] as { text: string }).text) as Report;
  });
  expect(status.servers.map((s) => s.name)).toEqual(['ops']);
  const tool = await client.callTool({ name: 'gateway_status', arguments: {} });
  expect((tool.structuredContent as unknown as Report).servers.map((s) => s.name)).toEqual(['ops']);
  expect(JSON.stringify(tool)).not.toContain('dev');

  const resources = await waitFor(async () => {
    const list = (await client.listResources()).resources;
    return list.some((r) => r.uri === 'fixture://a') ? list : undefined;
  });
  expect(resources.map((r) => r.uri).filter((u) => u.startsWith('devfx:'))).toEqual([]);
  const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  expect(templates).toEqual(['fixture://item/{id}']);
  const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  expect(prompts).toEqual(['ops_greet']);

  // A non-member's resource reads exactly like one nobody offers.
  const unknown = await client.readResource({ uri: 'nobody://a' }).catch((e: Error) => e.message);
  const hidden = await client.readResource({ uri: 'devfx://a' }).catch((e: Error) => e.message);
  expect(hidden).toBe(String(unknown).replace('nobody://a', 'devfx://a'));
  expect(hidden).toMatch(/Resource not found/);
  await expect(client.readResource({ uri: 'devfx://item/alpha' })).rejects.toThrow(/Resource not found/);
  await expect(client.subscribeResource({ uri: 'devfx://a' })).rejects.toThrow(/Resource not found/);
  await expect(client.getPrompt({ name: 'dev_greet', arguments: { name: 'x' } })).rejects.toThrow(/Unknown prompt/);
  await expect(client.complete({ ref: { type: 'ref/resource', uri: 'devfx://item/{id}' }, argument: { name: 'id', value: 'a' } })).rejects.toThrow(
    /Unknown resource template/,
  );
  // The member's own surface still works.
  expect((await client.readResource({ uri: 'fixture://a' })).contents[0]).toMatchObject({ text: 'resource a from ops' });
}

describe('group views', () => {
  it('a stdio session on --group ops sees only its members', async () => {
    const configPath = await warmCache();
    const gw = await startGateway(CONFIG, { configPath, args: ['--group', 'ops'] });
    await expectOnlyOps(gw.client);
  });

  it('an HTTP session on /mcp/g/ops sees only its members, while /mcp sees every server', async () => {
    const configPath = await warmCache();
    const gw = await startHttpGateway(CONFIG, { configPath });
    const all = await gw.connect('/mcp');
    expect(all.getInstructions()).toContain('DEV-INSTRUCTIONS');
    expect(all.getInstructions()).toMatch(/in front of 2 servers/);
    const ops = await gw.connect('/mcp/g/ops');
    await expectOnlyOps(ops);
  });

  it("routes a server's request for roots only to a session whose group has that server", async () => {
    const everything = {
      command: process.execPath,
      args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
    };
    const gw = await startHttpGateway({ mcpServers: { everything, ops: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ops' }) }, groups: { ops: { servers: ['ops'] } } });
    const all = await rootsClient(gw, '/mcp');
    await toolNames(all.client, ['everything_echo', 'ops_echo'], 20_000);
    // The server asks for roots again on each list_changed; the first round settles its start-up request.
    await all.client.sendRootsListChanged();
    await waitFor(() => all.asked > 0, 15_000);
    const ops = await rootsClient(gw, '/mcp/g/ops');
    // The ops session is now the most recently active one, which is where an unbound request used to go.
    await toolNames(ops.client, ['ops_echo']);
    const before = all.asked;
    await all.client.sendRootsListChanged();
    await waitFor(() => all.asked > before || ops.asked > 0, 15_000);
    expect(ops.asked).toBe(0);
    expect(all.asked).toBe(before + 1);
  });
});

// An HTTP client that answers roots/list and counts how often it was asked.
async function rootsClient(gw: HttpGateway, route: string): Promise<{ client: Client; asked: number }> {
  const client = new Client({ name: `roots${route.replaceAll('/', '-')}`, version: '1.0.0' }, { capabilities: { roots: { listChanged: true } } });
  const state = { client, asked: 0 };
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    state.asked++;
    return { roots: [{ uri: 'file:///work', name: 'work' }] };
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(gw.base + route), { requestInit: { headers: gw.auth } }));
  onTestFinished(() => client.close().catch(() => undefined));
  return state;
}
