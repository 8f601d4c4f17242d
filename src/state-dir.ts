// Writing under the state directory: the directory and its subdirectories 0700, every file 0600, written atomically.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

// Directories already narrowed by this process (chmod once, not on every status write).
const narrowed = new Set<string>();

// Creates <stateDir>/<sub> (0700) and narrows stateDir and sub to 0700 when an earlier version left them wider.
// Returns the directory.
export function ensureStateDir(stateDir: string, sub?: string): string {
  const dir = sub === undefined ? stateDir : path.join(stateDir, sub);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  for (const d of sub === undefined ? [stateDir] : [stateDir, dir]) {
    if (narrowed.has(d)) continue;
    narrowed.add(d);
    try {
      chmodSync(d, PRIVATE_DIR_MODE);
    } catch {
      // Not ours to change (a shared directory named by GW_STATE_DIR): the files inside are still 0600.
    }
  }
  return dir;
}

// Writes a file 0600 through a temp file and a rename, so no reader sees half of it and no one else can read it.
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  try {
    writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
