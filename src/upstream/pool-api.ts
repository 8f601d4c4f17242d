// The pool as the rest of the gateway sees it: a read-only view of each server, its status, and a few verbs that
// reach a server by name (request, call, read, complete, subscribe, notify, restart, the relay's pipe lease) plus events.
import { EventEmitter } from 'node:events';
import type { CompleteRequest, Notification, ReadResourceRequest, Request, Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import type { CallOptions } from './connection.js';
import type { UpstreamState, UpstreamStatus } from './context.js';
import type { ListKind, UpstreamSnapshot } from './lists.js';
import type { PipeLease } from './pipe.js';
import type { Upstream } from './upstream.js';

// What a reader outside src/upstream/ may know of one server (Upstream implements it; nothing here is writable).
export interface ServerView {
  readonly name: string;
  readonly config: Readonly<ServerConfig>;
  readonly state: UpstreamState;
  // Whether its tools are listed right now (not failed, not stopped).
  readonly listable: boolean;
  // True once a live list replaced the cached one.
  readonly fresh: boolean;
  readonly snapshot: Readonly<UpstreamSnapshot>;
  // Already masked.
  readonly lastError?: string;
}

export type PoolEvent = 'changed' | 'state';
export type ChangedListener = (server: string, what: ListKind | 'state') => void;
export type StateListener = (server: string, state: UpstreamState) => void;

// Returns the function that removes the listener.
export interface PoolEvents {
  on(event: 'changed', listener: ChangedListener): () => void;
  on(event: 'state', listener: StateListener): () => void;
}

export interface Pool {
  // Enabled servers in config order.
  servers(): readonly ServerView[];
  server(name: string): ServerView | undefined;
  // Every server's status in config order, or one server's.
  status(): UpstreamStatus[];
  status(name: string): UpstreamStatus | undefined;
  // Whether a server failed to start, in this run or (same settings, not ready since) in the last: a first listing
  // does not wait for it.
  failedToStart(name: string): boolean;
  // One request to a server through its in-flight limiter and timeouts, waiting (bounded) while it starts.
  request(server: string, request: Request, options?: CallOptions): Promise<Result>;
  call(server: string, tool: string, args: Record<string, unknown> | undefined, options?: CallOptions): Promise<Result>;
  read(server: string, params: ReadResourceRequest['params'], options?: CallOptions): Promise<Result>;
  complete(server: string, params: CompleteRequest['params'], options?: CallOptions): Promise<Result>;
  subscribe(server: string, uri: string): Promise<void>;
  // A no-op while the server is not ready (its subscriptions ended with its connection).
  unsubscribe(server: string, uri: string): Promise<void>;
  // Sent only while the server is ready; never throws.
  notify(server: string, notification: Notification): void;
  // Resolves once the server is ready, or rejects with why it is not (bounded by its own call timeout by default).
  ready(server: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<void>;
  // Forgets failures and connects again (`gw restart NAME`); nothing for a server not in the pool.
  restart(server: string): void;
  // The relay's way to a server (see pipe.ts), or undefined when the call must take the regular path.
  leasePipe(server: string): PipeLease | undefined;
  // Human text for why calls cannot reach the server's process now (how it exited).
  describeExit(server: string): string | undefined;
  readonly events: PoolEvents;
}

// The verbs of a pool over its table of upstreams.
export function createPoolVerbs(lookup: (name: string) => Upstream | undefined, order: () => readonly string[]): Omit<Pool, 'events' | 'failedToStart'> {
  const upstreams = () => order().map(lookup).filter((u): u is Upstream => u !== undefined);
  const must = (name: string): Upstream => {
    const u = lookup(name);
    if (!u) throw new GatewayError('SERVER_NOT_FOUND', `server '${name}' is not running in this gateway (not in the config, or disabled)`);
    return u;
  };
  function status(): UpstreamStatus[];
  function status(name: string): UpstreamStatus | undefined;
  function status(name?: string): UpstreamStatus[] | UpstreamStatus | undefined {
    return name === undefined ? upstreams().map((u) => u.status()) : lookup(name)?.status();
  }
  // A missing server rejects (never throws synchronously), like a request to a stopped one.
  const request = async (server: string, req: Request, options?: CallOptions) => must(server).request(req, options);
  return {
    servers: upstreams,
    server: lookup,
    status,
    request,
    call: (server, tool, args, options) => request(server, { method: 'tools/call', params: { name: tool, arguments: args } }, options),
    read: (server, params, options) => request(server, { method: 'resources/read', params }, options),
    complete: (server, params, options) => request(server, { method: 'completion/complete', params }, options),
    async subscribe(server, uri) {
      await request(server, { method: 'resources/subscribe', params: { uri } });
    },
    async unsubscribe(server, uri) {
      if (lookup(server)?.state === 'ready') await request(server, { method: 'resources/unsubscribe', params: { uri } });
    },
    notify: (server, notification) => lookup(server)?.notify(notification),
    async ready(server, options = {}) {
      const u = must(server);
      await u.ready(options.timeoutMs ?? u.config.timeout, options.signal);
    },
    restart: (server) => void lookup(server)?.restart(),
    leasePipe: (server) => lookup(server)?.leasePipe(),
    describeExit: (server) => lookup(server)?.describeExit(),
  };
}

// The pool's events, emitted by the pool (emit) and listened to by the gateway and anyone it hands the pool to.
export function createPoolEvents(): PoolEvents & { emit(event: 'changed', server: string, what: ListKind | 'state'): void; emit(event: 'state', server: string, state: UpstreamState): void } {
  const emitter = new EventEmitter();
  // Every session may listen; the default cap of 10 would warn.
  emitter.setMaxListeners(0);
  return {
    on(event: PoolEvent, listener: ChangedListener | StateListener) {
      const fn = listener as (...args: unknown[]) => void;
      emitter.on(event, fn);
      return () => void emitter.off(event, fn);
    },
    emit: (event: PoolEvent, ...args: unknown[]) => void emitter.emit(event, ...args),
  };
}
