// Process-tree inspection and killing for upstream children: liveness, descendants, start times, graceful-then-forced kill.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface KillTreeOptions {
  graceMs?: number;
  signal?: NodeJS.Signals;
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
  startTime?: string;
}

const HAS_PROC = existsSync('/proc/self/stat');
const POLL_MS = 50;
const KILL_WAIT_MS = 1000;

// True while the process exists and is not a zombie; EPERM means it exists but belongs to someone else.
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!HAS_PROC) return true;
  const info = readStat(pid);
  return info !== undefined && !info.zombie;
}

// Every live descendant of pid (by ppid links), plus members of process group pid that were reparented away.
export function listDescendants(pid: number): number[] {
  const table = listProcesses();
  const children = new Map<number, number[]>();
  for (const info of table.values()) {
    const siblings = children.get(info.ppid) ?? [];
    siblings.push(info.pid);
    children.set(info.ppid, siblings);
  }
  const found = new Set<number>();
  const queue = [pid, ...[...table.values()].filter((info) => info.pgid === pid).map((info) => info.pid)];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    if (next !== pid) {
      if (found.has(next)) continue;
      found.add(next);
    }
    queue.push(...(children.get(next) ?? []).filter((child) => !found.has(child)));
  }
  return [...found].filter((p) => p !== pid && table.get(p)?.zombie === false);
}

// Kernel start time (clock ticks since boot): with the pid, it identifies a process across pid reuse.
export function processStartTime(pid: number): string | undefined {
  return HAS_PROC ? readStat(pid)?.startTime : undefined;
}

// The process group id of pid, or undefined when it is gone.
export function processGroupId(pid: number): number | undefined {
  return HAS_PROC ? readStat(pid)?.pgid : listProcesses().get(pid)?.pgid;
}

// Signals the group and every snapshotted descendant, waits graceMs, then SIGKILLs whatever is left.
export async function killTree(pid: number, options: KillTreeOptions = {}): Promise<void> {
  const { graceMs = 2000, signal = 'SIGTERM' } = options;
  if (!Number.isInteger(pid) || pid <= 1) return;
  // Snapshot first: once pid dies its children are reparented and can no longer be found by ppid.
  const targets = new Set([pid, ...listDescendants(pid)]);
  signalAll(pid, targets, signal);
  if (await waitGone(pid, targets, graceMs)) return;
  for (const survivor of listDescendants(pid)) targets.add(survivor);
  signalAll(pid, targets, 'SIGKILL');
  await waitGone(pid, targets, KILL_WAIT_MS);
}

// Last-resort synchronous cleanup for process.on('exit'), where no timer will ever fire.
export function killTreeSync(pid: number): void {
  signalAll(pid, new Set([pid, ...listDescendants(pid)]), 'SIGKILL');
}

function signalAll(pid: number, targets: Set<number>, signal: NodeJS.Signals): void {
  // kill(0) or kill(-1) would signal our own group or every process we own.
  if (!Number.isInteger(pid) || pid <= 1) return;
  send(-pid, signal); // the whole process group, including members spawned after the snapshot
  for (const target of targets) send(target, signal); // catches descendants that left the group (setsid)
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH (already gone) or EPERM (not ours any more): nothing to do either way.
  }
}

// Polls until no target and no group member is alive; false if the deadline passed first.
async function waitGone(pid: number, targets: Set<number>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = listProcesses();
    const alive = [...table.values()].some(
      (info) => !info.zombie && (targets.has(info.pid) || info.pgid === pid),
    );
    if (!alive) return true;
    if (Date.now() >= deadline) return false;
    await delay(POLL_MS);
  }
}

function listProcesses(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  if (HAS_PROC) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const info = readStat(Number(entry));
      if (info) table.set(info.pid, info);
    }
    return table;
  }
  // macOS and other Unixes without /proc.
  let output = '';
  try {
    output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  } catch {
    return table;
  }
  for (const line of output.split('\n')) {
    const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
    if (!pid || !ppid || !pgid) continue;
    table.set(Number(pid), {
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      zombie: stat?.startsWith('Z') ?? false,
    });
  }
  return table;
}

// Parses /proc/<pid>/stat; comm (field 2) may hold spaces and parentheses, so fields are split after the last ')'.
function readStat(pid: number): ProcInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgid] = rest;
  if (state === undefined || ppid === undefined || pgid === undefined) return undefined;
  return {
    pid,
    ppid: Number(ppid),
    pgid: Number(pgid),
    zombie: state === 'Z' || state === 'X',
    startTime: rest[19],
  };
}
