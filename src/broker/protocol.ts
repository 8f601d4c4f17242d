// The broker's wire: newline-delimited JSON over a Unix socket; control messages carry a "gw" key, the rest is JSON-RPC.
import type { Socket } from 'node:net';
import { createLineReader } from '../relay/line-reader.js';

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
}

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
}

export interface BrokerReport {
  pid: number;
  version: string;
  sessions: number;
  upstreams: UpstreamReport[];
}

export type ControlMessage =
  | Hello
  | { gw: 'attach'; session: string; key: string; spec: SpawnSpec }
  | { gw: 'ready' }
  | { gw: 'error'; message: string }
  | { gw: 'status' }
  | { gw: 'report'; report: BrokerReport }
  | { gw: 'stop' }
  | { gw: 'stopping' };

export type Message = ControlMessage | Record<string, unknown>;

export interface Channel {
  send(message: Message): void;
  close(): void;
  readonly closed: boolean;
}

export function isControl(message: Message): message is ControlMessage {
  return typeof (message as { gw?: unknown }).gw === 'string';
}

// Frames a socket: each line is parsed once and handed on; a line that is not JSON closes the channel (a peer that
// speaks something else is not ours).
export function createChannel(
  socket: Socket,
  maxBytes: number,
  onMessage: (message: Message) => void,
  onClose: () => void,
): Channel {
  let closed = false;
  const reader = createLineReader({
    maxBytes,
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
        onMessage(parsed as Message);
    },
  });
  socket.on('data', reader.push);
  socket.on('error', () => undefined);
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    onClose();
  });
  return {
    send(message) {
      if (!closed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
    },
    close() {
      socket.end();
    },
    get closed() {
      return closed;
    },
  };
}
