// What an upstream reports (its state and status) and what the pool gives each upstream to reach the rest of the gateway.
import type { DiscoverResult } from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ClientCapabilities, Notification, Request, Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import type { ConnectionProtocol } from './client.js';
import type { Logger } from '../log.js';
import type { ProcessId } from './descendants.js';
import type { ListKind } from './lists.js';
import type { ConnectAdditions } from './transport.js';
import type { ProtocolEra } from './transports/index.js';

// 'needs-login': a remote server that wants an OAuth login (`gw auth login NAME`); its cached tools stay listed.
export type UpstreamState = 'idle' | 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped' | 'needs-login';

export interface UpstreamStatus {
  name: string;
  kind: ServerConfig['kind'];
  state: UpstreamState;
  since: number;
  restarts: number;
  lastError?: string;
  toolCount: number;
  // Set while the tools listed are the cached ones of an earlier run (saved at this time), not yet the live list.
  cachedAt?: number;
  connectMs?: number;
  pid?: number;
  // Reached through the per-user broker (top-level "share").
  shared?: boolean;
  // The protocol era and version the connection speaks (once one was opened).
  protocol?: ConnectionProtocol;
}

// A shared server's transport once attached, and the era the broker speaks to that upstream (settled once for all).
export interface SharedTransport {
  transport: Transport;
  era: ProtocolEra;
  discover?: DiscoverResult;
}

// What the pool gives each upstream: how to reach the rest of the gateway.
export interface UpstreamContext {
  log: Logger;
  env: NodeJS.ProcessEnv;
  maxMessageBytes: number;
  // The state directory (the OAuth token store is there).
  stateDir?: string;
  maxInFlight: number;
  maxQueue: number;
  clientCapabilities: () => ClientCapabilities;
  preConnect: (server: ServerConfig) => Promise<ConnectAdditions | undefined>;
  onServerRequest: (server: string, request: Request, signal: AbortSignal) => Promise<Result>;
  onNotification: (server: string, notification: Notification) => void;
  onChanged: (server: string, what: ListKind | 'state') => void;
  // Every state change, listable or not (status reporting).
  onState?: (server: string, state: UpstreamState) => void;
  onSpawn?: (server: string, pid: number) => void;
  onExit?: (server: string, pid: number) => void;
  // The recorded descendants of an upstream process changed (persisted for the orphan sweep).
  onDescendants?: (server: string, pid: number, descendants: ProcessId[]) => void;
  // A shared server attached through the broker, or undefined to connect directly (src/broker/link.ts). `era`: this
  // session's cached verdict for an 'auto' server, a hint for the broker when it starts the upstream.
  share?: (server: ServerConfig, direct: Transport, era: ProtocolEra | undefined) => Promise<SharedTransport | undefined>;
  // False for one-shot inspection (`gw tools`, `gw test`): the first failure is final.
  retry: boolean;
}
