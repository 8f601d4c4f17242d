// gateway.json on disk: only a regular file of bounded size is read, and writes land on a symlink's target atomically, never wider than 0600 when new.
import writeFileAtomic from 'write-file-atomic';
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { lstat, mkdir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../errors.js';

// Far above any real config (a few KiB); below what would make the parser hold gigabytes.
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
// A gateway.json that gw creates may hold literal secrets: only its owner reads it.
export const NEW_FILE_MODE = 0o600;
const MAX_LINKS = 32;

// The text of the config file, or null when it does not exist. Refuses a directory, a FIFO, a device or socket,
// and a file over MAX_CONFIG_BYTES, before reading a byte (a FIFO would otherwise block the read for ever).
export function readConfigText(file: string): string | null {
  if (!checkConfigFile(file)) return null;
  // O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it still returns at once; fstat then refuses it.
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(file, error);
  }
  try {
    assertRegular(file, fstatSync(fd));
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

// Stats the path (following symlinks): undefined when it does not exist, an error when it is not a readable config.
export function checkConfigFile(file: string): Stats | undefined {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, error);
  }
  assertRegular(file, stats);
  return stats;
}

// Where a write to `file` must land: the final target of a symlink chain, even one that does not exist yet.
export async function resolveWriteTarget(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let i = 0; i < MAX_LINKS; i++) {
    const resolved = await realpath(current).catch(() => undefined);
    if (resolved) return resolved;
    const stats = await lstat(current).catch(() => undefined);
    if (!stats?.isSymbolicLink()) return current;
    // A dangling link: follow it by hand, so the write creates its target instead of replacing the link.
    current = path.resolve(path.dirname(current), await readlink(current));
  }
  throw new GatewayError('CONFIG_WRITE_FAILED', `${file}: too many levels of symbolic links; point it at a file directly.`);
}

// write-file-atomic: a temp file beside the target, opened with its final mode before any content, fsynced, then
// renamed over the target (an existing file keeps exactly the mode it had; the caller passes it).
export async function writeAtomic(target: string, text: string, mode: number): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, text, { mode });
}

function assertRegular(file: string, stats: Stats): void {
  if (stats.isDirectory()) {
    throw new GatewayError(
      'CONFIG_NOT_FOUND',
      `${file} is a directory; the config is a file: pass its path (for example ${path.join(file, 'gateway.json')})`,
    );
  }
  if (!stats.isFile()) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file} is ${kindOf(stats)}, not a regular file; gw reads its config only from a regular file. Pass the path of a gateway.json (--config PATH or $GW_CONFIG).`,
    );
  }
  if (stats.size > MAX_CONFIG_BYTES) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file} is ${mib(stats.size)}; a gateway.json may be at most ${mib(MAX_CONFIG_BYTES)}. Check that --config points at the right file.`,
    );
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB (${bytes} bytes)`;
}

function unreadable(file: string, error: unknown): GatewayError {
  return new GatewayError('CONFIG_INVALID', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
    cause: error,
  });
}
