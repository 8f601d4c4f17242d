// The rest of the MCP surface through the gateway: prompts, resources and templates, subscriptions, completions, logging, notifications.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
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
import { relayed } from '../wire.js';
import { createResourceRouter, STATUS_URI } from './resources.js';
import { scopeResult, scopeUri } from './scoped-uris.js';
import { installSkills } from './skills.js';
import { createSubscriptions } from './subscriptions.js';
import { statusReport } from '../status.js';
import type { Visibility } from './visibility.js';
import { GatewayError } from '../errors.js';

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
  const subscriptions = createSubscriptions(gateway, resources);


  server.setRequestHandler(ListPromptsRequestSchema, async (req) => {
    port.lastActive = Date.now();
    const { listing } = await visibility.prompts();
    const page = paginate(listing, req.params?.cursor);
    return { prompts: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    port.lastActive = Date.now();
    const entry = (await visibility.prompts()).byName.get(req.params.name);
    if (!entry) throw new GatewayError('INVALID_PARAMS', `Unknown prompt: '${req.params.name}'`);
    const result = (await relayed(
      gateway.pool.request(entry.server, { method: 'prompts/get', params: { ...req.params, name: entry.prompt.name } }, { signal: extra.signal }),
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
    if (!target) throw new GatewayError('INVALID_PARAMS', `Resource not found: ${req.params.uri}`);
    await skills.check(target.server, target.uri, extra.signal);
    const params = { ...req.params, uri: target.uri };
    const read = (await relayed(gateway.pool.read(target.server, params, { signal: extra.signal }))) as ReadResourceResult;
    const result = scopeResult(read, target.server);
    return gateway.hooks.postRead({ kind: 'resource', server: target.server, name: req.params.uri, result, session });
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    if (req.params.uri !== STATUS_URI) await subscriptions.subscribe(req.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    await subscriptions.unsubscribe(req.params.uri);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (req, extra) => {
    const ref = req.params.ref;
    if (ref.type === 'ref/prompt') {
      const entry = (await visibility.prompts()).byName.get(ref.name);
      if (!entry) throw new GatewayError('INVALID_PARAMS', `Unknown prompt: '${ref.name}'`);
      const params = { ...req.params, ref: { ...ref, name: entry.prompt.name } };
      return relayed(gateway.pool.complete(entry.server, params, { signal: extra.signal })) as never;
    }
    const target = resources.resolve(ref.uri);
    if (!target) throw new GatewayError('INVALID_PARAMS', `Unknown resource template: ${ref.uri}`);
    const params = { ...req.params, ref: { ...ref, uri: target.uri } };
    return relayed(gateway.pool.complete(target.server, params, { signal: extra.signal })) as never;
  });

  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    await setSessionLevel(gateway, session.id, req.params.level, (name) => resources.visibleServer(name));
    return {};
  });

  server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    // Only the session's own servers hear of its roots.
    for (const u of gateway.pool.servers()) if (resources.visibleServer(u.name)) gateway.pool.notify(u.name, { method: 'notifications/roots/list_changed' });
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
    subscriptions.close();
  };
}
