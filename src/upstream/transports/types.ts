// The one seam every upstream transport sits behind: how the upstream lifecycle starts, talks through and closes a
// connection, whatever carries it (a child process, Streamable HTTP, legacy SSE) and whichever protocol era it speaks.
import type { ServerConfig } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { ProcessId } from '../descendants.js';
import type { ExitInfo } from './stdio-process.js';

// 'legacy': the 2025 `initialize` handshake (2025-11-25 and earlier); 'modern': the 2026-07-28 revision.
export type ProtocolEra = 'legacy' | 'modern';

// The SDK transport contract (start, send, receive through onmessage, close), as both SDK generations' clients use it.
// A process-backed transport also reports its pid and, once it ended, how.
export interface UpstreamTransport {
  start(): Promise<void>;
  send(message: never, options?: never): Promise<void>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: never, extra?: never) => void) | undefined;
  pid?: number;
  exit?: ExitInfo;
}

// What preConnect hooks may add to a connection.
export interface ConnectAdditions {
  headers?: Record<string, string>;
  env?: Record<string, string>;
  timeout?: number;
}

export interface TransportOptions {
  env: NodeJS.ProcessEnv;
  log: Logger;
  maxMessageBytes: number;
  // Where the OAuth token store lives (remote servers that log in); without it no OAuth is attempted.
  stateDir?: string;
  additions?: ConnectAdditions;
  onSpawn?: (pid: number) => void;
  onDescendants?: (pid: number, descendants: ProcessId[]) => void;
}

// One kind of transport: a file under transports/ exporting one of these, registered in transports/index.ts.
export interface TransportKind<C extends ServerConfig = ServerConfig> {
  // The eras this transport can carry (legacy SSE has no 2026 binding).
  eras: readonly ProtocolEra[];
  // Builds the transport for one connection in `era` (a remote transport differs by era; a process does not).
  create(server: C, options: TransportOptions, era: ProtocolEra): UpstreamTransport;
  // Where the upstream runs, for people, with secrets left unexpanded.
  describe(server: C): string;
}
