// HTTP-mode bearer tokens on disk and in memory: where each kind lives (client, admin, group; 0600 files in a 0700 directory), generating them, and constant-time checks that follow the file.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TokenSource = '--token' | '--token-file' | '$GW_TOKEN' | 'token file';

export interface TokenCheck {
  readonly source: TokenSource;
  // The file the token lives in (re-read when it changes, so `gw token --rotate` applies at once).
  readonly file?: string;
  // `presented` is the SHA-256 digest of the token a request carries (see digest()).
  matches(presented: Buffer): boolean;
}

export function tokenFile(stateDir: string): string {
  return path.join(stateDir, 'token');
}

export function adminTokenFile(stateDir: string): string {
  return path.join(stateDir, 'admin-token');
}

export function groupTokenDir(stateDir: string): string {
  return path.join(stateDir, 'group-tokens');
}

// Group names are checked by the config schema ([A-Za-z0-9_-]), so one is always a plain file name.
export function groupTokenFile(stateDir: string, group: string): string {
  return path.join(groupTokenDir(stateDir), group);
}

// The token stored in `file`, generated (0600, in a 0700 directory) when there is none yet or when rotating.
export function readOrCreateToken(file: string, { rotate = false } = {}): { token: string; file: string; created: boolean } {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!rotate) {
    const existing = readToken(file);
    if (existing) return { token: existing, file, created: false };
  }
  const token = randomBytes(32).toString('base64url');
  // Written to a temp file created 0600, then renamed over: the token is never readable by others, even briefly.
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, token + '\n', { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
  return { token, file, created: true };
}

// A token given as a value (--token, $GW_TOKEN).
export function fixedToken(token: string, source: TokenSource): TokenCheck {
  const expected = digest(token);
  return { source, matches: (presented) => timingSafeEqual(presented, expected) };
}

// A token kept in a file and re-read whenever the file changes; `accept` may refuse a new value (then nothing matches until it is fixed).
export function fileToken(file: string, source: TokenSource, accept: (token: string) => boolean = () => true): TokenCheck {
  const current = createFileDigest(file, accept);
  return {
    source,
    file,
    matches(presented) {
      const expected = current();
      return expected !== undefined && timingSafeEqual(presented, expected);
    },
  };
}

// The digest of the token in `file` now: re-read only when the file's mtime or inode changed.
export function createFileDigest(file: string, accept: (token: string) => boolean = () => true): () => Buffer | undefined {
  let stamp = '';
  let value: Buffer | undefined;
  return () => {
    const now = stampOf(file);
    if (now !== stamp) {
      stamp = now;
      const token = readToken(file);
      value = token !== undefined && accept(token) ? digest(token) : undefined;
    }
    return value;
  };
}

// The token in an `Authorization: Bearer <token>` header, or undefined.
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

// Hashing both sides gives equal-length buffers, so timingSafeEqual never leaks the length.
export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function readToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.ino}:${s.size}`;
  } catch {
    return 'missing';
  }
}
