// The whole MCP surface through the gateway, against @modelcontextprotocol/server-everything and a client that implements sampling, elicitation and roots.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, ROOT } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

const everything = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};
const config = {
  mcpServers: { everything, fx: fixtureEntry('resources.ts', { FIXTURE_NAME: 'fx' }) },
  groups: { onlyfx: { servers: ['fx'] } },
};
const capabilities = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

function withHandlers(client: Client, seen: { sampling: unknown[]; elicit: unknown[] }): void {
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    seen.sampling.push(req.params);
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } };
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    seen.elicit.push(req.params);
    return { action: 'accept', content: { name: 'Ada', email: 'ada@example.com', age: 36 } };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work/project', name: 'project' }] }));
}

describe('protocol passthrough', () => {
  it('advertises every capability it passes through and merges the upstreams\' instructions under their names', async () => {
    const first = await startGateway(config, { clientOptions: { capabilities } });
    await toolNames(first.client, ['everything_echo', 'fx_echo']);
    await first.close();
    // Instructions are sent at initialize, before upstreams answer: they come from the cache the first run wrote.
    const gw = await startGateway(config, { clientOptions: { capabilities }, configPath: first.configPath });
    expect(gw.client.getInstructions()).toContain('## everything');
    const caps = gw.client.getServerCapabilities();
    expect(caps?.tools?.listChanged).toBe(true);
    expect(caps?.prompts).toBeDefined();
    expect(caps?.resources?.subscribe).toBe(true);
    expect(caps?.completions).toBeDefined();
    expect(caps?.logging).toBeDefined();
  });

  it('lists prompts namespaced with arguments unchanged, and routes prompts/get', async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities } });
    const prompts = await waitFor(async () => {
      const list = (await gw.client.listPrompts()).prompts;
      return list.some((p) => p.name === 'everything_args-prompt') && list.some((p) => p.name === 'fx_greet') ? list : undefined;
    });
    const args = prompts.find((p) => p.name === 'everything_args-prompt');
    expect(args?.arguments?.map((a) => a.name)).toEqual(expect.arrayContaining(['city']));
    const greet = await gw.client.getPrompt({ name: 'fx_greet', arguments: { name: 'Ada' } });
    expect(JSON.stringify(greet.messages)).toContain('Hello, Ada!');
    const simple = await gw.client.getPrompt({ name: 'everything_simple-prompt' });
    expect(simple.messages.length).toBeGreaterThan(0);
    await expect(gw.client.getPrompt({ name: 'everything_nope' })).rejects.toThrow(/Unknown prompt/);
  });

  it('merges resources and templates, routes reads by URI (static and templated), and completes arguments', async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities } });
    const resources = await waitFor(async () => {
      const list = (await gw.client.listResources()).resources;
      return list.some((r) => r.uri === 'fixture://a') && list.some((r) => r.uri.startsWith('demo://')) ? list : undefined;
    });
    expect(resources.some((r) => r.uri === 'gateway://status')).toBe(true);
    const a = await gw.client.readResource({ uri: 'fixture://a' });
    expect(a.contents[0]).toMatchObject({ uri: 'fixture://a' });
    const templates = (await gw.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['fixture://item/{id}', 'demo://resource/dynamic/text/{resourceId}']));
    const item = await gw.client.readResource({ uri: 'fixture://item/42' });
    expect(JSON.stringify(item.contents)).toContain('42');
    const dynamic = await gw.client.readResource({ uri: 'demo://resource/dynamic/text/3' });
    expect(dynamic.contents[0]?.uri).toBe('demo://resource/dynamic/text/3');
    const status = await gw.client.readResource({ uri: 'gateway://status' });
    expect(JSON.parse((status.contents[0] as { text: string }).text).servers.map((s: { name: string }) => s.name)).toEqual(['everything', 'fx']);

    const dept = await gw.client.complete({ ref: { type: 'ref/prompt', name: 'everything_completable-prompt' }, argument: { name: 'department', value: 'E' } });
    expect(dept.completion.values).toContain('Engineering');
    const id = await gw.client.complete({ ref: { type: 'ref/resource', uri: 'fixture://item/{id}' }, argument: { name: 'id', value: 'al' } });
    expect(id.completion.values).toContain('alpha');
  });

  it('forwards sampling, elicitation and roots requests from an upstream to the client and back', async () => {
    const seen = { sampling: [] as unknown[], elicit: [] as unknown[] };
    const gw = await startGateway(config, { clientOptions: { capabilities }, prepare: (c) => withHandlers(c, seen) });
    await toolNames(gw.client, ['everything_trigger-sampling-request', 'everything_trigger-elicitation-request', 'everything_get-roots-list']);
    const sampled = await gw.client.callTool({ name: 'everything_trigger-sampling-request', arguments: { prompt: 'say hi' } });
    expect(textOf(sampled)).toContain('sampled answer');
    expect(JSON.stringify(seen.sampling)).toContain('say hi');
    const elicited = await gw.client.callTool({ name: 'everything_trigger-elicitation-request', arguments: {} });
    expect(textOf(elicited)).toContain('Ada');
    expect(seen.elicit.length).toBe(1);
    const roots = await gw.client.callTool({ name: 'everything_get-roots-list', arguments: {} });
    expect(textOf(roots)).toContain('file:///work/project');
  });

  it('does not offer capability-dependent upstream tools to a client without those capabilities', async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities: {} } });
    const names = await toolNames(gw.client, ['everything_echo', 'fx_echo']);
    expect(names).not.toContain('everything_trigger-sampling-request');
  });

  it('forwards logging/setLevel and upstream log messages with the server name as logger prefix', async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities } });
    await toolNames(gw.client, ['everything_toggle-simulated-logging']);
    const messages: LoggingMessageNotification['params'][] = [];
    gw.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void messages.push(n.params));
    await gw.client.setLoggingLevel('debug');
    await gw.client.callTool({ name: 'everything_toggle-simulated-logging', arguments: {} });
    await waitFor(() => messages.length > 0, 20_000);
    expect(messages.every((m) => m.logger?.startsWith('everything'))).toBe(true);
    await gw.client.callTool({ name: 'everything_toggle-simulated-logging', arguments: {} });
  });

  it('routes resources/subscribe and delivers notifications/resources/updated for subscribed URIs', async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities } });
    await toolNames(gw.client, ['everything_toggle-subscriber-updates']);
    const { ResourceUpdatedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const updated: string[] = [];
    gw.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    const uri = await waitFor(async () => (await gw.client.listResources()).resources.find((r) => r.uri.startsWith('demo://'))?.uri);
    await gw.client.subscribeResource({ uri });
    await gw.client.callTool({ name: 'everything_toggle-subscriber-updates', arguments: {} });
    await waitFor(() => updated.includes(uri), 20_000);
    await gw.client.unsubscribeResource({ uri });
    await gw.client.callTool({ name: 'everything_toggle-subscriber-updates', arguments: {} });
  });

  it("hides a server's prompts and resources outside its group: neither listed nor readable", async () => {
    const gw = await startGateway(config, { clientOptions: { capabilities }, args: ['--group', 'onlyfx'] });
    await toolNames(gw.client, ['fx_echo']);
    await waitFor(async () => (await gw.client.listPrompts()).prompts.some((p) => p.name === 'fx_greet'));
    const prompts = (await gw.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts.some((p) => p.startsWith('everything_'))).toBe(false);
    const resources = (await gw.client.listResources()).resources.map((r) => r.uri);
    expect(resources.some((u) => u.startsWith('demo://'))).toBe(false);
    await expect(gw.client.readResource({ uri: 'demo://resource/dynamic/text/1' })).rejects.toThrow(/not found/i);
    await expect(gw.client.getPrompt({ name: 'everything_simple-prompt' })).rejects.toThrow(/Unknown prompt/);
  });
});
