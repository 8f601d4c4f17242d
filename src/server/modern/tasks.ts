// Tasks for 2026-07-28 clients (the io.modelcontextprotocol/tasks extension) on the gateway's one task table: a tools/call
// of a task-capable tool from a client that declares the extension runs as a 2025 task on the internal session (same
// governance), claimed for the client; tasks/get, tasks/update, tasks/cancel and subscriptions/listen's taskIds read it.
import type { Gateway } from '../../gateway.js';
import { messageOf } from '../../errors.js';
import { TASK_CLAIM_KEY } from '../tasks.js';
import { taskTableOf, TERMINAL, type TaskRecord } from '../tasks-table.js';
import type { Sink } from './handler.js';
import { bindingOf, type StateSigner } from './request-state.js';
import { createTaskIds, declaresTasks, detailedTask, missingCapability, TASKS_EXTENSION, taskFields } from './tasks-wire.js';
import { errorResponse, stamp, SUBSCRIPTION_ID_KEY, type Envelope, type Message, type RequestId } from './wire.js';

export interface ModernTasksOptions {
  group?: string | undefined;
  signer: StateSigner;
  scope: string;
}

export interface TaskWatch {
  // The task ids the listen stream agreed to (for its acknowledgement).
  agreed: { taskIds?: string[] };
  // Sends notifications/tasks for them from now on (after the acknowledgement went out).
  start(): void;
  stop(): void;
}

export interface ModernTasks {
  // server/discover's capabilities with the extension when the 2025 capability says an upstream offers tasks.
  discover(capabilities: Record<string, unknown>, offered: unknown): Record<string, unknown>;
  // The internal session's tools/call params: a task with a claim when the client declared the extension and the tool
  // supports tasks (the gateway decides, as the extension lets a server); a client's own `task` is not a 2026 field.
  augment(method: string, params: Record<string, unknown> | undefined, envelope: Envelope): Record<string, unknown> | undefined;
  // A result for the client: a created task in the 2026 form (`resultType: "task"`, the signed task id).
  shape(method: string, result: Record<string, unknown>, envelope: Envelope): Record<string, unknown>;
  // -32021 for a tools/call of a tool whose server runs it only as a task, from a client without the extension.
  refuse(message: Message, envelope: Envelope): Message | undefined;
  handles(method: string): boolean;
  handle(message: Message, envelope: Envelope, signal?: AbortSignal): Promise<Message>;
  // subscriptions/listen: the task ids it names that are this client's, or a -32021 answer without the extension.
  watch(message: Message, envelope: Envelope, sink: Sink): TaskWatch | Message;
}

const METHODS = new Set(['tasks/get', 'tasks/update', 'tasks/cancel']);
// How long the gateway keeps a 2026 client's task (such a client names no ttl); GW_TASK_TTL_MS changes it.
const DEFAULT_TTL_MS = 60 * 60_000;

