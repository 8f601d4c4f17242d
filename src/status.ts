// Status you can see: each running gateway writes its upstreams' states to the state directory, where `gw status` reads them.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Gateway } from './gateway.js';
import { maskSecrets } from './secrets.js';
import { ensureStateDir, writePrivateFile } from './state-dir.js';
import type { UpstreamStatus } from './upstream/context.js';
import { isAlive } from './upstream/process-tree.js';

export interface GatewayStatusReport {
  pid: number;
  config: string | undefined;
  group: string | undefined;
  mode: 'stdio' | 'http';
  startedAt: string;
  updatedAt: string;
  servers: ServerReport[];
}

// One upstream as reports show it: times as ISO strings, the error masked, and `detail` when its tools come from the cache.
export type ServerReport = Omit<UpstreamStatus, 'since' | 'cachedAt'> & { since: string; cachedAt?: string; detail?: string };

// The report of the servers `meta.group` shows (all of them without a group; `scoped: false` for the process's own
// status file, which its user reads with `gw status`). Every text in it is masked.
export function statusReport(
  gateway: Gateway,
  meta: { group?: string; mode: 'stdio' | 'http'; startedAt: number },
  { scoped = true }: { scoped?: boolean } = {},
): GatewayStatusReport {
  return {
    pid: process.pid,
    config: gateway.config.path,
    group: meta.group,
    mode: meta.mode,
    startedAt: new Date(meta.startedAt).toISOString(),
    updatedAt: new Date().toISOString(),
    servers: gateway.statuses(scoped ? meta.group : undefined).map(toServerReport),
  };
}

export function toServerReport(s: UpstreamStatus): ServerReport {
  const { cachedAt, lastError, ...rest } = s;
  const report: ServerReport = { ...rest, since: new Date(s.since).toISOString(), ...(lastError !== undefined && { lastError: maskSecrets(lastError) }) };
  if (cachedAt !== undefined) {
    report.cachedAt = new Date(cachedAt).toISOString();
    report.detail = `${s.state} (cached tools served, cache ${formatAge(Date.now() - cachedAt)} old)`;
  }
  return report;
}

// "40 s", "12 min", "3 h", "2 days".
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

// Keeps <stateDir>/status/<pid>.json current while the gateway runs; removed when it stops.
export function publishStatus(gateway: Gateway, meta: { group?: string; mode: 'stdio' | 'http' }): { close(): void } {
  const stateDir = gateway.config.settings.stateDir;
  const file = path.join(stateDir, 'status', `${process.pid}.json`);
  const startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    try {
      ensureStateDir(stateDir, 'status');
      writePrivateFile(file, JSON.stringify(statusReport(gateway, { ...meta, startedAt }, { scoped: false }), null, 2));
    } catch {
      // Status is informational; a read-only state directory must not stop the gateway.
    }
  };
  const schedule = () => {
    timer ??= setTimeout(write, 200);
    timer.unref();
  };
  const unsubscribe = gateway.subscribe(schedule);
  // States change without catalog events too (restarting → failed); refresh periodically.
  const periodic = setInterval(schedule, 5000);
  periodic.unref();
  write();
  return {
    close() {
      unsubscribe();
      clearInterval(periodic);
      clearTimeout(timer);
      rmSync(file, { force: true });
    },
  };
}

// Reports of the gateways running on a state directory; files of dead gateways are removed.
export function readStatusReports(stateDir: string): GatewayStatusReport[] {
  const dir = path.join(stateDir, 'status');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const reports: GatewayStatusReport[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const report = JSON.parse(readFileSync(file, 'utf8')) as GatewayStatusReport;
      if (isAlive(report.pid)) reports.push(report);
      else rmSync(file, { force: true });
    } catch {
      rmSync(file, { force: true });
    }
  }
  return reports.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

// Asks running gateways to restart servers: the request is written to the state directory, then each gateway gets SIGUSR2.
export function requestRestart(stateDir: string, servers: string[]): number[] {
  const dir = ensureStateDir(stateDir, 'control');
  writePrivateFile(path.join(dir, 'restart.json'), JSON.stringify({ servers, at: new Date().toISOString() }));
  const pids: number[] = [];
  for (const report of readStatusReports(stateDir)) {
    try {
      process.kill(report.pid, 'SIGUSR2');
      pids.push(report.pid);
    } catch {
      // Gone between reading and signalling.
    }
  }
  return pids;
}

// The servers a restart request names (read by the gateway on SIGUSR2).
export function readRestartRequest(stateDir: string): string[] {
  try {
    const data = JSON.parse(readFileSync(path.join(stateDir, 'control', 'restart.json'), 'utf8')) as { servers?: unknown };
    return Array.isArray(data.servers) ? data.servers.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}
