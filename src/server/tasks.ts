// Tasks (SEP-1686, 2025-11-25) through the gateway: a task-augmented tools/call creates the task on the tool's server
// under the gateway's own task id (random, per session); tasks/get|result|list|cancel route by it, and the session's
// call hooks govern the whole task (preToolCall before it is created, postToolCall and redaction on its result).
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
import { relayed } from '../wire.js';

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

interface TaskRecord {
  id: string;
  // The server the task runs on (its name: a restart of the server ends its tasks anyway).
  server: string;
  upstreamId: string;
  last: Task;
  // Set when the task's server died or stopped answering about it: the task reads as failed with this message.
  failure?: string;
  // The task's result after the session's postToolCall hooks (redaction included).
  final: Promise<CallToolResult>;
  // What governance hooks see of the task (the audit record's id and final status).
  note: TaskNote;
  // Forgets the task when its ttl ends (the client's, else the server's; none: kept for the session).
  expiry?: NodeJS.Timeout;
}

// How many expired task ids a session remembers, to tell "expired" from "never existed".
const EXPIRED_KEPT = 1000;

export type Invoke = (ctx: { arguments: Record<string, unknown> }) => Promise<CallToolResult>;

export interface TaskRouter {
  // A task-augmented call: the CreateTaskResult (with the gateway's task id) once the server created the task, or the
  // plain result when governance stopped the call before (a denied tool never creates a task).
  start(upstream: string, tool: string, task: Record<string, unknown>, note: TaskNote, govern: (invoke: Invoke) => Promise<CallToolResult>): Promise<object>;
  close(): void;
}

export function installTasks(server: Server, gateway: Gateway): TaskRouter {
  const records = new Map<string, TaskRecord>();
  const expired = new Map<string, { ttl: number; at: string }>();
  const find = (id: string) => {
    const record = records.get(id);
    if (record) return record;
    const gone = expired.get(id);
    if (gone) {
      throw new GatewayError('INVALID_PARAMS', `Task ${id} has expired: its ttl of ${gone.ttl.toLocaleString('en-US')} ms ended at ${gone.at}, and the gateway no longer knows it. Ask for a longer ttl when you create a task whose result you read late.`);
    }
    throw new GatewayError('INVALID_PARAMS', `Task not found: ${id}`);
  };
  // The gateway forgets a task when its ttl ends; its id then reads as expired, not unknown.
  const expireAfter = (record: TaskRecord, ttl: unknown) => {
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) return;
    record.expiry = setTimeout(() => {
      records.delete(record.id);
      expired.set(record.id, { ttl, at: new Date().toISOString() });
      if (expired.size > EXPIRED_KEPT) expired.delete(expired.keys().next().value as string);
    }, Math.min(ttl, 2 ** 31 - 1));
    record.expiry.unref();
  };
  const asClientTask = (record: TaskRecord, task: Task): Task => ({ ...task, taskId: record.id });
  const failed = (record: TaskRecord): Task => ({
    ...record.last,
    taskId: record.id,
    status: 'failed',
    statusMessage: record.failure ?? 'failed',
    lastUpdatedAt: new Date().toISOString(),
  });
  // The task's state as its server reports it, or failed with a message naming the server when it cannot.
  const statusOf = async (record: TaskRecord, signal?: AbortSignal): Promise<Task> => {
    if (record.failure) return failed(record);
    try {
      const got = (await gateway.pool.request(record.server, { method: 'tasks/get', params: { taskId: record.upstreamId } }, signal ? { signal } : {})) as Task;
      record.last = got;
      return asClientTask(record, got);
    } catch (error) {
      record.failure = `server '${record.server}' could not report the task: ${messageOf(error)}`;
      return failed(record);
    }
  };

  const handle = server.setRequestHandler.bind(server);
  handle(GetTaskRequestSchema, async (req, extra) => statusOf(find(req.params.taskId), extra.signal));
  handle(GetTaskPayloadRequestSchema, async (req) => {
    const record = find(req.params.taskId);
    const result = await record.final;
    return { ...result, _meta: { ...result._meta, [RELATED_TASK]: { taskId: record.id } } };
  });
  handle(ListTasksRequestSchema, async (req, extra) => {
    const tasks = await Promise.all([...records.values()].map((r) => statusOf(r, extra.signal)));
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

  // Status notifications of this session's tasks, under the gateway's ids; other sessions' tasks are not found here.
  const unsubscribe = gateway.subscribe((event) => {
    if (event.type !== 'notification' || event.notification.method !== 'notifications/tasks/status') return;
    const params = event.notification.params as Task | undefined;
    const record = [...records.values()].find((r) => r.server === event.server && r.upstreamId === params?.taskId);
    if (!record || !params) return;
    record.last = params;
    void server.notification({ method: 'notifications/tasks/status', params: asClientTask(record, params) }).catch(() => undefined);
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
      return new Promise<object>((answer, reject) => {
        const final: Promise<CallToolResult> = govern(async (ctx) => {
          const created = (await gateway.pool.request(upstream, { method: 'tools/call', params: { name: tool, arguments: ctx.arguments, task } })) as {
            task?: Task;
          };
          // A server that answers a task request plainly: that result is the answer.
          if (!created.task) return created as CallToolResult;
          const record: TaskRecord = { id: randomUUID(), server: upstream, upstreamId: created.task.taskId, last: created.task, final, note };
          records.set(record.id, record);
          note.id = record.id;
          expireAfter(record, task.ttl ?? created.task.ttl);
          answer({ ...created, task: asClientTask(record, created.task) });
          return follow(record);
        });
        // Once the task was created this has no effect; before that, a plain (e.g. denied) result is the answer.
        final.then(answer, reject);
      });
    },
    close() {
      unsubscribe();
      for (const r of records.values()) clearTimeout(r.expiry);
      records.clear();
    },
  };
}
