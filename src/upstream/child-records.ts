// On-disk records of spawned upstream process groups, so a later gateway can sweep orphans of one that was SIGKILLed.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { stillSame, type ProcessId } from './descendants.js';
import { ensureStateDir, writePrivateFile } from '../state-dir.js';
import { isAlive, killTree, listDescendants, processGroupId, processStartTime } from './process-tree.js';

export interface ChildRecord {
  pid: number;
  startTime?: string;
  server: string;
  command: string;
  ownerPid: number;
  ownerStartTime?: string;
  // Its descendants as last seen (pid + start time): ended by the sweep even when they left its process group.
  descendants?: ProcessId[];
}

const ChildRecordSchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.string().optional(),
  server: z.string(),
  command: z.string(),
  ownerPid: z.number().int().positive(),
  ownerStartTime: z.string().optional(),
  descendants: z.array(z.object({ pid: z.number().int().positive(), startTime: z.string() })).optional(),
});

// Writes <stateDir>/children/<pid>.json atomically; best effort, because a missing record only costs a later sweep.
export function recordChild(stateDir: string, record: ChildRecord): void {
  try {
    ensureStateDir(stateDir, 'children');
    writePrivateFile(recordFile(stateDir, record.pid), JSON.stringify(record));
  } catch {
    // The state directory is unwritable: supervision still works, only orphan sweeping is lost.
  }
}

export function forgetChild(stateDir: string, pid: number): void {
  try {
    rmSync(recordFile(stateDir, pid), { force: true });
  } catch {
    // Nothing to forget, or no permission: a later sweep drops the record once its owner is gone.
  }
}

// Kills recorded children whose owning gateway is gone and which are provably still the process we spawned.
export async function sweepOrphans(stateDir: string): Promise<Array<{ pid: number; server: string }>> {
  let entries: string[];
  try {
    entries = readdirSync(childrenDir(stateDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const killed = await Promise.all(entries.map((name) => sweepOne(join(childrenDir(stateDir), name))));
  return killed.filter((entry) => entry !== undefined);
}

async function sweepOne(file: string): Promise<{ pid: number; server: string } | undefined> {
  let record: ChildRecord;
  try {
    record = ChildRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    removeQuietly(file); // unreadable or not a record: it can never be matched to a process
    return undefined;
  }
  if (isSameProcess(record.ownerPid, record.ownerStartTime)) return undefined;
  let result: { pid: number; server: string } | undefined;
  // Descendants are checked before the upstream's tree is killed: they are recorded by start time, not by parent.
  const strays = (record.descendants ?? []).filter(stillSame);
  const ours = isOurs(record);
  await Promise.all([ours && killTree(record.pid), ...strays.map((d) => killTree(d.pid))]);
  if (ours || strays.length > 0) result = { pid: record.pid, server: record.server };
  removeQuietly(file);
  return result;
}

// A pid alone is not an identity (pids are reused); the recorded start time makes it one.
function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  return startTime === undefined || processStartTime(pid) === startTime;
}

// Still the child we spawned: same start time, or (without /proc start times) still leading its own group.
function isOurs(record: ChildRecord): boolean {
  // A dead leader's group can outlive it, and its id cannot be reused while the group exists.
  if (!isAlive(record.pid)) return listDescendants(record.pid).length > 0;
  if (record.startTime !== undefined) return processStartTime(record.pid) === record.startTime;
  return processGroupId(record.pid) === record.pid;
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Left for the next sweep.
  }
}

function childrenDir(stateDir: string): string {
  return join(stateDir, 'children');
}

function recordFile(stateDir: string, pid: number): string {
  return join(childrenDir(stateDir), `${pid}.json`);
}
