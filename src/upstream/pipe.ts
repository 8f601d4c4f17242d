// What the relay (src/relay/) needs from a stdio upstream connection: the pipe to write JSON-RPC lines to, a first
// claim on the lines that come back, and a lease of one in-flight slot for one call. Nothing else of the connection.
import type { ServerConfig } from '../config/schema.js';
import type { LineSink } from '../relay/line-reader.js';
import type { Limiter } from './limiter.js';

// Implemented by StdioUpstreamTransport and by the broker's BrokerTransport (a shared server). Contract:
// - sendRaw queues one serialized line (ending in \n); lines queued in one turn of the event loop go out in one write,
//   in the order queued, interleaved in that order with the SDK Client's own messages. False when the pipe is closed.
// - intercept is offered every line that parses as JSON, with its raw text, synchronously and in the order the lines
//   arrived, before the SDK Client sees it; true means taken (the Client never sees it).
// - interceptBytes is offered every line of BYTES_LINE bytes or more before it is decoded; true means taken as is.
// - interceptLine (optional for a pipe to call) is offered every decoded line before it is parsed; true means taken.
// - interceptStream (optional for a pipe to call) is offered the first bytes of a line still arriving once BYTES_LINE
//   of it are in; a sink returned is handed that line piece by piece (relay/line-reader.ts onStream has the contract).
// - clientAwaits (optional; absent means "maybe"): false only when no request the SDK Client sent is unanswered, so a
//   response arriving now can only be the relay's.
// The hooks are one slot each: the relay that leases the pipe first claims them.
export interface UpstreamPipe {
  sendRaw(line: string): boolean;
  intercept?: (message: Record<string, unknown>, line: string) => boolean;
  interceptBytes?: (bytes: Buffer) => boolean;
  interceptLine?: (line: string) => boolean;
  interceptStream?: (head: Buffer, bail: () => void) => LineSink | undefined;
  clientAwaits?(): boolean;
}

// One call's right to use a ready connection's pipe. Upstream.leasePipe() hands one out only when the server is a
// ready, non-lazy stdio server with a free in-flight slot.
export interface PipeLease {
  readonly pipe: UpstreamPipe;
  // Aborted (reason: a ConnectionClosed McpError) when this connection ends: crash, restart or stop.
  readonly closed: AbortSignal;
  // The server's call timeout (reset by progress) and the hard limit on a call whose progress keeps resetting it.
  readonly timeoutMs: number;
  readonly maxTimeoutMs: number;
  // A 2026-07-28 connection: the `_meta` members (protocol version, client info and capabilities) every request on it
  // carries, as JSON text without the braces; its results are 2026 results. Absent on a 2025 connection.
  readonly envelope?: string;
  // Frees the in-flight slot (idempotent).
  release(): void;
}

// The lease of a ready connection's pipe, or undefined when the call must take the regular path: no pipe or no open
// connection, a lazy server, a 2026 connection whose envelope is not known yet, or every in-flight slot taken.
export function leaseOf(
  pipe: UpstreamPipe | undefined,
  closed: AbortSignal | undefined,
  config: ServerConfig,
  limiter: Limiter,
  envelope?: () => string | undefined,
): PipeLease | undefined {
  if (!pipe || !closed || config.lazy) return undefined;
  const members = envelope?.();
  if (envelope && members === undefined) return undefined;
  const release = limiter.tryAcquire();
  if (!release) return undefined;
  const lease = { pipe, closed, timeoutMs: config.timeout, maxTimeoutMs: config.maxTimeout, release };
  return members === undefined ? lease : { ...lease, envelope: members };
}

// Whether a connection's transport is a pipe the relay can use.
export function isUpstreamPipe(transport: unknown): transport is UpstreamPipe {
  return typeof (transport as Partial<UpstreamPipe> | undefined)?.sendRaw === 'function';
}
