// 2026-07-28 clients on stdio: the real gw binary answers hand-built 2026 requests (no initialize) in the 2026 shape,
// beside 2025 sessions, with -32022 for versions it does not serve, subscriptions/listen and input_required.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, ROOT, runGw, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { envelope, startModernStdio, type ModernStdioClient } from '../helpers/modern.js';
import { loggedIds } from '../helpers/supervise.js';

const config = { mcpServers: { fx: fixtureEntry('conformance.ts') } };
const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
const SUB_ID = 'io.modelcontextprotocol/subscriptionId';

// Lists until the tool shows (upstreams start at the first 2026 request).
async function toolsOf(client: ModernStdioClient, expected: string): Promise<Array<{ name: string }>> {
  for (;;) {
    const r = await client.request('tools/list');
    const tools = (r.result?.tools ?? []) as Array<{ name: string }>;
    if (tools.some((t) => t.name === expected)) return tools;
  }
}

describe('2026-07-28 clients over stdio', () => {
  it('answers discover, lists with cache hints and calls, with no initialize and only 2026-shaped answers', async () => {
    const client = startModernStdio(writeConfig(config));
    const discover = await client.request('server/discover');
    expect(discover.result?.supportedVersions).toEqual(expect.arrayContaining(['2026-07-28', '2025-11-25']));
    expect(discover.result?.capabilities).toMatchObject({ tools: {} });
    expect(discover.result?.capabilities).not.toHaveProperty('tasks');
    expect(String(discover.result?.instructions)).toContain('fast-gateway');
    expect(discover.result?._meta?.[SERVER_INFO as never]).toMatchObject({ name: 'fast-gateway' });

    const tools = await toolsOf(client, 'fx_test_simple_text');
    expect(tools.map((t) => t.name)).toContain('search_tools');
    const list = await client.request('tools/list');
    expect(list.result).toMatchObject({ resultType: 'complete', ttlMs: expect.any(Number), cacheScope: 'private' });

    const call = await client.request('tools/call', { name: 'fx_test_simple_text', arguments: {} });
    expect(textOf(call.result)).toContain('simple text response');
    const prompts = await client.request('prompts/list');
    expect(prompts.result).toMatchObject({ cacheScope: 'private', prompts: expect.arrayContaining([expect.objectContaining({ name: 'fx_test_simple_prompt' })]) });

    // A method the 2026 revision does not have is not answered the 2025 way.
    const ping = await client.request('ping');
    expect(ping.error?.code).toBe(-32601);
    // Nothing but answers to what was asked reached stdout (no 2025 list_changed, no initialize result).
    expect(client.lines.every((m) => m.id !== undefined && m.method === undefined)).toBe(true);
  });

  it('answers a version it does not serve with -32022 and the versions it does', async () => {
    const client = startModernStdio(writeConfig(config));
    const answer = await client.request('tools/list', { _meta: envelope({}, '2099-01-01') });
    expect(answer.error?.code).toBe(-32022);
    expect(answer.error?.data).toEqual({ supported: expect.arrayContaining(['2026-07-28', '2025-11-25']), requested: '2099-01-01' });
    expect(answer.error?.message).toContain('2099-01-01');
    const noCaps = await client.request('tools/list', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } });
    expect(noCaps.error?.code).toBe(-32602);
    expect(noCaps.error?.message).toContain('clientCapabilities');
  });

  it('keeps serving 2025 sessions exactly as before', async () => {
    const gw = await startGateway(config);
    expect(await toolNames(gw.client, ['fx_test_simple_text'])).toContain('search_tools');
    const result = await gw.client.callTool({ name: 'fx_test_simple_text', arguments: {} });
    expect(textOf(result)).toContain('simple text response');
    expect(gw.client.getServerVersion()?.name).toBe('fast-gateway');
  });

  it('streams a tool list change to subscriptions/listen after a gw config edit', async () => {
    const configPath = writeConfig(config);
    const client = startModernStdio(configPath);
    await toolsOf(client, 'fx_test_simple_text');
    client.send({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: envelope() } });
    const ack = await client.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params).toMatchObject({ notifications: { toolsListChanged: true }, _meta: { [SUB_ID]: 'listen-1' } });

    expect((await runGw(['deny', 'fx', 'test_simple_text', '--config', configPath])).code).toBe(0);
    const changed = await client.waitFor((m) => m.method === 'notifications/tools/list_changed');
    expect(changed.params?._meta).toEqual({ [SUB_ID]: 'listen-1' });
    const after = await client.request('tools/list');
    expect((after.result?.tools as Array<{ name: string }>).map((t) => t.name)).not.toContain('fx_test_simple_text');

    // Cancelling the listen ends the stream without an answer.
    client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'listen-1' } });
    const next = await client.request('server/discover');
    expect(next.result?.supportedVersions).toBeDefined();
    expect(client.lines.some((m) => m.id === 'listen-1')).toBe(false);
  });

  it('turns an upstream elicitation into input_required and resumes with the answer; a tampered requestState is refused', async () => {
    const client = startModernStdio(writeConfig(config));
    await toolsOf(client, 'fx_test_elicitation');
    const caps = { elicitation: {} };
    const params = { name: 'fx_test_elicitation', arguments: { message: 'Your name?' } };
    const first = await client.request('tools/call', params, caps);
    expect(first.result?.resultType).toBe('input_required');
    const requests = first.result?.inputRequests as Record<string, { method: string; params: { message: string } }>;
    const [key, asked] = Object.entries(requests)[0] ?? [];
    expect(asked).toMatchObject({ method: 'elicitation/create', params: { message: 'Your name?' } });
    const state = String(first.result?.requestState);

    const tampered = state.slice(0, -4) + (state.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = await client.request('tools/call', { ...params, requestState: tampered, inputResponses: { [String(key)]: { action: 'accept', content: { response: 'x' } } } }, caps);
    expect(refused.error?.code).toBe(-32602);
    expect(refused.error?.message).toMatch(/altered|not issued/);
    const otherRequest = await client.request('tools/call', { name: 'fx_test_elicitation', arguments: { message: 'other' }, requestState: state, inputResponses: {} }, caps);
    expect(otherRequest.error?.message).toContain('different request');

    const done = await client.request('tools/call', { ...params, requestState: state, inputResponses: { [String(key)]: { action: 'accept', content: { response: 'Ada' } } } }, caps);
    expect(textOf(done.result)).toContain('Ada');
    expect(textOf(done.result)).toContain('action=accept');
    // The exchange is over: the same state cannot be replayed.
    const replay = await client.request('tools/call', { ...params, requestState: state, inputResponses: { [String(key)]: { action: 'accept' } } }, caps);
    expect(replay.error?.message).toContain('not pending');
  });

  it('passes a 2026 client\'s cancellation of a call to the upstream and sends no answer', async () => {
    const client = startModernStdio(writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts') } }));
    await toolsOf(client, 'fx_sleep');
    client.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'fx_sleep', arguments: { ms: 60_000 }, _meta: envelope() } });
    const upstreamId = await waitFor(() => loggedIds(client.stderr(), 'fx', 'sleep')[0]);
    client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow' } });
    await waitFor(() => loggedIds(client.stderr(), 'fx', 'cancelled').includes(upstreamId));
    // The connection goes on, and the cancelled call was never answered.
    expect((await client.request('tools/call', { name: 'fx_echo', arguments: { text: 'after' } })).result).toMatchObject({ resultType: 'complete' });
    expect(client.lines.some((m) => m.id === 'slow')).toBe(false);
  });

  it('carries a call the relay can take straight to the upstream pipe, stamped in the 2026 shape, progress and large results too', async () => {
    const client = startModernStdio(writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts') } }));
    await toolsOf(client, 'fx_sleep');
    const fast = await client.request('tools/call', { name: 'fx_sleep', arguments: { ms: 250 }, _meta: { ...envelope(), progressToken: 'p-fast' } });
    expect(fast.result).toMatchObject({ resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fast-gateway' } } });
    expect(textOf(fast.result)).toBe('slept 250');
    expect(client.lines.some((m) => m.method === 'notifications/progress' && m.params?.progressToken === 'p-fast')).toBe(true);
    // The relay's private ids ("gw~N") reached the upstream: the call took the fast path.
    expect(loggedIds(client.stderr(), 'fx', 'sleep')).toEqual([expect.stringMatching(/^gw~/)]);
    // A result large enough to pass as bytes is stamped too.
    const big = await client.request('tools/call', { name: 'fx_big', arguments: { bytes: 300_000 } });
    expect(big.result).toMatchObject({ resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fast-gateway' } } });
    expect(textOf(big.result)).toHaveLength(300_000);
    // A client that could be asked something mid-call takes the internal session, where a question becomes input_required.
    await client.request('tools/call', { name: 'fx_sleep', arguments: { ms: 10 } }, { elicitation: {} });
    expect(loggedIds(client.stderr(), 'fx', 'sleep')[1]).not.toMatch(/^gw~/);
  });

  it('streams updates of the resources a listen names (subscribed upstream for it)', async () => {
    const everything = { command: process.execPath, args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] };
    const client = startModernStdio(writeConfig({ mcpServers: { everything } }));
    await toolsOf(client, 'everything_toggle-subscriber-updates');
    const uri = 'demo://resource/static/document/architecture.md';
    client.send({ jsonrpc: '2.0', id: 'res', method: 'subscriptions/listen', params: { notifications: { resourceSubscriptions: [uri] }, _meta: envelope() } });
    const ack = await client.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params?.notifications).toEqual({ resourceSubscriptions: [uri] });
    await client.request('tools/call', { name: 'everything_toggle-subscriber-updates', arguments: {} });
    const updated = await client.waitFor((m) => m.method === 'notifications/resources/updated');
    expect(updated.params).toEqual({ uri, _meta: { [SUB_ID]: 'res' } });
    // The upstream's log lines about it are 2025 notifications: none reaches a client that never initialized.
    expect(client.lines.some((m) => m.method === 'notifications/message')).toBe(false);
  });
});
