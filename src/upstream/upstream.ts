// One supervised upstream: connects, keeps its lists, restarts with backoff after failures, and carries calls to it.
import type { Notification, Request, Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import { isGatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { maskSecrets } from '../secrets.js';
import { createBackoff, HEALTHY_MS } from './backoff.js';
import type { ConnectionProtocol, UpstreamClient } from './client.js';
import { closeConnection, openConnection, sendRequest, type CallOptions, type UpstreamTransport } from './connection.js';
import type { UpstreamContext, UpstreamState, UpstreamStatus } from './context.js';
import { describeFailure, isAuthFailure, isConnectionLost, withHttpDetail } from './failure.js';
import { createLimiter, type Limiter } from './limiter.js';
import { isUpstreamPipe, leaseOf, type PipeLease } from './pipe.js';
import { changedKinds, EMPTY_SNAPSHOT, fetchSnapshot, refetch, type ListKind, type UpstreamSnapshot } from './lists.js';
import { createLoginWatch, type LoginWatch } from './login-watch.js';
import { gaveUp, needsLogin, statusOf, stillStarting, unavailable } from './status-of.js';
import { createTimers } from './timers.js';
import { Waiters } from './waiters.js';
import type { ServerView } from './pool-api.js';

export class Upstream implements ServerView {
  state: UpstreamState = 'idle';
  since = Date.now();
  restarts = 0;
  lastError?: string;
  connectMs?: number;
  snapshot: UpstreamSnapshot;
  // True once a live list replaced the cached one.
  fresh = false;

  // The era and version of the current (or last) connection.
  protocol?: ConnectionProtocol;
  private client?: UpstreamClient;
  // The current connection's end, for the relay's calls on its pipe.
  private closed?: AbortController;
  // A 2026 connection's request envelope for the relay (connection.ts).
  private envelope?: () => string | undefined;
  private transport?: UpstreamTransport;
  private readonly backoff = createBackoff();
  private readonly limiter: Limiter;
  private readonly waiters = new Waiters();
  private readonly timers = createTimers();
  private generation = 0;
  private readonly log: Logger;
  // While needs-login: the token store is watched; a new login there reconnects.
  private readonly loginWatch: LoginWatch;

  constructor(
    readonly config: ServerConfig,
    private readonly ctx: UpstreamContext,
    cached?: UpstreamSnapshot,
    // When the cached lists were saved (status reports say "cached tools served" until live lists replace them).
    private readonly cachedAt?: number,
  ) {
    this.snapshot = cached ?? EMPTY_SNAPSHOT;
    this.log = ctx.log.child(config.name);
    this.limiter = createLimiter(config.maxInFlight ?? ctx.maxInFlight, ctx.maxQueue);
    this.loginWatch = createLoginWatch(ctx.stateDir, () => {
      if (this.state !== 'needs-login') return;
      this.log.info('token store changed: connecting again');
      void this.connect();
    });
  }

  get name(): string {
    return this.config.name;
  }

  // Begins connecting in the background (lazy servers wait for their first call, unless nothing is known of them yet).
  start(): void {
    // A lazy server with no cached lists is started once to learn them; the idle timer then stops it.
    if ((this.config.lazy && this.snapshot !== EMPTY_SNAPSHOT) || this.state !== 'idle') return;
    void this.connect();
  }

  status(): UpstreamStatus {
    return statusOf(this, this.transport?.pid, this.cachedAt, (this.transport as { shared?: boolean } | undefined)?.shared === true);
  }

  // Whether this upstream's tools should be listed right now.
  get listable(): boolean {
    return this.state !== 'failed' && this.state !== 'stopped';
  }

  // Resolves with a connected client, waiting (bounded) while the upstream starts or restarts.
  async ready(timeoutMs: number, signal?: AbortSignal): Promise<UpstreamClient> {
    if (this.state === 'ready' && this.client) return this.client;
    signal?.throwIfAborted();
    if (this.state === 'idle') void this.connect();
    if (this.state === 'needs-login') {
      if (!this.loginWatch.changed()) throw needsLogin(this);
      void this.connect();
    }
    if (this.state === 'failed' || this.state === 'stopped') throw unavailable(this);
    await this.waiters.wait(timeoutMs, signal, () => stillStarting(this, timeoutMs));
    if (this.state === 'ready' && this.client) return this.client;
    throw this.state === 'needs-login' ? needsLogin(this) : unavailable(this);
  }

  // Sends one request to the upstream through the in-flight limiter, with the server's timeouts.
  async request(request: Request, options: CallOptions = {}): Promise<Result> {
    const client = await this.ready(this.config.timeout, options.signal);
    const gen = this.generation;
    const release = await this.limiter.acquire(this.name, options.signal);
    this.timers.clear('idle');
    try {
      return await sendRequest(client, request, this.config, options);
    } catch (error) {
      // A remote upstream has no process whose exit would tell us it is gone: a failed request does.
      if (this.config.kind !== 'stdio' && isConnectionLost(error)) this.lost(gen, describeFailure(error, undefined), client);
      if (isGatewayError(error, 'AUTH_REQUIRED') && gen === this.generation && this.state === 'ready') {
        this.drop(client);
        this.awaitLogin(error.message);
      }
      throw this.config.kind === 'stdio' ? error : withHttpDetail(error);
    } finally {
      release();
      if (this.config.lazy && this.limiter.active === 0) this.armIdleTimer();
    }
  }

  // The relay's way to this server (pipe.ts): a stdio pipe in either era; remote connections have none (a shared
  // server's BrokerTransport is one).
  leasePipe(): PipeLease | undefined {
    const pipe = isUpstreamPipe(this.transport) ? this.transport : undefined;
    return this.state === 'ready' ? leaseOf(pipe, this.closed?.signal, this.config, this.limiter, this.envelope) : undefined;
  }

  notify(notification: Notification): void {
    if (this.state === 'ready') void this.client?.notification(notification).catch(() => undefined);
  }

  // Forgets failures and connects again (`gw restart NAME`, or a config change).
  async restart(): Promise<void> {
    this.backoff.reset();
    await this.teardown('restarting');
    void this.connect();
  }

  async close(): Promise<void> {
    await this.teardown('stopped');
    this.setState('stopped');
  }

  // Human text for why calls cannot reach this upstream now.
  describeExit(): string | undefined {
    return this.transport?.exit && describeFailure(undefined, this.transport.exit);
  }

  // A probe of a remote server that ran out of retries keeps the state 'failed' (no list churn) until it connects.
  private async connect(probe = false): Promise<void> {
    const gen = ++this.generation;
    if (!probe) this.setState(this.restarts > 0 || this.backoff.failures > 0 ? 'restarting' : 'starting');
    const started = performance.now();
    let transport: UpstreamTransport | undefined;
    try {
      this.backoff.noteSpawn();
      const additions = await this.ctx.preConnect(this.config);
      if (gen !== this.generation) return;
      const timeout = additions?.timeout ?? this.config.startTimeout;
      const events = {
        log: this.log,
        onTransport: (t: UpstreamTransport) => void (gen === this.generation && (this.transport = transport = t)),
        stale: () => gen !== this.generation,
        onClosed: () => transport && this.onClosed(gen, transport),
        onListChanged: (kind: ListKind) => void this.refresh(gen, kind),
      };
      const { client, closed, envelope, protocol } = await openConnection(this.config, this.ctx, additions, events, timeout);
      if (gen !== this.generation) return void client.close().catch(() => undefined);
      this.protocol = protocol;
      const snapshot = await fetchSnapshot(client, timeout);
      if (gen !== this.generation) return;
      this.client = client;
      this.closed = closed;
      this.envelope = envelope;
      this.connectMs = Math.round(performance.now() - started);
      this.lastError = undefined;
      this.loginWatch.stop();
      const changed = this.replaceSnapshot(snapshot);
      this.setState('ready');
      this.timers.arm('healthy', HEALTHY_MS, () => this.backoff.reset());
      this.log.debug(`ready in ${this.connectMs} ms with ${snapshot.tools.length} tools`);
      for (const kind of changed) this.ctx.onChanged(this.name, kind);
      if (this.config.lazy) this.armIdleTimer();
    } catch (error) {
      if (gen !== this.generation) return;
      if (isGatewayError(error, 'AUTH_REQUIRED')) this.awaitLogin(error.message);
      else this.fail(describeFailure(error, transport?.exit), isAuthFailure(error));
      await this.release(transport);
    }
  }

  // No valid OAuth token: no retries; the cached tools stay listed, calls say to log in, and a new login in the
  // token store (watched) reconnects.
  private awaitLogin(reason: string): void {
    this.timers.clear('healthy');
    this.lastError = maskSecrets(reason);
    this.log.warn(this.lastError);
    this.setState('needs-login');
    this.loginWatch.arm();
  }

  private onClosed(gen: number, transport: UpstreamTransport): void {
    if (this.lost(gen, describeFailure(new Error('connection closed'), transport.exit))) void this.release(transport);
  }

  // The connection of generation `gen` is gone: reconnect with backoff. False when that connection was already replaced.
  private lost(gen: number, reason: string, client?: UpstreamClient): boolean {
    if (gen !== this.generation || this.state !== 'ready') return false;
    this.restarts++;
    this.log.warn(`disconnected: ${reason}`);
    this.fail(reason, false);
    this.drop(client);
    return true;
  }

  // Forgets the connection's client and closes it; its onclose then finds the state changed and does nothing more.
  private drop(client: UpstreamClient | undefined): void {
    this.client = undefined;
    this.closed = undefined;
    this.envelope = undefined;
    void client?.close().catch(() => undefined);
  }

  // Records a failure and schedules the next attempt, or gives up after too many in a row.
  private fail(reason: string, auth: boolean): void {
    this.timers.clear('healthy');
    // Every lastError comes through here (already masked by describeFailure; masked again for any other caller).
    this.lastError = maskSecrets(reason);
    const delay = auth || !this.ctx.retry ? undefined : this.backoff.next();
    // A remote server that went away may come back (a deploy, a laptop waking up): it is probed again, slowly.
    const probe = !auth && this.ctx.retry && this.config.kind !== 'stdio';
    if (delay === undefined) {
      if (probe) this.timers.arm('retry', this.backoff.probeMs, () => void this.connect(true));
      if (this.state === 'failed' && !auth) return;
      this.log.error(`failed: ${reason}${auth || !this.ctx.retry ? '' : gaveUp(this.backoff.failures, this.name, probe ? this.backoff.probeMs : undefined)}`);
      this.setState('failed');
      this.ctx.onChanged(this.name, 'tools');
      return;
    }
    this.log.warn(`unavailable: ${reason}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.setState('restarting');
    this.timers.arm('retry', delay, () => void this.connect());
  }

  private async refresh(gen: number, kind: ListKind): Promise<void> {
    if (!this.client || gen !== this.generation) return;
    const lists = await refetch(this.client, kind, this.config.timeout, this.log);
    if (lists && gen === this.generation && this.replaceSnapshot({ ...this.snapshot, ...lists }).length > 0)
      this.ctx.onChanged(this.name, kind);
  }

  // Swaps in a new snapshot and says which lists differ from the old one (all of them when it came from the cache).
  private replaceSnapshot(next: UpstreamSnapshot): ListKind[] {
    const changed = changedKinds(this.snapshot, next, !this.fresh);
    this.snapshot = next;
    this.fresh = true;
    return changed;
  }

  private async teardown(next: UpstreamState): Promise<void> {
    this.generation++;
    this.loginWatch.stop();
    this.timers.clear('retry', 'healthy', 'idle');
    const { client, transport } = this;
    this.transport = undefined;
    closeConnection(this.closed);
    this.drop(undefined);
    // The state changes before the old connection is closed, so a call arriving meanwhile never waits on a client that is gone.
    if (next === 'stopped' || next === 'idle') this.setState(next);
    await client?.close().catch(() => undefined);
    await this.release(transport);
  }

  // Closes a transport and reports its process gone (the pool drops its record).
  private async release(transport: UpstreamTransport | undefined): Promise<void> {
    await transport?.close().catch(() => undefined);
    if (transport?.pid !== undefined) this.ctx.onExit?.(this.name, transport.pid);
  }

  private armIdleTimer(): void {
    this.timers.arm('idle', this.config.idleTimeout, () => {
      if (this.limiter.active > 0) return;
      this.log.info(`stopping after ${this.config.idleTimeout} ms idle (lazy)`);
      void this.teardown('idle');
    });
  }

  private setState(state: UpstreamState): void {
    if (this.state === state) return;
    const wasListable = this.listable;
    this.state = state;
    // Someone is waiting for a lazy server that just went idle: start it again for them.
    if (state === 'idle' && this.waiters.size > 0) queueMicrotask(() => void this.connect());
    this.since = Date.now();
    if (state === 'ready' || state === 'failed' || state === 'stopped' || state === 'needs-login') this.waiters.wakeAll();
    if (wasListable !== this.listable) this.ctx.onChanged(this.name, 'state');
    this.ctx.onState?.(this.name, state);
  }
}
