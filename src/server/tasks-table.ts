// The gateway's one task table, shared by both wire forms (2025-11-25 tasks, the 2026-07-28 tasks extension): each
// gateway task id maps to its upstream and the upstream's task id, with its owner, ttl, governed result and audit note.
import { randomBytes } from 'node:crypto';
import type { CallToolResult, Task } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { TaskNote } from '../pipeline/types.js';

export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export interface TaskRecord {
  id: string;
  // Who may see the task: a 2025 session's own key, or a 2026 client's binding (route and client name).
  owner: string;
  // The server the task runs on (its name: a restart of the server ends its tasks anyway).
  server: string;
  upstreamId: string;
  last: Task;
  // The ttl the gateway keeps the task for (ms), and when it ends (ms since the epoch); none: kept with its session.
  ttl?: number;
  expiresAt?: number;
  // Set when the task's server died or stopped answering about it: the task reads as failed with this message.
  failure?: string;
  // The task's result after the creating session's postToolCall hooks (redaction included).
  final: Promise<CallToolResult>;
  // Set once `final` has settled.
  settled?: CallToolResult;
  // What governance hooks see of the task (the audit record's id and final status).
  note: TaskNote;
  expiry?: NodeJS.Timeout;
}

export interface TaskTable {
  add(record: TaskRecord, ttl: unknown): void;
  // The owner's task, or INVALID_PARAMS: expired (to its owner only) or not found (unknown, or another owner's).
  find(id: string, owner: string): TaskRecord;
  owned(owner: string): TaskRecord[];
  // Forgets an owner's tasks (a 2025 session that closed).
  forget(owner: string): void;
  // A one-time claim: the task the next task-augmented call creates with it belongs to `owner` (a 2026 client).
  ticket(owner: string): string;
  redeem(ticket: unknown): string | undefined;
  // The task as its server reports it now, or failed with a message naming the server when it cannot.
  statusOf(record: TaskRecord, signal?: AbortSignal): Promise<Task>;
  // Status notifications from upstreams, after the record took them in.
  onStatus(listener: (record: TaskRecord, task: Task) => void): () => void;
}

// How many expired task ids the gateway remembers, to tell "expired" from "never existed".
const EXPIRED_KEPT = 1000;
// How long an unredeemed claim lives (the call may wait on a confirmation first).
const TICKET_MS = 15 * 60_000;
const tables = new WeakMap<Gateway, TaskTable>();

export function taskTableOf(gateway: Gateway): TaskTable {
  let table = tables.get(gateway);
  if (!table) tables.set(gateway, (table = createTaskTable(gateway)));
  return table;
}

function createTaskTable(gateway: Gateway): TaskTable {
  const records = new Map<string, TaskRecord>();
  const expired = new Map<string, { owner: string; ttl: number; at: string }>();
  const tickets = new Map<string, { owner: string; at: number }>();
  const listeners = new Set<(record: TaskRecord, task: Task) => void>();

  gateway.subscribe((event) => {
    if (event.type !== 'notification' || event.notification.method !== 'notifications/tasks/status') return;
    const task = event.notification.params as Task | undefined;
    const record = [...records.values()].find((r) => r.server === event.server && r.upstreamId === task?.taskId);
    if (!record || !task) return;
    record.last = task;
    for (const listener of listeners) listener(record, task);
  });

  const drop = (record: TaskRecord) => {
    clearTimeout(record.expiry);
    records.delete(record.id);
  };

  return {
    add(record, ttl) {
      records.set(record.id, record);
      void record.final.then((result) => (record.settled = result));
      if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) return;
      record.ttl = ttl;
      record.expiresAt = Date.now() + ttl;
      // The gateway forgets a task when its ttl ends; its id then reads as expired (to its owner), not unknown.
      record.expiry = setTimeout(() => {
        drop(record);
        expired.set(record.id, { owner: record.owner, ttl, at: new Date().toISOString() });
        if (expired.size > EXPIRED_KEPT) expired.delete(expired.keys().next().value as string);
      }, Math.min(ttl, 2 ** 31 - 1));
      record.expiry.unref();
    },
    find(id, owner) {
      const record = records.get(id);
      if (record?.owner === owner) return record;
      const gone = expired.get(id);
      if (gone?.owner === owner) {
        throw new GatewayError('INVALID_PARAMS', `Task ${id} has expired: its ttl of ${gone.ttl.toLocaleString('en-US')} ms ended at ${gone.at}, and the gateway no longer knows it. Ask for a longer ttl when you create a task whose result you read late.`);
      }
      throw new GatewayError('INVALID_PARAMS', `Task not found: ${id}`);
    },
    owned: (owner) => [...records.values()].filter((r) => r.owner === owner),
    forget(owner) {
      for (const record of [...records.values()]) if (record.owner === owner) drop(record);
    },
    ticket(owner) {
      const now = Date.now();
      for (const [key, t] of tickets) if (now - t.at > TICKET_MS) tickets.delete(key);
      const key = randomBytes(18).toString('base64url');
      tickets.set(key, { owner, at: now });
      return key;
    },
    redeem(ticket) {
      if (typeof ticket !== 'string') return undefined;
      const t = tickets.get(ticket);
      tickets.delete(ticket);
      return t && Date.now() - t.at <= TICKET_MS ? t.owner : undefined;
    },
    async statusOf(record, signal) {
      if (record.failure) return failedTask(record);
      try {
        const got = (await gateway.pool.request(record.server, { method: 'tasks/get', params: { taskId: record.upstreamId } }, signal ? { signal } : {})) as Task;
        record.last = got;
        return { ...got, taskId: record.id };
      } catch (error) {
        record.failure = `server '${record.server}' could not report the task: ${messageOf(error)}`;
        return failedTask(record);
      }
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function failedTask(record: TaskRecord): Task {
  return { ...record.last, taskId: record.id, status: 'failed', statusMessage: record.failure ?? 'failed', lastUpdatedAt: new Date().toISOString() };
}
