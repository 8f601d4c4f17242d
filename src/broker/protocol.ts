// The broker's wire: newline-delimited JSON over a Unix socket; control messages carry a "gw" key, the rest is JSON-RPC.
import type { Socket } from 'node:net';
import { createLineReader } from '../relay/line-reader.js';
import { createWriteBatch, type Chunk } from '../relay/write-batch.js';
import { VERSION } from '../version.js';

// What a session and a broker must agree on: gw's version and this wire's revision, raised whenever a message changes
// shape (2: the era, discover and first listings in attach/ready), so two builds of one version never misread each other.
export const BROKER_VERSION = `${VERSION}+wire2`;

// Lines between sessions and the broker; each upstream's own transport enforces settings.maxMessageBytes.
export const CHANNEL_MAX_BYTES = 256 * 1024 * 1024;

// Exactly what the broker runs for one shared server: computed by the session as an unshared spawn would be.
export interface SpawnSpec {
  server: string;
  display: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  maxMessageBytes: number;
  startTimeout: number;
  // The server's configured protocol: a pinned version, or 'auto' (the hub settles the era once for every session).
  protocol: 'auto' | '2025-11-25' | '2026-07-28';
}

// The era a shared upstream speaks, settled once by its hub: every session opens its own client in that era (a 2026
// session's requests pass with their per-request _meta untouched but for ids and progress tokens).
export type HubEra = 'legacy' | 'modern';

// Sent by the broker first on every connection, so either side can tell a mismatched version before anything else.
export interface Hello {
  gw: 'hello';
  version: string;
  pid: number;
  sessions: number;
}

export interface UpstreamReport {
  server: string;
  pid?: number;
  sessions: number;
  // The broker's own bookkeeping for this upstream (tests watch these fall back to zero when a session goes).
  calls: number;
  serverRequests: number;
  subscriptions: number;
  // A 2026 upstream's listens: the sessions' (each session's own ids) and the upstream streams serving them (one, or two
  // while a changed filter replaces the stream).
  listens: number;
  streams: number;
  // How responses and requests went through: with only their ids swapped in their text, as the unparsed bytes of a
  // large result, or parsed and serialized again (a shape the splice does not handle).
  passed: { spliced: number; bytes: number; reserialized: number };
}

export interface BrokerReport {
  pid: number;
  version: string;
  sessions: number;
  upstreams: UpstreamReport[];
}

export type ControlMessage =
  | Hello
  // `era`: the session's cached verdict for an 'auto' server, used when this attach starts the hub (skips the probe).
  | { gw: 'attach'; session: string; key: string; spec: SpawnSpec; era?: HubEra }
  // `discover`: a 2026 upstream's server/discover result, which the session's client adopts instead of asking again;
  // `lists`: a 2025 upstream's latest first-page listings by method, which answer the session's first listings.
  | {
      gw: 'ready';
      era: HubEra;
      discover?: Record<string, unknown>;
      lists?: Record<string, Record<string, unknown>>;
    }
  | { gw: 'error'; message: string }
  | { gw: 'status' }
  | { gw: 'report'; report: BrokerReport }
  | { gw: 'stop' }
  | { gw: 'stopping' };

export type Message = ControlMessage | Record<string, unknown>;

export interface Channel {
  send(message: Message): void;
  // Queues serialized chunks (lines ending in \n, a large result's bytes between them) as they are: the hot path's
  // responses and requests are spliced, never parsed and stringified again.
  sendRaw(...chunks: Chunk[]): void;
  close(): void;
  readonly closed: boolean;
}

export interface ChannelHandlers {
  // Each line parsed once, with its text (for splicing).
  onMessage: (message: Message, line: string) => void;
  onClose: () => void;
  // Offered each line of BYTES_LINE bytes or more before it is decoded; true when taken as is.
  onBytes?: (bytes: Buffer) => boolean;
}

export function isControl(message: Message): message is ControlMessage {
  return typeof (message as { gw?: unknown }).gw === 'string';
}

// Frames a socket: each line is parsed once and handed on; a line that is not JSON closes the channel (a peer that
// speaks something else is not ours). Writes made in one turn go out in one batch, in order.
export function createChannel(socket: Socket, maxBytes: number, handlers: ChannelHandlers): Channel {
  let closed = false;
  const reader = createLineReader({
    maxBytes,
    onBytes: (bytes) => !closed && (handlers.onBytes?.(bytes) ?? false),
    onLine: (line) => {
      if (closed || line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        handlers.onMessage(parsed as Message, line);
    },
  });
  const batch = createWriteBatch(socket, (chunk) => socket.write(chunk));
  socket.on('data', reader.push);
  socket.on('error', () => undefined);
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    handlers.onClose();
  });
  return {
    send(message) {
      if (!closed && socket.writable) batch.push(`${JSON.stringify(message)}\n`);
    },
    sendRaw(...chunks) {
      if (!closed && socket.writable) for (const chunk of chunks) batch.push(chunk);
    },
    close() {
      batch.flush();
      socket.end();
    },
    get closed() {
      return closed;
    },
  };
}
