// The 2026-07-28 wire form of a gateway task (the io.modelcontextprotocol/tasks extension): the task id a 2026 client
// sees (the gateway's task id signed to its owner), the flat CreateTaskResult, and the DetailedTask of tasks/get and
// notifications/tasks (result or error inlined once the task ended).
import type { Task } from '@modelcontextprotocol/sdk/types.js';
import type { StateSigner } from './request-state.js';
import { TERMINAL, type TaskRecord } from '../tasks-table.js';
import { errorResponse, type Message, type RequestId } from './wire.js';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
export const MISSING_CAPABILITY = -32021;

// What a 2026 client's task id opens to: the gateway task id, or why it is not this client's task.
export type Opened = { ok: true; id: string } | { ok: false; problem: string };

// A task id for a 2026 client is the gateway's task id signed (HMAC, GW_SIGNING_KEY) together with the binding of its
// owner and the task's expiry: another client or route, an altered id, or an expired one is refused before any lookup.
export function createTaskIds(signer: StateSigner) {
  return {
    sign: (record: TaskRecord, binding: string): string => signer.sign({ x: record.id, b: binding, exp: record.expiresAt ?? Number.MAX_SAFE_INTEGER }),
    open(taskId: unknown, binding: string): Opened {
      if (typeof taskId !== 'string' || taskId === '') return { ok: false, problem: 'params.taskId must be the task id the gateway returned' };
      // The expiry is checked below, to say "expired" rather than the requestState wording.
      const opened = signer.open(taskId, binding, 0);
      if (!opened.ok) return { ok: false, problem: `Task not found: ${taskId} is not a task this gateway created for this client (it belongs to another client or route, or it was altered)` };
      if (opened.payload.exp <= Date.now()) {
        return { ok: false, problem: `Task has expired: its ttl ended at ${new Date(opened.payload.exp).toISOString()} and the gateway no longer keeps it (GW_TASK_TTL_MS sets how long tasks of 2026 clients are kept)` };
      }
      return { ok: true, id: opened.payload.x };
    },
  };
}

// The fields every 2026 task shape carries.
export function taskFields(record: TaskRecord, task: Task, taskId: string): Record<string, unknown> {
  return {
    taskId,
    status: task.status,
    ...(task.statusMessage !== undefined && { statusMessage: task.statusMessage }),
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttlMs: record.ttl ?? null,
    ...(task.pollInterval !== undefined && { pollIntervalMs: task.pollInterval }),
  };
}

// The task with what its status carries: the governed result once it ended (a tool's isError result is `completed`;
// `failed` is kept for a task the gateway could not follow to a result, with a JSON-RPC error), `inputRequests` when
// waiting (the gateway answers a 2025 server's questions itself, so there are none to relay).
export async function detailedTask(record: TaskRecord, task: Task, taskId: string): Promise<Record<string, unknown>> {
  if (task.status === 'input_required') return { ...taskFields(record, task, taskId), inputRequests: {} };
  if (!TERMINAL.has(task.status) && !record.failure) return taskFields(record, task, taskId);
  const result = await record.final;
  const last = record.failure ? { ...record.last, status: 'failed' as const, statusMessage: record.failure } : record.last;
  const fields = taskFields(record, { ...last, lastUpdatedAt: record.failure ? new Date().toISOString() : last.lastUpdatedAt }, taskId);
  if (last.status === 'cancelled') return fields;
  if (record.failure) return { ...fields, error: { code: -32603, message: record.failure } };
  // The inlined result is a 2026 CallToolResult, which names its type.
  return { ...fields, status: 'completed', result: { resultType: 'complete', ...result } };
}

export function missingCapability(id: RequestId, what: string): Message {
  return errorResponse(id, MISSING_CAPABILITY, `Missing required client capability: ${what} needs the ${TASKS_EXTENSION} extension in _meta["io.modelcontextprotocol/clientCapabilities"].extensions`, {
    requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
  });
}

export function declaresTasks(capabilities: Record<string, unknown>): boolean {
  const extensions = capabilities.extensions;
  return typeof extensions === 'object' && extensions !== null && (extensions as Record<string, unknown>)[TASKS_EXTENSION] !== undefined;
}
