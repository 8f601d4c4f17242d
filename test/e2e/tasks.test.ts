// Tasks (SEP-1686) through the gateway with server-everything's simulate-research-query: created under the gateway's
// own id, polled to completion, listed, cancelled, and governed (a denied call creates no task; redaction on tasks/result).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVERYTHING, untilTaskDone } from '../helpers/everything.js';
import { tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';

const everything = EVERYTHING;
const TOOL = 'everything_simulate-research-query';

async function createTask(client: Client, topic: string) {
  return client.request({ method: 'tools/call', params: { name: TOOL, arguments: { topic }, task: { ttl: 60_000 } } }, z.union([CreateTaskResultSchema, CallToolResultSchema]));
}

const untilDone = untilTaskDone;

describe('tasks', () => {
  it('runs a task under the gateway\'s own id: created, listed, polled to completion, result read', async () => {
    const gw = await startGateway({ mcpServers: { everything } });
    await toolNames(gw.client, [TOOL]);
    expect(gw.client.getServerCapabilities()?.tasks?.requests?.tools?.call).toBeDefined();
    const created = await createTask(gw.client, 'gateways');
    const taskId = (created as { task: { taskId: string } }).task.taskId;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await gw.client.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema);
    expect(listed.tasks.map((t) => t.taskId)).toEqual([taskId]);
    expect(await untilDone(gw.client, taskId)).toBe('completed');
    const result = await gw.client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);
    expect(textOf(result)).toContain('Research Report: gateways');
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId });
    await expect(gw.client.request({ method: 'tasks/get', params: { taskId: 'not-a-task' } }, GetTaskResultSchema)).rejects.toThrow(/Task not found/);
  });

  it('relays the elicitation of a task that needs input to the client, and the answer back', async () => {
    const asked: unknown[] = [];
    const gw = await startGateway(
      { mcpServers: { everything } },
      {
        clientOptions: { capabilities: { elicitation: {} } },
        prepare: (client) =>
          client.setRequestHandler(ElicitRequestSchema, async (req) => {
            asked.push(req.params.message);
            return { action: 'accept', content: { interpretation: 'the network kind' } };
          }),
      },
    );
    await toolNames(gw.client, [TOOL]);
    const created = await gw.client.request(
      { method: 'tools/call', params: { name: TOOL, arguments: { topic: 'routers', ambiguous: true }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    expect(await untilDone(gw.client, created.task.taskId)).toBe('completed');
    expect(asked).toEqual([expect.stringContaining('routers')]);
    const result = await gw.client.request({ method: 'tasks/result', params: { taskId: created.task.taskId } }, CallToolResultSchema);
    expect(textOf(result)).toContain('routers (the network kind)');
  });

  it('cancels a task on its server', async () => {
    const gw = await startGateway({ mcpServers: { everything } });
    await toolNames(gw.client, [TOOL]);
    const { task } = (await createTask(gw.client, 'cancelled things')) as { task: { taskId: string } };
    const cancelled = await gw.client.request({ method: 'tasks/cancel', params: { taskId: task.taskId } }, CancelTaskResultSchema);
    expect(cancelled).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    expect(await untilDone(gw.client, task.taskId)).toBe('cancelled');
  });

  it('fails the tasks of a server that dies, with a message naming the server', async () => {
    const gw = await startGateway({ mcpServers: { everything } });
    await toolNames(gw.client, [TOOL]);
    const { task } = (await createTask(gw.client, 'doomed')) as { task: { taskId: string } };
    for (const pid of gw.tree().slice(1)) process.kill(pid, 'SIGKILL');
    expect(await untilDone(gw.client, task.taskId)).toBe('failed');
    const got = await gw.client.request({ method: 'tasks/get', params: { taskId: task.taskId } }, GetTaskResultSchema);
    expect(got.statusMessage).toContain("server 'everything'");
    const result = await gw.client.request({ method: 'tasks/result', params: { taskId: task.taskId } }, CallToolResultSchema);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("server 'everything'");
  });

  it('governs a task like a plain call: preToolCall denial creates no task, redaction applies to tasks/result', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'policy.mjs'),
      "export default { name: 'policy', hooks: { preToolCall: (ctx) => (ctx.arguments.topic === 'forbidden' ? { decision: 'deny', reason: 'not this topic' } : undefined) } };\n",
    );
    const config = {
      mcpServers: { everything },
      plugins: [{ module: './policy.mjs' }, { module: 'fast-mcp-gateway/plugins/redact', options: { patterns: ['SECRET-\\d+'] } }],
    };
    const gw = await startGateway(config, { configPath: writeConfig(config, dir) });
    await toolNames(gw.client, [TOOL]);
    const denied = await createTask(gw.client, 'forbidden');
    expect(denied).toMatchObject({ isError: true });
    expect(textOf(denied)).toContain('not this topic');
    expect((await gw.client.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks).toEqual([]);

    const { task } = (await createTask(gw.client, 'SECRET-42')) as { task: { taskId: string } };
    expect(await untilDone(gw.client, task.taskId)).toBe('completed');
    const text = textOf(await gw.client.request({ method: 'tasks/result', params: { taskId: task.taskId } }, CallToolResultSchema));
    expect(text).toContain('Research Report');
    expect(text).not.toContain('SECRET-42');
    expect(text).toContain('[REDACTED:custom]');
  });
});
