// The tool-list cache in the state directory: the last snapshot of each upstream, so the first tools/list is answered at
// once, and which upstreams failed to start in the last run, so a first listing never waits for them again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { ensureStateDir, writePrivateFile } from '../state-dir.js';
import type { UpstreamSnapshot } from './lists.js';

export interface SnapshotCache {
  // The cached snapshot and when it was saved, only if it was taken with the same connection settings.
  load(server: string, key: string): { snapshot: UpstreamSnapshot; savedAt: number } | undefined;
  save(server: string, key: string, snapshot: UpstreamSnapshot): void;
  // Whether the server, with the same connection settings, failed before it was ever ready in the last run.
  failedBefore(server: string, key: string): boolean;
  // Remembers (reason given) or forgets (undefined) that the server failed to start.
  noteFailure(server: string, key: string, reason: string | undefined): void;
  flush(): void;
}

interface CacheFile {
  version: 1;
  servers: Record<string, { key: string; savedAt: string; snapshot: UpstreamSnapshot }>;
  failures?: Record<string, { key: string; at: string; reason: string }>;
}

const FILE = 'catalog-cache.json';
const WRITE_DELAY_MS = 500;

export function createSnapshotCache(stateDir: string, log: Logger): SnapshotCache {
  const file = path.join(stateDir, FILE);
  let data: CacheFile = { version: 1, servers: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed.version === 1 && parsed.servers && typeof parsed.servers === 'object') data = parsed;
  } catch {
    // No cache yet, or an unreadable one: start empty (it is only an optimisation).
  }
  // Server names come from the config; own-property checks keep a name such as "constructor" from reading the prototype.
  const own = <T>(table: Record<string, T> | undefined, name: string): T | undefined =>
    table && Object.hasOwn(table, name) ? table[name] : undefined;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer ??= setTimeout(write, WRITE_DELAY_MS);
    timer.unref();
  };
  const write = () => {
    timer = undefined;
    try {
      ensureStateDir(stateDir);
      writePrivateFile(file, JSON.stringify(data));
    } catch (error) {
      log.debug(`could not write the tool-list cache ${file}: ${messageOf(error)}`);
    }
  };
  return {
    load(server, key) {
      const entry = own(data.servers, server);
      if (!entry || entry.key !== key) return undefined;
      const savedAt = Date.parse(entry.savedAt);
      if (!shareable(entry.snapshot)) return undefined;
      // A 2026-07-28 server said how long its tool list stays fresh (ttlMs; 0 = never served from a cache).
      const ttl = entry.snapshot.toolsCache?.ttlMs;
      if (ttl !== undefined && !(savedAt + ttl > Date.now())) return undefined;
      return { snapshot: entry.snapshot, savedAt: Number.isNaN(savedAt) ? Date.now() : savedAt };
    },
    save(server, key, snapshot) {
      if (shareable(snapshot)) data.servers[server] = { key, savedAt: new Date().toISOString(), snapshot };
      else if (own(data.servers, server)) delete data.servers[server];
      else return;
      schedule();
    },
    failedBefore: (server, key) => own(data.failures, server)?.key === key,
    noteFailure(server, key, reason) {
      const known = own(data.failures, server);
      if (reason === undefined ? !known : known?.key === key) return;
      data.failures ??= {};
      if (reason === undefined) delete data.failures[server];
      else data.failures[server] = { key, at: new Date().toISOString(), reason };
      schedule();
    },
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
  };
}

// cacheScope (2026-07-28): a 'private' result may be kept only by the client that asked, never in a shared cache. This
// file is shared by every gateway process (and so every client and credential) of the config, so a private tool list,
// or a 2026 one that names no scope, lives only in the memory of the connection that read it. 2025 lists carry no hint.
export function shareable(snapshot: UpstreamSnapshot): boolean {
  return snapshot.toolsCache === undefined || snapshot.toolsCache.scope === 'public';
}
