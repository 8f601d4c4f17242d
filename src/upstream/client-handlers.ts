// Wires an upstream Client's incoming traffic to the gateway: list changes, logging, resource updates, and requests for the client.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CancelTaskRequestSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListTasksRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  TaskStatusNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ListKind } from './lists.js';
import type { UpstreamContext } from './context.js';
import { wireErrors } from '../wire.js';

export function attachClientHandlers(
  client: Client,
  server: string,
  ctx: UpstreamContext,
  refresh: (kind: ListKind) => void,
): void {
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => refresh('tools'));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => refresh('prompts'));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => refresh('resources'));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => ctx.onNotification(server, n));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => ctx.onNotification(server, n));
  // Relayed only to the session whose task it is (src/server/tasks.ts).
  client.setNotificationHandler(TaskStatusNotificationSchema, (n) => ctx.onNotification(server, n));

  // Server→client requests are declared only when the downstream client offers them, so the SDK's capability checks hold.
  const caps = ctx.clientCapabilities();
  if (caps.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, wireErrors(async (req, extra) => ctx.onServerRequest(server, req, extra.signal) as never));
  }
  if (caps.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, wireErrors(async (req, extra) => ctx.onServerRequest(server, req, extra.signal) as never));
  }
  // Task-augmented sampling/elicitation (SEP-1686): the client answered with its own task, so the server's tasks/get,
  // tasks/result, tasks/list and tasks/cancel about it go to the client too, its task ids unchanged.
  if (caps.tasks?.requests?.sampling || caps.tasks?.requests?.elicitation) {
    for (const schema of [GetTaskRequestSchema, GetTaskPayloadRequestSchema, ListTasksRequestSchema, CancelTaskRequestSchema]) {
      client.setRequestHandler(schema, wireErrors(async (req, extra) => ctx.onServerRequest(server, req, extra.signal) as never));
    }
  }
  if (caps.roots) {
    client.setRequestHandler(ListRootsRequestSchema, wireErrors(async (req, extra) => ctx.onServerRequest(server, req, extra.signal) as never));
  }
}
