import type { CallToolResult, Task } from '@modelcontextprotocol/sdk/types.js';
import { GetTaskResultV2Schema } from '@modelcontextprotocol/ext-tasks/core/v2';
import { describe, expect, it } from 'vitest';
import { bindingOf, createStateSigner } from '../../../src/server/modern/request-state.js';
import { createTaskIds, declaresTasks, detailedTask, missingCapability, TASKS_EXTENSION } from '../../../src/server/modern/tasks-wire.js';
import type { TaskRecord } from '../../../src/server/tasks-table.js';

const ids = createTaskIds(createStateSigner(Buffer.from('k'.repeat(32))));
const mine = bindingOf(TASKS_EXTENSION, { client: 'a' }, 'http:/mcp');
const theirs = bindingOf(TASKS_EXTENSION, { client: 'a' }, 'http:/mcp/g/dev');

function record(last: Partial<Task>, final: CallToolResult = { content: [{ type: 'text', text: 'done' }] }, extra: Partial<TaskRecord> = {}): TaskRecord {
  const task: Task = { taskId: 'up-1', status: 'working', createdAt: '2026-01-01T00:00:00Z', lastUpdatedAt: '2026-01-01T00:00:01Z', ttl: 300_000, pollInterval: 1000, ...last };
  return { id: 'gw-1', owner: 'o', server: 'up', upstreamId: 'up-1', last: task, final: Promise.resolve(final), note: {}, ttl: 60_000, expiresAt: Date.now() + 60_000, ...extra };
}

describe('2026 task ids', () => {
  it('open to the gateway task id for the binding they were signed for', () => {
    const id = ids.sign(record({}), mine);
    expect(ids.open(id, mine)).toEqual({ ok: true, id: 'gw-1' });
  });

  it("refuse another route's, an altered and an expired id, each saying why", () => {
    const id = ids.sign(record({}), mine);
    expect(ids.open(id, theirs)).toMatchObject({ ok: false, problem: expect.stringContaining('not a task this gateway created for this client') });
    // The second-to-last character: every bit of it is significant (the last one's low bits may be padding).
    const altered = `${id.slice(0, -2)}${id.at(-2) === 'A' ? 'B' : 'A'}${id.at(-1)}`;
    expect(ids.open(altered, mine)).toMatchObject({ ok: false, problem: expect.stringContaining('Task not found') });
    const old = ids.sign(record({}, undefined, { expiresAt: Date.now() - 1 }), mine);
    expect(ids.open(old, mine)).toMatchObject({ ok: false, problem: expect.stringMatching(/^Task has expired: its ttl ended at /) });
    expect(ids.open(undefined, mine)).toMatchObject({ ok: false, problem: expect.stringContaining('params.taskId') });
  });
});

describe('2026 task shapes', () => {
  it('inline the governed result once the task ended, completed even when the 2025 server said failed for an isError result', async () => {
    const failedTool = { content: [{ type: 'text' as const, text: 'bad input' }], isError: true };
    const out = await detailedTask(record({ status: 'failed' }, failedTool), { status: 'failed' } as Task, 'T');
    expect(out).toMatchObject({ taskId: 'T', status: 'completed', ttlMs: 60_000, pollIntervalMs: 1000, result: { resultType: 'complete', ...failedTool } });
    expect(out).not.toHaveProperty('error');
  });

  it('say failed with a JSON-RPC error when the gateway could not follow the task, and nothing extra while working or cancelled', async () => {
    const lost = record({ status: 'working' }, undefined, { failure: "server 'x' could not report the task: gone" });
    expect(await detailedTask(lost, lost.last, 'T')).toMatchObject({ status: 'failed', statusMessage: expect.stringContaining("server 'x'"), error: { code: -32603 } });
    const working = await detailedTask(record({}), record({}).last, 'T');
    expect(working).toEqual({ taskId: 'T', status: 'working', createdAt: '2026-01-01T00:00:00Z', lastUpdatedAt: '2026-01-01T00:00:01Z', ttlMs: 60_000, pollIntervalMs: 1000 });
    const cancelled = record({ status: 'cancelled' });
    expect(await detailedTask(cancelled, cancelled.last, 'T')).not.toHaveProperty('result');
    const asking = record({ status: 'input_required' });
    expect(await detailedTask(asking, asking.last, 'T')).toMatchObject({ status: 'input_required', inputRequests: {} });
  });

  it("matches the extension's own GetTaskResult schema in every status", async () => {
    const shapes = [
      await detailedTask(record({}), record({}).last, 'T'),
      await detailedTask(record({ status: 'completed' }), { status: 'completed' } as Task, 'T'),
      await detailedTask(record({ status: 'cancelled' }), { status: 'cancelled' } as Task, 'T'),
      await detailedTask(record({}, undefined, { failure: 'gone' }), record({}).last, 'T'),
    ];
    for (const shape of shapes) expect(GetTaskResultV2Schema.safeParse({ resultType: 'complete', ...shape }).error).toBeUndefined();
  });

  it('names the extension a client must declare', () => {
    expect(missingCapability(3, 'tasks/get')).toMatchObject({ id: 3, error: { code: -32021, data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } } });
    expect(declaresTasks({ extensions: { [TASKS_EXTENSION]: {} } })).toBe(true);
    expect(declaresTasks({ extensions: null })).toBe(false);
  });
});
