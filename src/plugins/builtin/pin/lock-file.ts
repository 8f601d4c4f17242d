// The pin lock file (gateway.lock.json): one hash per exposed tool; read cheaply, written atomically under a cross-process lock.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import lockfile from 'proper-lockfile';
import { assertWritableDir } from '../../../config/writable.js';
import { GatewayError, messageOf } from '../../../errors.js';
import { canonicalJson, sha256 } from '../../shared/hash.js';

export const LOCK_FILE_NAME = 'gateway.lock.json';

export interface PinEntry {
  hash: string;
  server?: string;
  tool?: string;
  pinnedAt: string;
}

export interface LockDoc {
  version: 1;
  tools: Record<string, PinEntry>;
}

export type PinState = 'pinned' | 'changed' | 'new';

// The hash of everything a model reads about a tool, under its exposed name.
export function toolHash(def: Tool, exposedName: string): string {
  const { title, description, inputSchema, outputSchema, annotations } = def;
  return sha256(
    canonicalJson({ name: exposedName, title, description, inputSchema, outputSchema, annotations }),
  );
}

// A lock with no pins. `tools` is keyed by exposed names from upstreams (`constructor` is a valid one), so it is a
// null-prototype object: no lookup finds Object's members and no assignment sets a prototype.
export function emptyLock(): LockDoc {
  return { version: 1, tools: Object.create(null) as Record<string, PinEntry> };
}

export function pinState(doc: LockDoc, exposedName: string, hash: string): PinState {
  const entry = Object.hasOwn(doc.tools, exposedName) ? doc.tools[exposedName] : undefined;
  if (!entry) return 'new';
  return entry.hash === hash ? 'pinned' : 'changed';
}

export function readLock(file: string): LockDoc {
  if (!existsSync(file)) return emptyLock();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file}: not valid JSON (${messageOf(error)}); fix or delete it, then run \`gw pin --approve\``,
    );
  }
  const tools = (raw as { tools?: unknown } | null)?.tools;
  if (!tools || typeof tools !== 'object')
    throw new GatewayError('CONFIG_INVALID', `${file}: expected { "version": 1, "tools": { ... } }`);
  return { version: 1, tools: Object.assign(emptyLock().tools, tools as Record<string, PinEntry>) };
}

// A reader that re-reads the file only when it changed on disk (so `gw pin --approve` applies to a running gateway).
export function createLockReader(file: string): () => LockDoc {
  let cached: { stamp: string; doc: LockDoc } | undefined;
  return () => {
    const stat = existsSync(file) ? statSync(file) : undefined;
    const stamp = stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
    if (!cached || cached.stamp !== stamp) cached = { stamp, doc: readLock(file) };
    return cached.doc;
  };
}

// Read-modify-write under `<file>.lock`, then temp file + rename, so no reader ever sees half a file.
export async function updateLock(file: string, mutate: (doc: LockDoc) => void): Promise<LockDoc> {
  await mkdir(path.dirname(file), { recursive: true });
  await assertWritableDir(file);
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 60, minTimeout: 10, maxTimeout: 200, randomize: true },
    });
  } catch (error) {
    throw new GatewayError(
      'CONFIG_WRITE_FAILED',
      `${file}: could not lock for writing (${messageOf(error)}); if no gw is running, remove ${file}.lock`,
    );
  }
  try {
    const doc = readLock(file);
    mutate(doc);
    const sorted: LockDoc = {
      version: 1,
      tools: Object.fromEntries(Object.entries(doc.tools).sort(([a], [b]) => a.localeCompare(b))),
    };
    const temp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(sorted, null, 2) + '\n');
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
    return sorted;
  } finally {
    await release().catch(() => undefined);
  }
}

export function resolveLockFile(file: string | undefined, configDir: string): string {
  return path.resolve(configDir, file ?? LOCK_FILE_NAME);
}