export function createModernTasks(gateway: Gateway, options: ModernTasksOptions): ModernTasks {
  const table = taskTableOf(gateway);
  const ids = createTaskIds(options.signer);
  const ttl = ttlFromEnv(gateway);
  // The owner of a 2026 client's tasks: its route (credential and group) and its declared name, digested.
  const bindingFor = (envelope: Envelope) => bindingOf(TASKS_EXTENSION, { client: envelope.client.name }, options.scope);
  const ownerOf = (binding: string) => `modern:${binding}`;
  const recordFor = (taskId: unknown, envelope: Envelope): TaskRecord => {
    const binding = bindingFor(envelope);
    const opened = ids.open(taskId, binding);
    if (!opened.ok) throw new Error(opened.problem);
    try {
      return table.find(opened.id, ownerOf(binding));
    } catch {
      throw new Error(`Task not found on this gateway process: ${String(taskId)} ended and was forgotten, or it was created on another replica (route tasks/* requests by their Mcp-Name header to the replica that created the task)`);
    }
  };
  // The task's state now: asked of its server until it ended with a result; then the record (the server may forget it).
  const taskSupportOf = (name: unknown) => gateway.view(options.group).byName.get(String(name))?.tool.execution?.taskSupport;
  const current = async (record: TaskRecord, signal?: AbortSignal) =>
    record.settled !== undefined && TERMINAL.has(record.last.status) ? record.last : table.statusOf(record, signal);

  return {
    discover(capabilities, offered) {
      if (!offered) return capabilities;
      const extensions = { ...(capabilities.extensions as Record<string, unknown> | undefined), [TASKS_EXTENSION]: {} };
      return { ...capabilities, extensions };
    },
    augment(method, params, envelope) {
      if (method !== 'tools/call' || !params) return params;
      const { task: _notA2026Field, ...rest } = params;
      const support = taskSupportOf(rest.name);
      if (!declaresTasks(envelope.capabilities) || (support !== 'required' && support !== 'optional')) return rest;
      return { ...rest, task: { ttl, [TASK_CLAIM_KEY]: table.ticket(ownerOf(bindingFor(envelope))) } };
    },
    shape(method, result, envelope) {
      const task = result.task as { taskId?: string } | undefined;
      if (method !== 'tools/call' || typeof task?.taskId !== 'string') return result;
      const binding = bindingFor(envelope);
      const record = table.find(task.taskId, ownerOf(binding));
      const { task: _task, resultType: _type, ...rest } = result;
      return { ...rest, resultType: 'task', ...taskFields(record, record.last, ids.sign(record, binding)) };
    },
    refuse(message, envelope) {
      if (message.method !== 'tools/call' || declaresTasks(envelope.capabilities) || taskSupportOf(message.params?.name) !== 'required') return undefined;
      return missingCapability(message.id as RequestId, `tools/call of ${String(message.params?.name)} (its server runs it only as a task)`);
    },
    handles: (method) => METHODS.has(method),
    async handle(message, envelope, signal) {
      const id = message.id as RequestId;
      const method = message.method as string;
      if (!declaresTasks(envelope.capabilities)) return missingCapability(id, method);
      const taskId = message.params?.taskId;
      let record: TaskRecord;
      try {
        record = recordFor(taskId, envelope);
      } catch (error) {
        return errorResponse(id, -32602, `Invalid params: ${messageOf(error)}`);
      }
      if (method === 'tasks/get') return { jsonrpc: '2.0', id, result: stamp(await detailedTask(record, await current(record, signal), String(taskId))) };
      if (method === 'tasks/cancel' && !TERMINAL.has(record.last.status)) {
        // Cooperative and acknowledged either way: the task's status says whether the server stopped it.
        try {
          const task = (await gateway.pool.request(record.server, { method: 'tasks/cancel', params: { taskId: record.upstreamId } }, signal ? { signal } : {})) as TaskRecord['last'];
          record.last = task;
        } catch (error) {
          gateway.log.debug(`tasks/cancel of ${record.id} on '${record.server}': ${messageOf(error)}`);
        }
      }
      // tasks/update: the gateway answers a 2025 server's questions itself, so no inputRequests are outstanding.
      return { jsonrpc: '2.0', id, result: stamp({}) };
    },
    watch(message, envelope, sink) {
      const asked = (message.params?.notifications as { taskIds?: unknown } | undefined)?.taskIds;
      if (!Array.isArray(asked)) return { agreed: {}, start: () => undefined, stop: () => undefined };
      if (!declaresTasks(envelope.capabilities)) return missingCapability(message.id as RequestId, 'subscriptions/listen with notifications.taskIds');
      const watched = new Map<string, string>();
      for (const taskId of asked) {
        try {
          watched.set(recordFor(taskId, envelope).id, String(taskId));
        } catch {
          // Not this client's task (or gone): left out of what the stream agreed to.
        }
      }
      let open = true;
      const send = (record: TaskRecord, task: TaskRecord['last']) =>
        void detailedTask(record, task, watched.get(record.id) as string).then((params) => {
          if (open) sink.notify({ jsonrpc: '2.0', method: 'notifications/tasks', params: { ...params, _meta: { [SUBSCRIPTION_ID_KEY]: message.id } } });
        });
      let unsubscribe = () => undefined as unknown;
      return {
        agreed: { taskIds: [...watched.values()] },
        start() {
          const owner = ownerOf(bindingFor(envelope));
          const records = [...watched.keys()].map((gid) => table.owned(owner).find((r) => r.id === gid)).filter((r) => r !== undefined);
          // Where each task stands now, then its changes; a task's end once, when its result is known.
          for (const record of records) {
            if (!TERMINAL.has(record.last.status)) send(record, record.last);
            void record.final.then(() => send(record, record.last));
          }
          unsubscribe = table.onStatus((record, task) => {
            if (watched.has(record.id) && record.owner === owner && !TERMINAL.has(task.status)) send(record, task);
          });
        },
        stop() {
          open = false;
          unsubscribe();
        },
      };
    },
  };
}

function ttlFromEnv(gateway: Gateway): number {
  const raw = process.env.GW_TASK_TTL_MS;
  if (raw === undefined || raw === '') return DEFAULT_TTL_MS;
  const n = Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  gateway.log.warn(`GW_TASK_TTL_MS=${raw} is not a positive whole number of milliseconds; tasks of 2026 clients are kept ${DEFAULT_TTL_MS} ms`);
  return DEFAULT_TTL_MS;
}
