// 2026-07-28 clients on `gw serve --http`: stateless requests (no Mcp-Session-Id) answered at /mcp beside 2025 sessions,
// headers checked against the body, -32022, subscriptions/listen and progress as event streams, input_required across
// replicas, the drain on SIGTERM.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EVERYTHING } from '../helpers/everything.js';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';
import { textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http.js';
import { envelope, MODERN, modernFetch, readEvents, type Rpc } from '../helpers/modern.js';

const config = { mcpServers: { fx: fixtureEntry('conformance.ts') } };

async function toolsOver(gw: HttpGateway, expected: string): Promise<Array<{ name: string }>> {
  for (;;) {
    const { body } = await modernFetch(gw.base, gw.auth, 'tools/list');
    const tools = (body.result?.tools ?? []) as Array<{ name: string }>;
    if (tools.some((t) => t.name === expected)) return tools;
  }
}

describe('2026-07-28 clients over HTTP', () => {
  it('answers stateless discover, list and call at /mcp while a 2025 session works on the same endpoint', async () => {
    const gw = await startHttpGateway(config);
    const discover = await modernFetch(gw.base, gw.auth, 'server/discover');
    expect(discover.status).toBe(200);
    expect(discover.body.result).toMatchObject({ supportedVersions: expect.arrayContaining([MODERN]), capabilities: { tools: {} } });
    await toolsOver(gw, 'fx_test_simple_text');
    const list = await modernFetch(gw.base, gw.auth, 'tools/list');
    expect(list.body.result).toMatchObject({ ttlMs: expect.any(Number), cacheScope: 'private' });
    const call = await modernFetch(gw.base, gw.auth, 'tools/call', { name: 'fx_test_simple_text', arguments: {} });
    expect(textOf(call.body.result)).toContain('simple text response');

    const legacy = await gw.connect();
    expect(await toolNames(legacy, ['fx_test_simple_text'])).toContain('search_tools');
    expect(textOf(await legacy.callTool({ name: 'fx_test_simple_text', arguments: {} }))).toContain('simple text response');
    // A request with neither a session nor a 2026 envelope is still refused the 2025 way.
    const bare = await gw.fetch('/mcp', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(bare.status).toBe(400);
  });

  it('refuses an unknown version with -32022 and headers that disagree with the body with 400 saying which', async () => {
    const gw = await startHttpGateway(config);
    const unknown = await modernFetch(gw.base, gw.auth, 'tools/list', { _meta: envelope({}, '2099-01-01') }, { headers: { 'MCP-Protocol-Version': '2099-01-01' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: -32022, data: { supported: expect.arrayContaining([MODERN, '2025-11-25']), requested: '2099-01-01' } });

    const method = await modernFetch(gw.base, gw.auth, 'tools/list', {}, { headers: { 'Mcp-Method': 'tools/call' } });
    expect(method.status).toBe(400);
    expect(method.body.error?.message).toContain('the body names method tools/list but the Mcp-Method header names tools/call');
    const name = await modernFetch(gw.base, gw.auth, 'tools/call', { name: 'fx_test_simple_text', arguments: {} }, { headers: { 'Mcp-Name': 'fx_other' } });
    expect(name.status).toBe(400);
    expect(name.body.error?.message).toContain('Mcp-Name header names "fx_other"');
    const version = await modernFetch(gw.base, gw.auth, 'tools/list', {}, { headers: { 'MCP-Protocol-Version': '2025-11-25' } });
    expect(version.status).toBe(400);
    expect(version.body.error?.message).toContain('MCP-Protocol-Version header names 2025-11-25');
  });

  it('streams list changes to subscriptions/listen after a gw config edit', async () => {
    const configPath = writeConfig(config);
    const gw = await startHttpGateway(config, { configPath });
    await toolsOver(gw, 'fx_test_simple_text');
    const res = await fetch(gw.base + '/mcp', {
      method: 'POST',
      headers: { ...gw.auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Method': 'subscriptions/listen' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: envelope() } }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(res);
    const ack = await events.next((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params).toMatchObject({ notifications: { toolsListChanged: true }, _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } });
    expect((await runGw(['deny', 'fx', 'test_simple_text', '--config', configPath])).code).toBe(0);
    const changed = await events.next((m) => m.method === 'notifications/tools/list_changed');
    expect(changed.params?._meta).toEqual({ 'io.modelcontextprotocol/subscriptionId': 7 });
    events.cancel();
  });

  it('resumes an elicitation through input_required, on the replica that started it or, re-issued, on another', async () => {
    const env = { GW_SIGNING_KEY: 'shared-signing-key-for-both-replicas' };
    const a = await startHttpGateway(config, { env });
    const b = await startHttpGateway(config, { env });
    const c = await startHttpGateway(config); // its own random key
    await toolsOver(a, 'fx_test_elicitation');
    const params = { name: 'fx_test_elicitation', arguments: { message: 'Colour?' } };
    const caps = { elicitation: {} };
    const first = await modernFetch(a.base, a.auth, 'tools/call', params, { capabilities: caps });
    expect(first.body.result?.resultType).toBe('input_required');
    const [key] = Object.keys(first.body.result?.inputRequests as object);
    const resume = { ...params, requestState: first.body.result?.requestState, inputResponses: { [String(key)]: { action: 'accept', content: { response: 'teal' } } } };

    const foreign = await modernFetch(c.base, c.auth, 'tools/call', resume, { capabilities: caps });
    expect(foreign.body.error?.message).toContain('not issued by this gateway');
    // b never held the exchange: it re-issues the call and answers the upstream's repeated question from the state.
    const elsewhere = await modernFetch(b.base, b.auth, 'tools/call', resume, { capabilities: caps });
    expect(textOf(elsewhere.body.result)).toContain('teal');
    expect(b.stderr()).toContain('re-issued with 1 recorded answer');
    const again = await modernFetch(b.base, b.auth, 'tools/call', resume, { capabilities: caps });
    expect(again.body.error?.message).toContain('resumed already');
    const done = await modernFetch(a.base, a.auth, 'tools/call', resume, { capabilities: caps });
    expect(textOf(done.body.result)).toContain('teal');
  });

  it("carries a 2026 upstream's input_required to a 2026 client as its own, resumed where it started or, re-issued, on another replica", async () => {
    const env = { GW_SIGNING_KEY: 'shared-signing-key-for-both-replicas' };
    const upstream = { mcpServers: { m: fixtureEntry('modern.ts') } };
    const [a, b] = await Promise.all([startHttpGateway(upstream, { env }), startHttpGateway(upstream, { env })]);
    await Promise.all([toolsOver(a, 'm_ask'), toolsOver(b, 'm_ask')]);
    const params = { name: 'm_ask', arguments: {} };
    const caps = { elicitation: {} };
    const ask = async (gw: HttpGateway) => {
      const first = await modernFetch(gw.base, gw.auth, 'tools/call', params, { capabilities: caps });
      expect(first.body.result?.resultType, JSON.stringify(first.body)).toBe('input_required');
      const [[key, question]] = Object.entries(first.body.result?.inputRequests as Record<string, { method: string; params: { message: string } }>) as [[string, { method: string; params: { message: string } }]];
      expect(question).toMatchObject({ method: 'elicitation/create', params: { message: 'Favourite colour?' } });
      return { ...params, requestState: first.body.result?.requestState, inputResponses: { [key]: { action: 'accept', content: { colour: 'teal' } } } };
    };
    const here = await modernFetch(a.base, a.auth, 'tools/call', await ask(a), { capabilities: caps });
    expect(textOf(here.body.result)).toBe('colour accept {"colour":"teal"}');
    const elsewhere = await modernFetch(b.base, b.auth, 'tools/call', await ask(a), { capabilities: caps });
    expect(textOf(elsewhere.body.result)).toBe('colour accept {"colour":"teal"}');
    expect(b.stderr()).toContain('re-issued with 1 recorded answer');
  });

  it("sends an upstream's request outside any call to a 2025 session, not to a 2026 request's internal session idle in the pool", async () => {
    const gw = await startHttpGateway({ mcpServers: { everything: EVERYTHING } }, { env: { GW_LOG_LEVEL: 'debug' } });
    const client = new Client({ name: 'roots-test', version: '1.0.0' }, { capabilities: { roots: { listChanged: true } } });
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///work/project', name: 'project' }] }));
    const transport = new StreamableHTTPClientTransport(new URL(gw.base + '/mcp'), { requestInit: { headers: gw.auth } });
    await client.connect(transport);
    onTestFinished(() => client.close().catch(() => undefined));
    await toolNames(client, ['everything_echo']);
    // The most recent activity is a 2026 request's: its internal session then waits in the pool. It declares no roots:
    // server-everything's own first roots/list (sent when it starts) may arrive during this call under load, and would
    // go to the busy internal session and turn the answer into input_required; without roots it is refused there, and
    // a wrong routing below would log no forwarding at all.
    await toolsOver(gw, 'everything_echo');
    expect(textOf((await modernFetch(gw.base, gw.auth, 'tools/call', { name: 'everything_echo', arguments: { message: 'hi' } }, { capabilities: {} })).body.result)).toContain('hi');
    const forwarded = () => gw.stderr().split('\n').filter((l) => l.includes("forwarding roots/list from 'everything'"));
    const before = forwarded().length;
    // server-everything asks for the roots when told they changed: outside any call, so "the most recently active" gets it.
    await client.sendRootsListChanged();
    const line = await waitFor(() => forwarded()[before]);
    expect(line).toContain(`[session:${(transport.sessionId ?? '').slice(0, 8)}]`);
  });

  it('drains on SIGTERM: a 2026 call in flight finishes and is answered, a listen stream is ended with its result, then it exits 0', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry('fixture.ts') } }, { args: ['--drain-timeout', '30000'] });
    await toolsOver(gw, 'fx_sleep');
    const res = await fetch(gw.base + '/mcp', {
      method: 'POST',
      headers: { ...gw.auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Method': 'subscriptions/listen' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: envelope() } }),
    });
    const events = readEvents(res);
    await events.next((m) => m.method === 'notifications/subscriptions/acknowledged');
    const slow = modernFetch(gw.base, gw.auth, 'tools/call', { name: 'fx_sleep', arguments: { ms: 1500 } });
    await waitFor(() => gw.stderr().includes('fixture: sleep request'));
    process.kill(gw.pid, 'SIGTERM');
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(textOf(answer.body.result)).toBe('slept 1500');
    expect((await events.next((m) => m.id === 3)).result).toMatchObject({ _meta: { 'io.modelcontextprotocol/subscriptionId': 3 } });
    expect((await gw.proc).exitCode).toBe(0);
    expect(gw.stderr()).toMatch(/draining: 1 stateless request with calls in flight/);
    expect(gw.stderr()).toMatch(/drained: every call in flight finished/);
  });

  it('answers a call that reports progress with an event stream: the progress first, the response last; JSON otherwise', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry('fixture.ts') } });
    await toolsOver(gw, 'fx_sleep');
    const post = (progressToken?: string) =>
      fetch(gw.base + '/mcp', {
        method: 'POST',
        headers: { ...gw.auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'tools/call', 'Mcp-Name': 'fx_sleep' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'fx_sleep', arguments: { ms: 300 }, _meta: { ...envelope(), ...(progressToken && { progressToken }) } } }),
      });
    const res = await post('p-1');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(res);
    const progress = await events.next((m) => m.method === 'notifications/progress');
    expect(progress.params).toMatchObject({ progressToken: 'p-1', total: 300 });
    const response = await events.next((m) => m.id === 5);
    expect(textOf(response.result)).toBe('slept 300');
    expect(response.result?.resultType).toBe('complete');
    // Without a progress token nothing is streamed: the answer is one JSON document.
    const plain = await post();
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(textOf(((await plain.json()) as Rpc).result)).toBe('slept 300');
  });
});
