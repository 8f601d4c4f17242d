// The rest of the MCP surface through the gateway: prompts, resources and templates, subscriptions, completions, logging, notifications.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type GetPromptResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Gateway, SessionPort } from '../gateway.js';
import type { SessionInfo } from '../pipeline/types.js';
import { forgetSessionLevel, passesSessionLevel, setSessionLevel } from './logging.js';
import { paginate } from './paginate.js';
import { relay, RpcError } from './rpc-error.js';
import { createResourceRouter, STATUS_URI } from './resources.js';
import { scopeResult, scopeUri } from './scoped-uris.js';
import { installSkills } from './skills.js';
import { statusReport } from '../status.js';
import type { Visibility } from './visibility.js';

const STARTED = Date.now();

export function installPassthrough(
  server: Server,
  gateway: Gateway,
  session: SessionInfo,
  visibility: Visibility,
  port: SessionPort,
  mode: 'stdio' | 'http' = 'stdio',
): () => void {
  const resources = createResourceRouter(gateway, session);
  const skills = installSkills(server, gateway, session, resources);
  const subscriptions = new Set<string>();

  const upstreamFor = (name: string) => {
    const u = gateway.pool.get(name);
    if (!u) throw new RpcError(ErrorCode.InvalidParams, `server '${name}' is not available`);
    return u;
  };

  server.setRequestHandler(ListPromptsRequestSchema, async (req) => {
    port.lastActive = Date.now();
    const { listing } = await visibility.prompts();
    const page = paginate(listing, req.params?.cursor);
    return { prompts: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    port.lastActive = Date.now();
    const entry = (await visibility.prompts()).byName.get(req.params.name);
    if (!entry) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: '${req.params.name}'`);
    const result = (await relay(
      upstreamFor(entry.server).request({ method: 'prompts/get', params: { ...req.params, name: entry.prompt.name } }, { signal: extra.signal }),
    )) as GetPromptResult;
    return gateway.hooks.postRead({ kind: 'prompt', server: entry.server, name: entry.name, result, session });
  });

  server.setRequestHandler(ListResourcesRequestSchema, async (req) => {
    const page = paginate(resources.list(), req.params?.cursor);
    return { resources: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (req) => {
    const page = paginate(resources.templates(), req.params?.cursor);
    return { resourceTemplates: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
    port.lastActive = Date.now();
    if (req.params.uri === STATUS_URI) {
      const text = JSON.stringify(statusReport(gateway, { ...(session.group !== undefined && { group: session.group }), mode, startedAt: STARTED }), null, 2);
      return { contents: [{ uri: STATUS_URI, mimeType: 'application/json', text }] };
    }
    // A scoped URI (ui://<server>/…) reaches its own server with the server's URI, whether or not it was listed.
    const target = resources.resolve(req.params.uri);
    if (!target) throw new RpcError(ErrorCode.InvalidParams, `Resource not found: ${req.params.uri}`);
    await skills.check(target.server, target.uri, extra.signal);
    const params = { ...req.params, uri: target.uri };
    const read = (await relay(upstreamFor(target.server).request({ method: 'resources/read', params }, { signal: extra.signal }))) as ReadResourceResult;
    const result = scopeResult(read, target.server);
    return gateway.hooks.postRead({ kind: 'resource', server: target.server, name: req.params.uri, result, session });
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    if (req.params.uri === STATUS_URI) return {};
    const target = resources.resolve(req.params.uri);
    if (!target) throw new RpcError(ErrorCode.InvalidParams, `Resource not found: ${req.params.uri}`);
    upstreamFor(target.server);
    if (!subscriptions.has(req.params.uri)) {
      subscriptions.add(req.params.uri);
      await retainSubscription(gateway, target.server, target.uri);
    }
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    if (subscriptions.delete(req.params.uri)) {
      const target = resources.resolve(req.params.uri);
      if (target) await releaseSubscription(gateway, target.server, target.uri);
    }
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (req, extra) => {
    const ref = req.params.ref;
    if (ref.type === 'ref/prompt') {
      const entry = (await visibility.prompts()).byName.get(ref.name);
      if (!entry) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: '${ref.name}'`);
      const params = { ...req.params, ref: { ...ref, name: entry.prompt.name } };
      return relay(upstreamFor(entry.server).request({ method: 'completion/complete', params }, { signal: extra.signal })) as never;
    }
    const target = resources.resolve(ref.uri);
    if (!target) throw new RpcError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    const params = { ...req.params, ref: { ...ref, uri: target.uri } };
    return relay(upstreamFor(target.server).request({ method: 'completion/complete', params }, { signal: extra.signal })) as never;
  });

  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    await setSessionLevel(gateway, session.id, req.params.level, (name) => resources.visibleServer(name));
    return {};
  });

  server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    // Only the session's own servers hear of its roots.
    for (const u of gateway.pool.all()) if (resources.visibleServer(u.name)) u.notify({ method: 'notifications/roots/list_changed' });
  });

  // Returned so the session unsubscribes when it closes (HTTP mode opens and closes many sessions).
  const unsubscribe = gateway.subscribe((event) => {
    if (event.type === 'resources') {
      resources.invalidate();
      skills.invalidate();
    }
    if (event.type !== 'notification' || !resources.visibleServer(event.server)) return;
    const n = event.notification;
    // Log messages go only to a client that initialized (a 2026 client on the same stdio pipe has no 2025 session).
    if (n.method === 'notifications/message') {
      if (server.getClientCapabilities() === undefined) return;
      const params = n.params as { logger?: string; level?: unknown };
      if (!passesSessionLevel(gateway, session.id, params.level)) return;
      const logger = params.logger ? `${event.server}/${params.logger}` : event.server;
      void server.notification({ method: n.method, params: { ...n.params, logger } }).catch(() => undefined);
    } else if (n.method === 'notifications/resources/updated') {
      const own = (n.params as { uri?: string }).uri;
      const uri = own === undefined ? undefined : scopeUri(event.server, own);
      if (uri && subscriptions.has(uri)) void server.notification({ method: n.method, params: { ...n.params, uri } }).catch(() => undefined);
    }
  });
  return () => {
    unsubscribe();
    forgetSessionLevel(gateway, session.id);
    for (const uri of subscriptions) {
      const target = resources.resolve(uri);
      if (target) void releaseSubscription(gateway, target.server, target.uri).catch(() => undefined);
    }
    subscriptions.clear();
  };
}

// Upstream subscriptions are shared by every session: subscribed on the first subscriber, unsubscribed after the last.
const subscribers = new WeakMap<Gateway, Map<string, number>>();

function countsOf(gateway: Gateway): Map<string, number> {
  let counts = subscribers.get(gateway);
  if (!counts) subscribers.set(gateway, (counts = new Map()));
  return counts;
}

async function retainSubscription(gateway: Gateway, owner: string, uri: string): Promise<void> {
  const counts = countsOf(gateway);
  const key = `${owner}\u0000${uri}`;
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  const u = gateway.pool.get(owner);
  if (n === 1 && u?.snapshot.capabilities?.resources?.subscribe) await u.request({ method: 'resources/subscribe', params: { uri } });
}

async function releaseSubscription(gateway: Gateway, owner: string, uri: string): Promise<void> {
  const counts = countsOf(gateway);
  const key = `${owner}\u0000${uri}`;
  const n = (counts.get(key) ?? 1) - 1;
  if (n > 0) return void counts.set(key, n);
  counts.delete(key);
  const u = gateway.pool.get(owner);
  if (u?.state === 'ready' && u.snapshot.capabilities?.resources?.subscribe) await u.request({ method: 'resources/unsubscribe', params: { uri } });
}
