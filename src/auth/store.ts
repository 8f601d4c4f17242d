// The OAuth token store: one 0600 file in the 0700 state directory, one record per server + resource (with the
// authorization server that issued it), read and written under a cross-process lock; every secret in it is masked.
// The secrets themselves go to the OS keychain when one can be used (token-secrets.ts); the file then keeps the rest.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import lockfile from 'proper-lockfile';
import { GatewayError, messageOf } from '../errors.js';
import { registerSecret } from '../secrets.js';
import { ensureStateDir, writePrivateFile } from '../state-dir.js';
import { dropKeychainEntries, fromStored, strayAccounts, toStored, type StoredRecord, type TokenLocation } from './token-secrets.js';

export { configureTokenStore, type TokenLocation, type TokenStoreMode } from './token-secrets.js';

export const TOKEN_STORE_FILE = 'oauth-tokens.json';

export type Registration = 'pre-registered' | 'metadata-document' | 'dynamic';

export interface AuthRecord {
  server: string;
  // The MCP server's URL the tokens are for (their audience); a record is never used for another URL.
  resource: string;
  issuer?: string;
  registration?: Registration;
  // Only what the store must keep: a dynamically registered client (a pre-registered one stays in gateway.json).
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  // Epoch ms when the access token expires (from expires_in at the time it was issued).
  expiresAt?: number;
  discovery?: OAuthDiscoveryState;
  // A wider scope the server asked for (403 insufficient_scope): the next login asks for it.
  stepUpScope?: string;
  updatedAt: number;
  // Where its secrets live (set when read; none when it holds no secret).
  store?: TokenLocation;
  // Its secrets are in the keychain but cannot be read now: why.
  unreadable?: string;
}

export function tokenStorePath(stateDir: string): string {
  return path.join(stateDir, TOKEN_STORE_FILE);
}

// When the store last changed (0 when there is none): a running gateway watches this to pick up a new login.
export function storeChangedAt(stateDir: string): number {
  try {
    return statSync(tokenStorePath(stateDir)).mtimeMs;
  } catch {
    return 0;
  }
}

export function readRecords(stateDir: string): AuthRecord[] {
  return readStored(stateDir).map(fromStored);
}

export function findRecord(stateDir: string, server: string, resource: string): AuthRecord | undefined {
  const stored = readStored(stateDir).find((r) => r.server === server && r.resource === resource);
  return stored && fromStored(stored);
}

// Runs fn while holding the store's cross-process lock (a refresh holds it across its token request, so two
// processes that need one at the same moment do it once).
export async function withStoreLock<T>(stateDir: string, fn: () => Promise<T>): Promise<T> {
  ensureStateDir(stateDir);
  const release = await lockfile.lock(tokenStorePath(stateDir), {
    realpath: false,
    stale: 15_000,
    retries: { retries: 200, minTimeout: 20, maxTimeout: 250 },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

// Replaces (or with `undefined`, deletes) one record; call inside withStoreLock. The keychain entry is written before
// the file that names it, and an entry the file no longer names is deleted after.
export function putRecordLocked(stateDir: string, server: string, resource: string, next: AuthRecord | undefined): string[] {
  const all = readStored(stateDir);
  const matches = (r: StoredRecord) => r.server === server && r.resource === resource;
  const before = all.find(matches);
  if (next) registerRecordSecrets(next);
  const stored = next ? toStored(stateDir, next, before, tokenStorePath(stateDir)) : undefined;
  const records = [...all.filter((r) => !matches(r)), ...(stored ? [stored] : [])];
  ensureStateDir(stateDir);
  writePrivateFile(tokenStorePath(stateDir), `${JSON.stringify({ version: 1, records }, null, 2)}\n`);
  const old = before?.keychain?.account;
  return old !== undefined && old !== stored?.keychain?.account ? dropKeychainEntries([old]) : [];
}

// Reads, changes and writes one record under the lock.
export async function updateRecord(
  stateDir: string,
  server: string,
  resource: string,
  change: (current: AuthRecord | undefined) => AuthRecord | undefined,
): Promise<void> {
  await withStoreLock(stateDir, async () => {
    putRecordLocked(stateDir, server, resource, change(findRecord(stateDir, server, resource)));
  });
}

// Drops every record of a server (all resources and authorization servers) from the file and the keychain; says what
// there was, and what could not be deleted.
export async function deleteServerRecords(stateDir: string, server: string): Promise<{ records: AuthRecord[]; problems: string[] }> {
  return withStoreLock(stateDir, async () => {
    const gone = readRecords(stateDir).filter((r) => r.server === server);
    const problems = gone.flatMap((r) => putRecordLocked(stateDir, r.server, r.resource, undefined));
    problems.push(...dropKeychainEntries(strayAccounts(stateDir, server)));
    return { records: gone, problems };
  });
}

// The records as the file holds them (secrets inline, or a reference to the keychain).
function readStored(stateDir: string): StoredRecord[] {
  const file = tokenStorePath(stateDir);
  if (!existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GatewayError('UPSTREAM_AUTH', `${file} is not valid JSON (${messageOf(error)}): delete it and run \`gw auth login\` again`);
  }
  const records = Array.isArray((doc as { records?: unknown }).records) ? (doc as { records: StoredRecord[] }).records : [];
  for (const r of records) registerRecordSecrets(r);
  return records;
}

function registerRecordSecrets(r: Pick<AuthRecord, 'tokens' | 'client'>): void {
  for (const value of [r.tokens?.access_token, r.tokens?.refresh_token, r.tokens?.id_token, r.client?.client_secret]) {
    if (typeof value === 'string') registerSecret(value);
  }
}
