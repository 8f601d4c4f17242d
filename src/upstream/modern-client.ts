// A 2026-07-28 upstream behind the client shape the rest of the gateway uses: the v2 SDK client pinned to the modern
// era (or adopting a cached server/discover verdict), input_required answered through the same server→client routing
// as a 2025 upstream's requests, list changes through subscriptions/listen, and v2 errors turned into v1 ones.
import { Client, ProtocolError, SdkError, SdkErrorCode, SUBSCRIPTION_ID_META_KEY, type DiscoverResult } from '@modelcontextprotocol/client';
import { ErrorCode, McpError, type Request } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { messageOf } from '../errors.js';
import { VERSION } from '../version.js';
import { MODERN_VERSION, type UpstreamClient } from './client.js';
import type { UpstreamContext } from './context.js';
import type { ListKind } from './lists.js';
import { MISSING_CAPABILITY, missingCapability } from './era-errors.js';
import { createModernListen } from './modern-listen.js';
import type { UpstreamTransport } from './transports/index.js';

// The most input_required rounds one call may take before it fails (each round asks the downstream client).
export const MAX_INPUT_ROUNDS = 8;
const LOOSE = z.looseObject({});

export interface ModernClient extends UpstreamClient {
  connect(transport: UpstreamTransport, options: { timeout: number; prior?: DiscoverResult }): Promise<void>;
  // The server/discover result this connection adopted or obtained (cached as the era verdict).
  discover(): DiscoverResult | undefined;
}

export function createModernClient(server: string, ctx: UpstreamContext, refresh: (kind: ListKind) => void): ModernClient {
  const caps = ctx.clientCapabilities();
  const client = new Client(
    { name: 'fast-gateway', version: VERSION },
    { capabilities: caps as never, versionNegotiation: { mode: { pin: MODERN_VERSION } }, inputRequired: { maxRounds: MAX_INPUT_ROUNDS } },
  );
  // input_required asks through the handlers a 2025 upstream's server→client requests use; declared only when the
  // downstream client offers the capability, so the upstream names the one it misses (-32021) instead.
  const ask = (request: unknown, signal: AbortSignal) => ctx.onServerRequest(server, request as Request, signal) as never;
  if (caps.elicitation) client.setRequestHandler('elicitation/create', (req, c) => ask(req, c.mcpReq.signal));
  if (caps.sampling) client.setRequestHandler('sampling/createMessage', (req, c) => ask(req, c.mcpReq.signal));
  if (caps.roots) client.setRequestHandler('roots/list', (req, c) => ask(req, c.mcpReq.signal));
  client.setNotificationHandler('notifications/tools/list_changed', () => refresh('tools'));
  client.setNotificationHandler('notifications/prompts/list_changed', () => refresh('prompts'));
  client.setNotificationHandler('notifications/resources/list_changed', () => refresh('resources'));
  client.setNotificationHandler('notifications/message', (n) => ctx.onNotification(server, n as never));
  client.setNotificationHandler('notifications/resources/updated', (n) => ctx.onNotification(server, withoutSubscriptionId(n) as never));
  const listen = createModernListen(client, (error) => ctx.log.child(server).debug(`subscriptions/listen refused: ${messageOf(error)}`));
  const adapter: ModernClient = {
    async connect(transport, { timeout, prior }) {
      client.onclose = () => adapter.onclose?.();
      await client.connect(transport as never, { timeout, ...(prior && { prior: { kind: 'modern', discover: prior } }) }).catch(rethrow);
      // subscriptions/listen replaces unsolicited list_changed: the stream stays open for the connection's life.
      const offered = client.getServerCapabilities() ?? {};
      const filter = {
        ...(offered.tools?.listChanged && { toolsListChanged: true }),
        ...(offered.prompts?.listChanged && { promptsListChanged: true }),
        ...(offered.resources?.listChanged && { resourcesListChanged: true }),
      };
      listen.start(filter);
    },
    async request<T>(request: Request, schema: { parse(v: unknown): T }, options?: object) {
      // resources/subscribe is a 2025 method: here the URI joins (or leaves) the listen filter instead.
      const uri = (request.params as { uri?: unknown } | undefined)?.uri;
      if (request.method === 'resources/subscribe' && typeof uri === 'string') return schema.parse(await listen.subscribe(uri).then(() => ({}), rethrow));
      if (request.method === 'resources/unsubscribe' && typeof uri === 'string') return schema.parse(await listen.unsubscribe(uri).then(() => ({}), rethrow));
      // Progress before its response reaches onprogress first: the stdio transport hands responses on a microtask after
      // the lines before them, and the v2 client dispatches notifications one microtask late (as v1 does).
      return schema.parse(await client.request(request as never, LOOSE, options as never).catch(rethrow));
    },
    notification: (n) => client.notification(n as never).catch(rethrow),
    async close() {
      await listen.close();
      await client.close();
    },
    getServerCapabilities: () => client.getServerCapabilities() as never,
    getServerVersion: () => client.getServerVersion(),
    getInstructions: () => client.getInstructions(),
    discover: () => client.getDiscoverResult(),
  };
  return adapter;
}

// A change notification as a 2025 session expects it: the listen stream's subscription id is the gateway's business.
function withoutSubscriptionId(n: { params?: { _meta?: Record<string, unknown> } }): unknown {
  const meta = n.params?._meta;
  if (!meta || !(SUBSCRIPTION_ID_META_KEY in meta)) return n;
  const { [SUBSCRIPTION_ID_META_KEY]: _id, ...rest } = meta;
  const { _meta: _old, ...params } = n.params ?? {};
  return { ...n, params: Object.keys(rest).length > 0 ? { ...params, _meta: rest } : params };
}

// v2 errors as the gateway knows them (v1 McpError codes), with what went wrong said in full.
function rethrow(error: unknown): never {
  if (error instanceof ProtocolError) {
    if (error.code === MISSING_CAPABILITY) throw new McpError(error.code, missingCapability(error.data), error.data);
    throw new McpError(error.code, error.message.replace(/^MCP error -?\d+: /, ''), error.data);
  }
  if (error instanceof SdkError) {
    if (error.code === SdkErrorCode.RequestTimeout) throw new McpError(ErrorCode.RequestTimeout, error.message, error.data);
    if (error.code === SdkErrorCode.ConnectionClosed) throw new McpError(ErrorCode.ConnectionClosed, error.message);
    if (error.code === SdkErrorCode.InputRequiredRoundsExceeded)
      throw new McpError(ErrorCode.InternalError, `the server kept asking for input after ${MAX_INPUT_ROUNDS} rounds; gave up`);
  }
  throw error;
}

// The 2026 error for a request that needs a client capability the request's envelope did not declare.
