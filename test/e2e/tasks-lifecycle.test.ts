// Tasks through the gateway over their lifetime: the audit record carries the task id and final status, the gateway
// forgets a task when the client's ttl ends (and says so), and status notifications reach the owning session only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  TaskStatusNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { EVERYTHING, untilTaskDone } from '../helpers/everything.js';
import { tempDir } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

const everything = EVERYTHING;
const TOOL = 'everything_simulate-research-query';

async function createTask(client: Client, topic: string, ttl: number): Promise<string> {
  const created = await client.request({ method: 'tools/call', params: { name: TOOL, arguments: { topic }, task: { ttl } } }, CreateTaskResultSchema);
  return created.task.taskId;
}

const untilDone = untilTaskDone;

describe('tasks over their lifetime', () => {
  it('records the task id and its final status in the audit log when the task ends', async () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const gw = await startGateway({ mcpServers: { everything }, plugins: [{ module: 'fast-mcp-gateway/plugins/audit', options: { file } }] });
    await toolNames(gw.client, [TOOL]);
    const taskId = await createTask(gw.client, 'audits', 60_000);
    expect(await untilDone(gw.client, taskId)).toBe('completed');
    await gw.client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);
    const entry = await waitFor(() => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)[0] : undefined));
    expect(entry).toMatchObject({ name: TOOL, decision: 'allowed', isError: false, task: { id: taskId, status: 'completed' } });
  });

  it("forgets a task when the client's ttl ends: tasks/get then says it expired, tasks/list leaves it out", async () => {
    const gw = await startGateway({ mcpServers: { everything } });
    await toolNames(gw.client, [TOOL]);
    const taskId = await createTask(gw.client, 'short lives', 1500);
    const error = await waitFor(
      () =>
        gw.client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema).then(
          () => undefined,
          (e: unknown) => e as Error,
        ),
      30_000,
    );
    expect(error.message).toMatch(new RegExp(`Task ${taskId} has expired: its ttl of 1,500 ms ended at .*Ask for a longer ttl`));
    expect((await gw.client.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks).toEqual([]);
    await expect(gw.client.request({ method: 'tasks/get', params: { taskId: 'never-made' } }, GetTaskResultSchema)).rejects.toThrow(/Task not found: never-made/);
  });

  it('relays notifications/tasks/status to the session that created the task, not to another session', async () => {
    const gw = await startHttpGateway({ mcpServers: { everything } });
    const owner = await gw.connect();
    const other = await gw.connect();
    const seen = { owner: [] as Array<{ taskId: string; status: string }>, other: [] as unknown[] };
    owner.setNotificationHandler(TaskStatusNotificationSchema, (n) => void seen.owner.push({ taskId: n.params.taskId, status: n.params.status }));
    other.setNotificationHandler(TaskStatusNotificationSchema, (n) => void seen.other.push(n.params));
    await toolNames(owner, [TOOL]);
    await toolNames(other, [TOOL]);
    const taskId = await createTask(owner, 'private progress', 60_000);
    await waitFor(() => seen.owner.some((n) => n.status === 'completed'), 60_000);
    expect(seen.owner.every((n) => n.taskId === taskId)).toBe(true);
    expect(seen.owner.map((n) => n.status)).toContain('working');
    // Both sessions hear from the same upstream client at the same moment; a round trip on the other settles its stream.
    await other.ping();
    expect(seen.other).toEqual([]);
  });

  it("routes a server's task-augmented elicitation to a client that supports it, and the server's tasks/get and tasks/result about it", async () => {
    const asked: Array<{ task?: unknown }> = [];
    const gw = await startGateway(
      { mcpServers: { everything } },
      {
        clientOptions: { capabilities: { elicitation: {}, tasks: { requests: { elicitation: { create: {} } } } }, taskStore: new InMemoryTaskStore() },
        prepare: (client) =>
          client.setRequestHandler(ElicitRequestSchema, async (req, extra) => {
            asked.push(req.params as { task?: unknown });
            const answer = { action: 'accept' as const, content: { name: 'Ada', favoriteColor: 'green', agreeToTerms: true } };
            if (!req.params.task || !extra.taskStore) return answer;
            // The client answers with a task of its own and completes it: the server polls it through the gateway.
            const task = await extra.taskStore.createTask({ ttl: 60_000 });
            await extra.taskStore.storeTaskResult(task.taskId, 'completed', answer);
            return { task };
          }),
      },
    );
    await toolNames(gw.client, ['everything_trigger-elicitation-request-async']);
    const result = await gw.client.callTool({ name: 'everything_trigger-elicitation-request-async', arguments: {} });
    expect(asked).toEqual([expect.objectContaining({ task: { ttl: 600_000 } })]);
    expect(textOf(result)).toContain('[COMPLETED] User provided the requested information!');
    expect(textOf(result)).toContain('- Name: Ada');
  });
});
