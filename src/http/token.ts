// The bearer token for HTTP mode: from --token, $GW_TOKEN, or generated once into <stateDir>/token (0600); compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TokenSource = '--token' | '$GW_TOKEN' | 'token file';

export interface TokenCheck {
  readonly source: TokenSource;
  // The file a generated token lives in (re-read when it changes, so `gw token --rotate` applies at once).
  readonly file?: string;
  matches(presented: string): boolean;
}

export function tokenFile(stateDir: string): string {
  return path.join(stateDir, 'token');
}

// The stored token, generated (0600, in a 0700 directory) when there is none yet or when rotating.
export function readOrCreateToken(stateDir: string, { rotate = false } = {}): { token: string; file: string; created: boolean } {
  const file = tokenFile(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
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

// The check a running gateway applies to every request.
export function createTokenCheck(options: { flag?: string; env?: string; stateDir: string }): TokenCheck & { created: boolean } {
  if (options.flag) return { ...fixed(options.flag), source: '--token', created: false };
  if (options.env) return { ...fixed(options.env), source: '$GW_TOKEN', created: false };
  const { token, file, created } = readOrCreateToken(options.stateDir);
  let current = digest(token);
  let mtime = mtimeOf(file);
  return {
    source: 'token file',
    file,
    created,
    matches(presented) {
      const now = mtimeOf(file);
      if (now !== mtime) {
        mtime = now;
        const next = readToken(file);
        if (next) current = digest(next);
      }
      return timingSafeEqual(digest(presented), current);
    },
  };
}

// The token in an `Authorization: Bearer <token>` header, or undefined.
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function fixed(token: string): { matches(presented: string): boolean } {
  const expected = digest(token);
  // Hashing both sides gives equal-length buffers, so timingSafeEqual never leaks the length.
  return { matches: (presented) => timingSafeEqual(digest(presented), expected) };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function readToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
