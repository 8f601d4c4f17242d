// One connection to an upstream: its transport (stdio or remote) and the SDK client on it, wired together, with the
// signal that tells the relay the connection ended; plus the hard time limit on calls whose progress keeps resetting the timeout.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import { attachClientHandlers } from './client-handlers.js';
import type { UpstreamContext } from './context.js';
import type { ListKind } from './lists.js';
import type { ExitInfo } from './stdio-transport.js';
import { createTransport, type ConnectAdditions } from './transport.js';

// Remote transports have no pid and no exit information.
export type UpstreamTransport = Transport & { pid?: number; exit?: ExitInfo; shared?: boolean };

export interface Connection {
  client: Client;
  transport: UpstreamTransport;
  // Aborted when this connection ends: the relay's calls on its pipe fail then (a stale connection closing late never
  // fails calls on the current one).
  closed: AbortController;
}

export interface ConnectionEvents {
  log: Logger;
  // The connection closed; the relay's calls on it have failed already.
  onClosed: () => void;
  onListChanged: (kind: ListKind) => void;
}

// Builds the connection; `client.connect(transport)` opens it.
export function createConnection(
  config: ServerConfig,
  ctx: UpstreamContext,
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
  const closed = new AbortController();
  client.onclose = () => {
    closeConnection(closed);
    events.onClosed();
  };
  return { client, transport, closed };
}

// Ends a connection for the relay: its calls on the pipe fail with ConnectionClosed.
export function closeConnection(closed: AbortController | undefined): void {
  if (closed && !closed.signal.aborted) closed.abort(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
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
