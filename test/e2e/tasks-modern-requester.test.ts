// The official Tasks requester (@modelcontextprotocol/ext-tasks/client) on a v2 SDK client in the 2026-07-28 era drives
// a task through `gw serve --http` to its result: the gateway's 2026 wire form is what that library expects.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createTaskSessionFromClient, resultFromTaskOutcome } from '@modelcontextprotocol/ext-tasks/client';
import { onTestFinished, describe, expect, it } from 'vitest';
import { EVERYTHING } from '../helpers/everything.js';
import { textOf, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';
import { MODERN } from '../helpers/modern.js';

const TASKS = 'io.modelcontextprotocol/tasks';
const TOOL = 'everything_simulate-research-query';

describe('the ext-tasks requester through the gateway', () => {
  it('calls a task tool and settles it to the completed result', async () => {
    const gw = await startHttpGateway({ mcpServers: { everything: EVERYTHING } });
    const capabilities = { extensions: { [TASKS]: {} } };
    const clientInfo = { name: 'ext-tasks-test', version: '1.0.0' };
    const client = new Client(clientInfo, { capabilities: capabilities as never, versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(gw.base + '/mcp'), { requestInit: { headers: gw.auth } }));
    onTestFinished(() => client.close());
    expect(client.getProtocolEra()).toBe('modern');
    await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === TOOL), 30_000);

    // The raw path the library needs for task-shaped answers: one stateless 2026 POST per request.
    const rawDispatch = async (request: unknown) => {
      const body = request as { method: string; params?: { taskId?: string; name?: string } };
      const name = body.params?.taskId ?? body.params?.name;
      const res = await fetch(gw.base + '/mcp', {
        method: 'POST',
        headers: { ...gw.auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': MODERN, 'Mcp-Method': body.method, ...(name && { 'Mcp-Name': name }) },
        body: JSON.stringify({ id: 1, ...body, jsonrpc: '2.0' }),
      });
      const answer = (await res.json()) as { result?: never; error?: never };
      return answer.error ? { kind: 'error' as const, error: answer.error } : { kind: 'result' as const, result: answer.result as never };
    };
    const session = createTaskSessionFromClient(client, {
      endpointId: 'gw-test',
      rawDispatch,
      v2RequestFraming: { protocolVersion: MODERN, clientInfo, clientCapabilities: capabilities },
    });
    onTestFinished(() => session.close());
    const execution = await session.callTool(TOOL, { topic: 'requester' });
    expect(execution.kind).toBe('task');
    const { outcome } = await execution.settle();
    expect(outcome).toMatchObject({ status: 'completed' });
    expect(textOf(resultFromTaskOutcome(outcome))).toContain('requester');
  });
});
