// Opens one connection to an upstream in its era: the transport for that era, the v1 SDK client (2025) or the v2 one
// (2026-07-28) behind one client shape, and for a 2025 stdio upstream the signal that tells the relay the connection
// ended. In `auto` the era comes from the cached verdict, else from a probe (server/discover first, on a pipe or over
// HTTP), and the verdict is saved for the next start.
// With "share" on, a stdio server is reached through the per-user broker instead (src/broker/), in the era it settled.
import type { DiscoverResult } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError, type Request, type Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import { attachClientHandlers } from './client-handlers.js';
import type { ConnectionProtocol, UpstreamClient } from './client.js';
import type { UpstreamContext } from './context.js';
import { isEraMismatch } from './era-errors.js';
import { loadVerdict, saveVerdict, verdictKey } from './era-cache.js';
import { probeStdio } from './era-probe.js';
import { LOOSE_RESULT } from './loose-result.js';
import type { ListKind } from './lists.js';
import type { createModernClient } from './modern-client.js';
import { asksForInput, watchEnvelope } from './modern-envelope.js';
import { loadModernSdk } from './modern-sdk.js';
import { isUpstreamPipe } from './pipe.js';
import { createTransport, type ConnectAdditions } from './transport.js';
import type { ProtocolEra, UpstreamTransport } from './transports/index.js';
import type { StdioUpstreamTransport } from './transports/stdio-process.js';

export type { UpstreamTransport } from './transports/index.js';

export interface Connection {
  client: UpstreamClient;
  transport: UpstreamTransport;
  // A 2025 stdio connection's end, for the relay's calls on its pipe: aborted when this connection ends (a stale
  // connection closing late never fails calls on the current one). Absent where the relay cannot take calls.
  closed?: AbortController;
  // A 2026 stdio connection's request envelope for the relay (pipe.ts PipeLease.envelope), once the client sent one.
  envelope?: () => string | undefined;
  protocol: ConnectionProtocol;
}

export interface ConnectionEvents {
  log: Logger;
  // Each transport as it is built (its exit information explains a failed start).
  onTransport: (transport: UpstreamTransport) => void;
  // True once the upstream was stopped or restarted meanwhile: no further transport is built (an era probe that ends
  // because shutdown closed its process must not spawn the server again).
  stale: () => boolean;
  // The connection closed; the relay's calls on it have failed already.
  onClosed: () => void;
  onListChanged: (kind: ListKind) => void;
}

export async function openConnection(
  config: ServerConfig,
  ctx: UpstreamContext,
  additions: ConnectAdditions | undefined,
  events: ConnectionEvents,
  timeout: number,
): Promise<Connection> {
  const build = (era: ProtocolEra) => {
    if (events.stale()) throw new GatewayError('UPSTREAM_UNAVAILABLE', `server '${config.name}' was stopped while it was connecting`);
    const transport = createTransport(config, {
      env: ctx.env,
      log: events.log,
      maxMessageBytes: ctx.maxMessageBytes,
      ...(ctx.stateDir !== undefined && { stateDir: ctx.stateDir }),
      ...(additions && { additions }),
      onSpawn: (pid) => ctx.onSpawn?.(config.name, pid),
      onDescendants: (pid, list) => ctx.onDescendants?.(config.name, pid, list),
    }, era);
    events.onTransport(transport);
    return transport;
  };
  const legacy = (transport: UpstreamTransport) => openLegacy(config, ctx, events, transport, timeout);
  const modern = (transport: UpstreamTransport, prior?: DiscoverResult) => openModern(config, ctx, events, transport, timeout, prior);
  const key = verdictKey(config);
  const verdict = loadVerdict(ctx.stateDir, key);
  const wanted = config.kind === 'sse' ? 'legacy' : config.protocol === 'auto' ? verdict?.era : config.protocol === '2025-11-25' ? 'legacy' : 'modern';
  const prior = verdict?.era === 'modern' ? verdict.discover : undefined;
  // A shared stdio server, attached through the broker in the era the broker settled for every session (or undefined).
  const direct = config.kind === 'stdio' && ctx.share ? build('legacy') : undefined;
  const viaBroker = direct && (await ctx.share?.(config, direct as unknown as Transport, wanted));
  if (viaBroker) events.onTransport(viaBroker.transport as unknown as UpstreamTransport);
  let connection: Connection;
  if (viaBroker) {
    const transport = viaBroker.transport as unknown as UpstreamTransport;
    connection = viaBroker.era === 'modern' ? await modern(transport, viaBroker.discover) : await legacy(transport);
  } else if (wanted === 'legacy') connection = await legacy(direct ?? build('legacy'));
  else if (wanted === 'modern') {
    if (config.kind !== 'stdio') await loadModernSdk();
    connection = await modern(direct ?? build('modern'), prior);
  }
  else if (config.kind === 'stdio') {
    // No verdict yet: ask the process itself, then talk to the same process in the era it answered.
    const transport = (direct ?? build('legacy')) as StdioUpstreamTransport;
    const outcome = await probeStdio(transport, ctx.clientCapabilities(), timeout);
    if (outcome.era === 'modern') connection = await modern(transport, outcome.discover);
    else connection = await legacy(outcome.exited ? build('legacy') : transport);
  } else {
    // No verdict for a remote server: server/discover first, so a server that speaks both eras is used in 2026; one
    // with no answer to it is a 2025 server, reached with the 2025 handshake (its sessions and reconnects as always).
    // OAuth is the transport's in both eras: a login the server asks for fails the connect, it is not a 2025 verdict.
    await loadModernSdk();
    const transport = build('modern');
    try {
      connection = await modern(transport);
    } catch (error) {
      if (!isEraMismatch(error)) throw error;
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof GatewayError) throw cause;
      await transport.close().catch(() => undefined);
      connection = await legacy(build('legacy'));
    }
  }
  const serverVersion = connection.client.getServerVersion()?.version;
  const discover = connection.protocol.era === 'modern' ? (connection.client as ReturnType<typeof createModernClient>).discover() : undefined;
  saveVerdict(ctx.stateDir, key, { era: connection.protocol.era, ...(serverVersion && { serverVersion }), ...(discover && { discover }), at: new Date().toISOString() });
  return connection;
}

