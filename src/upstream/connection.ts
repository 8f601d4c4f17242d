// One connection to an upstream: its transport (stdio or remote), the SDK client on it and the fast-call channel
// beside it, wired together; plus the hard time limit on calls whose progress keeps resetting the timeout.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import { attachClientHandlers } from './client-handlers.js';
import type { UpstreamContext } from './context.js';
import { createFastCalls, type FastCalls } from './fast-calls.js';
import type { Limiter } from './limiter.js';
import type { ListKind } from './lists.js';
import { StdioUpstreamTransport, type ExitInfo } from './stdio-transport.js';
import { createTransport, type ConnectAdditions } from './transport.js';

// Remote transports have no pid and no exit information.
export type UpstreamTransport = Transport & { pid?: number; exit?: ExitInfo; shared?: boolean };

export interface Connection {
  client: Client;
  transport: UpstreamTransport;
  // Fast calls belong to one connection: a stale connection closing late never fails calls on the current one.
  fast: FastCalls;
}

export interface ConnectionEvents {
  log: Logger;
  // The connection closed; its fast calls have failed already.
  onClosed: () => void;
  onListChanged: (kind: ListKind) => void;
}

// Builds the connection; `client.connect(transport)` opens it.
export function createConnection(
  config: ServerConfig,
  ctx: UpstreamContext,
  limiter: Limiter,
  additions: ConnectAdditions | undefined,
  events: ConnectionEvents,
): Connection {
  const direct: UpstreamTransport = createTransport(config, {
    env: ctx.env,
    log: events.log,
    maxMessageBytes: ctx.maxMessageBytes,
    ...(ctx.stateDir !== undefined && { stateDir: ctx.stateDir }),
    ...(additions && { additions }),
    onSpawn: (pid) => ctx.onSpawn?.(config.name, pid),
    onDescendants: (pid, list) => ctx.onDescendants?.(config.name, pid, list),
  });
  // With "share" on, a stdio server is reached through the per-user broker instead (src/broker/).
  const transport: UpstreamTransport = ctx.share?.(config, direct) ?? direct;
  const client = new Client({ name: 'fast-gateway', version: VERSION }, { capabilities: ctx.clientCapabilities() });
  attachClientHandlers(client, config.name, ctx, events.onListChanged);
  const fast = createFastCalls(limiter);
  client.onclose = () => {
    fast.failAll(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
    events.onClosed();
  };
  if (transport instanceof StdioUpstreamTransport) {
    transport.intercept = (message, line) => fast.intercept(message, line);
    transport.interceptBytes = (bytes) => fast.interceptBytes(bytes);
  }
  return { client, transport, fast };
}

// Follows the caller's signal and also aborts by itself after maxMs, so the SDK sends notifications/cancelled upstream.
export function hardLimit(maxMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new McpError(ErrorCode.RequestTimeout, 'Maximum total timeout exceeded', { maxTotalTimeout: maxMs })),
    maxMs,
  );
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
