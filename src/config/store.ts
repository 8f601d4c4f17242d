// Read-modify-write of gateway.json: cross-process lock, validate before and after, atomic write (temp file + rename).
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { GatewayError, isGatewayError, messageOf } from '../errors.js';
import { NEW_FILE_MODE, readConfigText, resolveWriteTarget, writeAtomic } from './file-io.js';
import { parseJsonText, validateConfig } from './parse.js';
import { assertWritableDir } from './writable.js';
import type { GatewayFile } from './schema.js';

export interface ConfigStore {
  // Absolute path of the file this store edits.
  readonly file: string;
  // The validated file as written, or undefined when it does not exist yet.
  read(): Promise<GatewayFile | undefined>;
  // Applies `mutate` to the current file under the lock; writes only if the result is valid and differs.
  update(mutate: (doc: GatewayFile) => void | Promise<void>): Promise<GatewayFile>;
}

// Generous enough for twenty concurrent `gw` processes on a slow machine (~30 s worst case), jittered.
const LOCK_RETRIES = { retries: 120, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true };
const LOCK_STALE_MS = 10_000;

export function openStore(file: string): ConfigStore {
  const abs = path.resolve(file);
  return {
    file: abs,
    async read() {
      const text = readConfigText(abs);
      return text === null ? undefined : parseValid(text, abs);
    },
    async update(mutate) {
      await mkdir(path.dirname(abs), { recursive: true });
      // A symlinked gateway.json (a dotfiles checkout, say) is written through to its target, even a target
      // that does not exist yet; the file keeps its permissions, and a new one is created 0600.
      const target = await resolveWriteTarget(abs);
      await mkdir(path.dirname(target), { recursive: true });
      await assertWritableDir(target);
      return withLock(abs, async () => {
        const mode = await stat(target).then((s) => s.mode & 0o777, () => NEW_FILE_MODE);
        const before = readConfigText(target);
        // An empty file (e.g. from `touch`) holds nothing to lose, so it is treated like a missing one.
        const doc: GatewayFile =
          before === null || before.trim() === '' ? { mcpServers: {} } : parseValid(before, abs);
        await mutate(doc);
        const after = toStableJson(doc);
        try {
          validateConfig(JSON.parse(after), { file: abs, text: after });
        } catch (error) {
          if (!isGatewayError(error, 'CONFIG_INVALID')) throw error;
          throw new GatewayError(
            'CONFIG_INVALID',
            `nothing was saved; the change would make the config invalid:\n${error.message}`,
            {
              cause: error,
            },
          );
        }
        if (after !== before) await writeAtomic(target, after, mode);
        return JSON.parse(after) as GatewayFile;
      });
    },
  };
}

// Two-space JSON with a trailing newline, keys in insertion order, so a diff shows only the edit.
export function toStableJson(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

// Parses and validates the existing text; an invalid file is reported (path, line:col) and never overwritten.
function parseValid(text: string, file: string): GatewayFile {
  try {
    const raw = parseJsonText(text, file);
    validateConfig(raw, { file, text });
    return raw as GatewayFile;
  } catch (error) {
    if (!isGatewayError(error, 'CONFIG_INVALID')) throw error;
    throw new GatewayError(
      'CONFIG_INVALID',
      `${error.message}\ngw left the file unchanged; fix it by hand, then run the command again.`,
      {
        cause: error,
      },
    );
  }
}

// Holds `<file>.lock` (a directory, created atomically) while `fn` runs; the file itself may not exist yet.
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      retries: LOCK_RETRIES,
      stale: LOCK_STALE_MS,
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new GatewayError(
      'CONFIG_WRITE_FAILED',
      `${file}: could not lock for writing (${messageOf(error)}). Another gw command may be stuck; if none is running, remove ${file}.lock.`,
      { cause: error },
    );
  }
  try {
    const result = await fn();
    if (compromised)
      throw new GatewayError(
        'CONFIG_WRITE_FAILED',
        `${file}: the write lock was lost (${compromised.message}); check the file and retry.`,
      );
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