async function openLegacy(config: ServerConfig, ctx: UpstreamContext, events: ConnectionEvents, transport: UpstreamTransport, timeout: number): Promise<Connection> {
  const client = new Client({ name: 'fast-gateway', version: VERSION }, { capabilities: ctx.clientCapabilities() });
  attachClientHandlers(client, config.name, ctx, events.onListChanged);
  const closed = isUpstreamPipe(transport) ? new AbortController() : undefined;
  client.onclose = () => {
    closeConnection(closed);
    events.onClosed();
  };
  await client.connect(transport as Transport, { timeout });
  const version = (transport as { protocolVersion?: string }).protocolVersion;
  return { client: client as unknown as UpstreamClient, transport, ...(closed && { closed }), protocol: { era: 'legacy', ...(version && { version }) } };
}

// Ends a connection for the relay: its calls on the pipe fail with ConnectionClosed.
export function closeConnection(closed: AbortController | undefined): void {
  if (closed && !closed.signal.aborted) closed.abort(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
}

async function openModern(
  config: ServerConfig,
  ctx: UpstreamContext,
  events: ConnectionEvents,
  transport: UpstreamTransport,
  timeout: number,
  prior?: DiscoverResult,
): Promise<Connection> {
  // A stdio process starts while the v2 client loads (its connect() starts the transport again, which is idempotent).
  if (config.kind === 'stdio') (transport as StdioUpstreamTransport).start().catch(() => undefined);
  const [{ createModernClient }] = await Promise.all([import('./modern-client.js'), loadModernSdk()]);
  const client = createModernClient(config.name, ctx, events.onListChanged);
  // The relay carries calls on a 2026 pipe only when no call can need input_required answered (the client offers
  // nothing an upstream could ask for); then a call is one request and one response, as in 2025.
  const relayed = isUpstreamPipe(transport) && !asksForInput(ctx.clientCapabilities());
  const closed = relayed ? new AbortController() : undefined;
  const envelope = relayed ? watchEnvelope(transport) : undefined;
  client.onclose = () => {
    closeConnection(closed);
    events.onClosed();
  };
  await client.connect(transport, { timeout, ...(prior && { prior }) });
  return { client, transport, ...(closed && envelope && { closed, envelope }), protocol: { era: 'modern', version: '2026-07-28' } };
}

export interface CallOptions {
  signal?: AbortSignal;
  onprogress?: RequestOptions['onprogress'];
}

// One request on an open connection, bounded by the server's timeouts. Without progress the plain timeout
// (≤ maxTimeout) bounds it; with progress resetting that, our own hard limit applies. Not the SDK's maxTotalTimeout:
// that one rejects without telling the upstream, which keeps working.
export async function sendRequest(client: UpstreamClient, request: Request, config: ServerConfig, options: CallOptions): Promise<Result> {
  const limit = options.onprogress ? hardLimit(config.maxTimeout, options.signal) : undefined;
  const signal = limit?.signal ?? options.signal;
  try {
    return await client.request(request, LOOSE_RESULT, {
      timeout: config.timeout,
      ...(signal && { signal }),
      ...(options.onprogress && { onprogress: options.onprogress, resetTimeoutOnProgress: true }),
    });
  } finally {
    limit?.clear();
  }
}

// Follows the caller's signal and also aborts by itself after maxMs, so the SDK sends notifications/cancelled upstream.
function hardLimit(maxMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; clear: () => void } {
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
