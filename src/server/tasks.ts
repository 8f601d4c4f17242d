// Tasks (SEP-1686, 2025-11-25) through the gateway: a task-augmented tools/call creates the task on the tool's server
// under the gateway's own task id (random, in the one table of tasks-table.ts, owned by this session unless the 2026 side
// claimed it); tasks/get|result|list|cancel route by it, and the session's call hooks govern the whole task.
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CancelTaskRequestSchema,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListTasksRequestSchema,
  type CallToolResult,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { TaskNote } from '../pipeline/types.js';
import { errorResult } from '../pipeline/results.js';
import { paginate } from './paginate.js';
import { taskTableOf, TERMINAL, type TaskRecord } from './tasks-table.js';
import { relayed } from '../wire.js';

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
// Where the 2026 side puts its claim (tasks-table.ts `ticket`) in the task parameter of the call it runs on a session.
export const TASK_CLAIM_KEY = 'fast-gateway/owner-ticket';

export type Invoke = (ctx: { arguments: Record<string, unknown> }) => Promise<CallToolResult>;

export interface TaskRouter {
  // A task-augmented call: the CreateTaskResult (with the gateway's task id) once the server created the task, or the
  // plain result when governance stopped the call before (a denied tool never creates a task).
  start(upstream: string, tool: string, task: Record<string, unknown>, note: TaskNote, govern: (invoke: Invoke) => Promise<CallToolResult>): Promise<object>;
  close(): void;
}

export function installTasks(server: Server, gateway: Gateway): TaskRouter {
  const table = taskTableOf(gateway);
  // This session's tasks; a task claimed by a 2026 client belongs to that client instead, and outlives the session.
  const owner = `session:${randomUUID()}`;
  const find = (id: string) => table.find(id, owner);
  const asClientTask = (record: TaskRecord, task: Task): Task => ({ ...task, taskId: record.id });
  const statusOf = (record: TaskRecord, signal?: AbortSignal) => table.statusOf(record, signal);

  const handle = server.setRequestHandler.bind(server);
  handle(GetTaskRequestSchema, async (req, extra) => statusOf(find(req.params.taskId), extra.signal));
  handle(GetTaskPayloadRequestSchema, async (req) => {
    const record = find(req.params.taskId);
    const result = await record.final;
    return { ...result, _meta: { ...result._meta, [RELATED_TASK]: { taskId: record.id } } };
  });
  handle(ListTasksRequestSchema, async (req, extra) => {
    const tasks = await Promise.all(table.owned(owner).map((r) => statusOf(r, extra.signal)));
    const page = paginate(tasks, req.params?.cursor);
    return { tasks: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });
  handle(CancelTaskRequestSchema, async (req, extra) => {
    const record = find(req.params.taskId);
    const params = { taskId: record.upstreamId };
    const task = (await relayed(gateway.pool.request(record.server, { method: 'tasks/cancel', params }, { signal: extra.signal }))) as Task;
    record.last = task;
    return asClientTask(record, task);
  });

  // Status notifications of this session's tasks, under the gateway's ids; other owners' tasks are not relayed here.
  const unsubscribe = table.onStatus((record, task) => {
    if (record.owner !== owner) return;
    void server.notification({ method: 'notifications/tasks/status', params: asClientTask(record, task) }).catch(() => undefined);
  });

  // Follows a task on its server until it ends (polling at the server's interval), then fetches its result. A task that
  // needs input gets its result asked for at once: the server sends its requests (elicitation) while answering that.
  const follow = async (record: TaskRecord): Promise<CallToolResult> => {
    const result = await followToResult(record);
    // The status the task ended with (a result does not say whether its task completed or failed).
    if (!record.failure && !TERMINAL.has(record.last.status)) await statusOf(record);
    record.note.status = record.failure ? 'failed' : TERMINAL.has(record.last.status) ? (record.last.status as NonNullable<TaskNote['status']>) : 'completed';
    return result;
  };
  const followToResult = async (record: TaskRecord): Promise<CallToolResult> => {
    for (;;) {
      if (TERMINAL.has(record.last.status) || record.last.status === 'input_required') break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, Math.max(100, record.last.pollInterval ?? 1000))));
      const task = await statusOf(record);
      if (record.failure) return errorResult(`Task ${record.id} failed: ${record.failure}`);
      if (task.status === 'cancelled') break;
    }
    if (record.last.status === 'cancelled') return errorResult(`Task ${record.id} was cancelled`);
    try {
      return (await gateway.pool.request(record.server, { method: 'tasks/result', params: { taskId: record.upstreamId } })) as CallToolResult;
    } catch (error) {
      record.failure = `server '${record.server}' did not return the result: ${messageOf(error)}`;
      return errorResult(`Task ${record.id} failed: ${record.failure}`);
    }
  };

  return {
    start(upstream, tool, task, note, govern) {
      // A claim from the 2026 side names the task's owner; it never reaches the server.
      const { [TASK_CLAIM_KEY]: claim, ...upstreamTask } = task;
      const taskOwner = claim === undefined ? owner : table.redeem(claim);
      if (taskOwner === undefined) return Promise.reject(new GatewayError('INVALID_PARAMS', `Invalid task parameter: ${TASK_CLAIM_KEY} is not a claim this gateway issued`));
      return new Promise<object>((answer, reject) => {
        const final: Promise<CallToolResult> = govern(async (ctx) => {
          const created = (await gateway.pool.request(upstream, { method: 'tools/call', params: { name: tool, arguments: ctx.arguments, task: upstreamTask } })) as {
            task?: Task;
          };
          // A server that answers a task request plainly: that result is the answer.
          if (!created.task) return created as CallToolResult;
          const record: TaskRecord = { id: randomUUID(), owner: taskOwner, server: upstream, upstreamId: created.task.taskId, last: created.task, final, note };
          note.id = record.id;
          table.add(record, upstreamTask.ttl ?? created.task.ttl);
          answer({ ...created, task: asClientTask(record, created.task) });
          return follow(record);
        });
        // Once the task was created this has no effect; before that, a plain (e.g. denied) result is the answer.
        final.then(answer, reject);
      });
    },
    close() {
      unsubscribe();
      table.forget(owner);
    },
  };
}
