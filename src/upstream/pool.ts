// The upstream pool: one supervised Upstream per enabled server, started in parallel, changed by diff on reload.
import type { ServerConfig, Settings } from '../config/schema.js';
import { createSnapshotCache, type SnapshotCache } from './cache.js';
import { forgetChild, recordChild, type ChildRecord } from './child-records.js';
import { stillSame } from './descendants.js';
import { processStartTime } from './process-tree.js';
import type { ListKind } from './lists.js';
import type { UpstreamContext, UpstreamState } from './context.js';
import { createPoolEvents, createPoolVerbs, type Pool } from './pool-api.js';
import { Upstream } from './upstream.js';

export type { Pool, ServerView } from './pool-api.js';

// The gateway's side of every upstream's context; the pool adds limits from the settings and the process bookkeeping.
export type PoolOptions = Pick<UpstreamContext, 'log' | 'clientCapabilities' | 'preConnect' | 'onServerRequest' | 'onNotification' | 'share'> & {
  env?: NodeJS.ProcessEnv;
  settings: Settings;
  retry?: boolean;
};

// The pool's owner (the gateway) also drives its lifecycle; everyone else gets the narrow Pool (pool-api.ts).
export interface UpstreamPool extends Pool {
  // Creates, replaces and stops upstreams to match the config; new ones connect only once run() was called.
  apply(servers: ServerConfig[]): Promise<void>;
  // Starts connecting every upstream (and every one added later).
  run(): void;
  // Every child process started and not yet confirmed gone (for the last-resort kill at exit).
  livePids(): number[];
  close(): Promise<void>;
}

export function createPool(options: PoolOptions): UpstreamPool {
  const { log, settings } = options;
  const upstreams = new Map<string, Upstream>();
  let order: string[] = [];
  let running = false;
  const live = new Set<number>();
  // The child record of each live upstream process, rewritten when its recorded descendants change.
  const records = new Map<number, ChildRecord>();
  const cache: SnapshotCache | undefined = settings.cache ? createSnapshotCache(settings.stateDir, log) : undefined;
  const ownerStart = processStartTime(process.pid);
  const events = createPoolEvents();

  const context = {
    log,
    env: options.env ?? process.env,
    maxMessageBytes: settings.maxMessageBytes,
    stateDir: settings.stateDir,
    maxInFlight: settings.maxInFlight,
    maxQueue: settings.maxQueue,
    clientCapabilities: options.clientCapabilities,
    preConnect: options.preConnect,
    onServerRequest: options.onServerRequest,
    onNotification: options.onNotification,
    retry: options.retry ?? true,
    ...(options.share && { share: options.share }),
    onState: (server: string, state: UpstreamState) => {
      const u = upstreams.get(server);
      if (u && cache) {
        if (state === 'ready') cache.noteFailure(server, connectionKey(u.config), undefined);
        else if ((state === 'restarting' || state === 'failed') && !u.fresh && u.lastError !== undefined)
          cache.noteFailure(server, connectionKey(u.config), u.lastError);
      }
      events.emit('state', server, state);
    },
    onChanged: (server: string, what: ListKind | 'state') => {
      const u = upstreams.get(server);
      if (u && u.fresh && cache) cache.save(server, connectionKey(u.config), u.snapshot);
      events.emit('changed', server, what);
    },
    // Called once the transport has closed, which ends the recorded descendants too: only then is the record dropped.
    onExit: (_server: string, pid: number) => {
      live.delete(pid);
      records.delete(pid);
      forgetChild(settings.stateDir, pid);
    },
    onDescendants: (server: string, pid: number, descendants: ChildRecord['descendants']) => {
      const record = records.get(pid);
      if (!record) return;
      const next = { ...record, descendants };
      records.set(pid, next);
      recordChild(settings.stateDir, next);
      log.debug(`[${server}] tracking descendants of pid ${pid}: ${descendants?.map((d) => d.pid).join(', ') || 'none'}`);
    },
    onSpawn: (server: string, pid: number) => {
      live.add(pid);
      const u = upstreams.get(server);
      const command = u?.config.kind === 'stdio' ? u.config.command : server;
      const record: ChildRecord = {
        pid,
        server,
        command,
        ownerPid: process.pid,
        ...(ownerStart !== undefined && { ownerStartTime: ownerStart }),
        ...withStart(pid),
      };
      records.set(pid, record);
      recordChild(settings.stateDir, record);
    },
  };

  const create = (server: ServerConfig) => {
    const cached = cache?.load(server.name, connectionKey(server));
    const upstream = new Upstream(server, context, cached?.snapshot, cached?.savedAt);
    upstreams.set(server.name, upstream);
    if (running) upstream.start();
    return upstream;
  };

  const stop = (upstream: Upstream) => upstream.close();

  return {
    ...createPoolVerbs((name) => upstreams.get(name), () => order),
    events,
    // Upstream processes, and their recorded descendants that are still the same processes (for the last-resort kill).
    livePids: () => [...live, ...[...records.values()].flatMap((r) => (r.descendants ?? []).filter(stillSame).map((d) => d.pid))],
    run() {
      running = true;
      for (const u of upstreams.values()) u.start();
    },
    failedToStart(name) {
      const u = upstreams.get(name);
      if (!u || u.fresh) return false;
      return u.lastError !== undefined || u.state === 'failed' || (cache?.failedBefore(name, connectionKey(u.config)) ?? false);
    },
    async apply(servers) {
      const wanted = servers.filter((s) => s.enabled);
      const names = new Set(wanted.map((s) => s.name));
      const stopping: Promise<void>[] = [];
      for (const [name, upstream] of upstreams) {
        if (!names.has(name)) {
          upstreams.delete(name);
          log.info(`stopping server '${name}' (removed or disabled)`);
          stopping.push(stop(upstream));
        }
      }
      for (const server of wanted) {
        const existing = upstreams.get(server.name);
        if (!existing) {
          create(server);
        } else if (connectionKey(existing.config) !== connectionKey(server)) {
          log.info(`restarting server '${server.name}' (connection settings changed)`);
          stopping.push(stop(existing));
          create(server);
        } else {
          // Rules and descriptions apply without touching the connection.
          Object.assign(existing.config, { allow: server.allow, deny: server.deny, description: server.description, prefix: server.prefix });
        }
      }
      order = wanted.map((s) => s.name);
      await Promise.all(stopping);
    },
    async close() {
      const all = [...upstreams.values()];
      upstreams.clear();
      await Promise.all(all.map(stop));
      cache?.flush();
    },
  };
}

// Everything about an entry that needs a new connection when it changes (rules and descriptions do not).
export function connectionKey(server: ServerConfig): string {
  const { allow: _a, deny: _d, description: _desc, enabled: _e, prefix: _p, ...rest } = server;
  return JSON.stringify(rest);
}

function withStart(pid: number): { startTime?: string } {
  const startTime = processStartTime(pid);
  return startTime === undefined ? {} : { startTime };
}
