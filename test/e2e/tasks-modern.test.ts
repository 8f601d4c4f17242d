// Tasks for 2026-07-28 clients (the io.modelcontextprotocol/tasks extension) through the real gw binary, on the same
// task table as 2025 clients: server-everything's simulate-research-query (a 2025 task server) created, polled to its
// inlined result, followed on subscriptions/listen, cancelled; foreign, altered and expired task ids refused.
import { describe, expect, it } from 'vitest';
import { EVERYTHING } from '../helpers/everything.js';
import { writeConfig } from '../helpers/gw.js';
import { textOf, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http.js';
import { envelope, modernFetch, startModernStdio, type ModernStdioClient, type Rpc } from '../helpers/modern.js';

const TASKS = 'io.modelcontextprotocol/tasks';
const CAPS = { extensions: { [TASKS]: {} } };
const TOOL = 'everything_simulate-research-query';
const config = { mcpServers: { everything: EVERYTHING }, groups: { solo: { servers: ['everything'] } } };

type Ask = (method: string, params?: Record<string, unknown>, capabilities?: Record<string, unknown>) => Promise<Rpc>;

// Lists until the task tool shows (upstreams start at the first 2026 request), then calls it with the extension.
async function createTask(ask: Ask, topic: string): Promise<Record<string, unknown>> {
  await waitFor(async () => ((await ask('tools/list')).result?.tools as Array<{ name: string }> | undefined)?.some((t) => t.name === TOOL), 30_000);
  const r = await ask('tools/call', { name: TOOL, arguments: { topic } }, CAPS);
  if (r.result?.resultType !== 'task') throw new Error(`no task: ${JSON.stringify(r)}`);
  return r.result;
}

async function untilEnded(ask: Ask, taskId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const r = await ask('tasks/get', { taskId }, CAPS);
    if (!r.result) throw new Error(JSON.stringify(r.error));
    if (['completed', 'failed', 'cancelled'].includes(String(r.result.status))) return r.result;
  }
}

const overHttp = (gw: HttpGateway, path = '/mcp', client = 'modern-test'): Ask => async (method, params = {}, capabilities = {}) => {
  const meta = { ...envelope(capabilities), 'io.modelcontextprotocol/clientInfo': { name: client, version: '1.0.0' } };
  const name: Record<string, string> = typeof params.taskId === 'string' ? { 'Mcp-Name': params.taskId } : {};
  return (await modernFetch(gw.base, gw.auth, method, { ...params, _meta: meta }, { path, headers: name })).body;
};

describe('tasks for 2026-07-28 clients', () => {
  it('over stdio: discovers the extension, creates a task, polls it to its inlined result, hears it end on listen', async () => {
    const client: ModernStdioClient = startModernStdio(writeConfig(config));
    const ask: Ask = (m, p, c) => client.request(m, p, c);
    const discover = await client.request('server/discover');
    expect(discover.result?.capabilities).toMatchObject({ extensions: { [TASKS]: {} } });
    expect(discover.result?.capabilities).not.toHaveProperty('tasks');

    const created = await createTask(ask, 'gateway tasks');
    expect(created).toMatchObject({ resultType: 'task', status: 'working', ttlMs: 3_600_000, createdAt: expect.any(String) });
    expect(created).not.toHaveProperty('task');
    const taskId = String(created.taskId);

    client.send({ jsonrpc: '2.0', id: 'listen-t', method: 'subscriptions/listen', params: { notifications: { taskIds: [taskId, 'not-a-task'] }, _meta: envelope(CAPS) } });
    const ack = await client.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params?.notifications).toEqual({ taskIds: [taskId] });

    const done = await untilEnded(ask, taskId);
    expect(done).toMatchObject({ resultType: 'complete', taskId, status: 'completed' });
    expect(textOf(done.result)).toContain('gateway tasks');
    const pushed = await client.waitFor((m) => m.method === 'notifications/tasks' && m.params?.status === 'completed');
    expect(pushed.params).toMatchObject({ taskId, _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-t' } });
    expect(textOf(pushed.params?.result)).toContain('gateway tasks');

    // The 2026 extension has no tasks/list or tasks/result; without the extension, tasks/get is refused with -32021.
    expect((await client.request('tasks/list', {}, CAPS)).error?.code).toBe(-32601);
    expect((await client.request('tasks/result', { taskId }, CAPS)).error?.code).toBe(-32601);
    const undeclared = await client.request('tasks/get', { taskId });
    expect(undeclared.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { extensions: { [TASKS]: {} } } } });
    const withoutExtension = await client.request('tools/call', { name: TOOL, arguments: { topic: 'x' } });
    expect(withoutExtension.error).toMatchObject({ code: -32021, message: expect.stringContaining(TOOL) });
    // A plain tool still answers plainly to a client that declares the extension.
    const plain = await client.request('tools/call', { name: 'everything_echo', arguments: { message: 'hi' } }, CAPS);
    expect(plain.result).toMatchObject({ resultType: 'complete' });
    expect(textOf(plain.result)).toContain('hi');
  });

  it('over HTTP: cancels a task; refuses another route, another client, an altered id; says when a task expired', async () => {
    const gw = await startHttpGateway(config, { env: { GW_TASK_TTL_MS: '4000' } });
    const ask = overHttp(gw);
    const created = await createTask(ask, 'to be cancelled');
    const taskId = String(created.taskId);
    expect(created.ttlMs).toBe(4000);

    const foreignRoute = await overHttp(gw, '/mcp/g/solo')('tasks/get', { taskId }, CAPS);
    expect(foreignRoute.error?.code).toBe(-32602);
    expect(foreignRoute.error?.message).toMatch(/Task not found: .* not a task this gateway created for this client/);
    const foreignClient = await overHttp(gw, '/mcp', 'someone-else')('tasks/get', { taskId }, CAPS);
    expect(foreignClient.error?.message).toMatch(/not a task this gateway created for this client/);
    const altered = taskId.slice(0, -2) + (taskId.endsWith('AA') ? 'BB' : 'AA');
    expect((await ask('tasks/get', { taskId: altered }, CAPS)).error?.message).toMatch(/Task not found/);

    const cancel = await ask('tasks/cancel', { taskId }, CAPS);
    expect(cancel.result).toMatchObject({ resultType: 'complete' });
    expect((await untilEnded(ask, taskId)).status).toBe('cancelled');

    const expired = await waitFor(async () => (await ask('tasks/get', { taskId }, CAPS)).error, 30_000, 200);
    expect(expired.code).toBe(-32602);
    expect(expired.message).toMatch(/Task has expired: its ttl ended at .*GW_TASK_TTL_MS/);
  });
});
