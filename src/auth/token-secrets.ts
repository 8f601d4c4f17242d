// Where a token record's secrets (tokens, a registered client's secret) are kept: in the OS keychain when one can be
// reached (the file then holds only a reference), else inline in the 0600 file; per state directory, set by
// settings.auth.tokenStore. Moving a record's secrets, and reading them back from either place, happens here.
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../secrets.js';
import { KEYCHAIN_SERVICE, probeKeychain } from './keychain.js';
import type { AuthRecord } from './store.js';

export type TokenStoreMode = 'auto' | 'keychain' | 'file';
export type TokenLocation = 'keychain' | 'file';

// A record as the file holds it: with its secrets inline, or a reference to its keychain entry.
export type StoredRecord = Omit<AuthRecord, 'store' | 'unreadable'> & { keychain?: { account: string; rev: string } };

interface Secrets {
  tokens?: OAuthTokens;
  clientSecret?: string;
}

interface StoreSettings {
  mode: TokenStoreMode;
  log?: Logger;
  // The fallback to the file is said once per process.
  toldFallback?: boolean;
}

const settingsByDir = new Map<string, StoreSettings>();
// Secrets read from the keychain by entry, with the revision the file names: a reader asks the keychain only after a
// write (the file is read on every lookup; the keychain entry only when the file names another revision).
const cache = new Map<string, { rev: string; secrets: Secrets }>();

export function configureTokenStore(stateDir: string, mode: TokenStoreMode = 'auto', log?: Logger): void {
  settingsByDir.set(stateDir, { mode, ...(log && { log }) });
}

// The record to write: its secrets put in the keychain (mode auto or keychain) or left inline. `before` is what the
// file holds now; a record that could not read its keychain entry and brings no new tokens keeps that entry.
export function toStored(stateDir: string, record: AuthRecord, before: StoredRecord | undefined, file: string): StoredRecord {
  const { store: _s, unreadable, ...plain } = record;
  const secrets = secretsOf(plain);
  if (!secrets) return unreadable !== undefined && before?.keychain ? { ...plain, keychain: before.keychain } : plain;
  const settings = settingsByDir.get(stateDir) ?? { mode: 'auto' };
  if (settings.mode === 'file') return plain;
  const probe = probeKeychain();
  let reason = probe.ok ? '' : probe.reason;
  if (probe.ok) {
    const account = accountFor(stateDir, plain);
    const rev = randomBytes(8).toString('hex');
    try {
      probe.keychain.set(account, JSON.stringify({ rev, ...secrets }));
      cache.set(account, { rev, secrets });
      settings.log?.debug(`OAuth tokens of '${record.server}' stored in the OS keychain`);
      return { ...withoutSecrets(plain), keychain: { account, rev } };
    } catch (error) {
      reason = messageOf(error);
    }
  }
  if (settings.mode === 'keychain') {
    throw new GatewayError('UPSTREAM_AUTH', `server '${record.server}': settings.auth.tokenStore is "keychain" but the OS keychain cannot be used (${reason}); nothing was stored: start or unlock it (see docs/auth.md) or set tokenStore to "auto"`);
  }
  if (!settings.toldFallback) {
    settings.toldFallback = true;
    settings.log?.info(`no OS keychain can be used (${reason}); OAuth tokens are kept in ${file} (mode 0600)`);
  }
  return plain;
}

// The record with its secrets, read from the keychain when the file refers to it (or why they cannot be read).
export function fromStored(stored: StoredRecord): AuthRecord {
  const { keychain: ref, ...record } = stored;
  if (!ref) return { ...record, ...(secretsOf(record) && { store: 'file' as const }) };
  const kept = cache.get(ref.account);
  if (kept?.rev === ref.rev) return withSecrets(record, kept.secrets);
  const probe = probeKeychain();
  if (!probe.ok) return { ...record, store: 'keychain', unreadable: probe.reason };
  try {
    const text = probe.keychain.get(ref.account);
    if (text === undefined) return { ...record, store: 'keychain', unreadable: 'its keychain entry is gone' };
    const { rev, ...secrets } = JSON.parse(text) as Secrets & { rev: string };
    for (const value of [secrets.tokens?.access_token, secrets.tokens?.refresh_token, secrets.tokens?.id_token, secrets.clientSecret]) {
      if (typeof value === 'string') registerSecret(value);
    }
    cache.set(ref.account, { rev, secrets });
    return withSecrets(record, secrets);
  } catch (error) {
    return { ...record, store: 'keychain', unreadable: messageOf(error) };
  }
}

// Deletes keychain entries (best effort when none can be reached); says what could not be deleted.
export function dropKeychainEntries(accounts: string[]): string[] {
  if (accounts.length === 0) return [];
  const probe = probeKeychain();
  if (!probe.ok) return [`the OS keychain cannot be reached (${probe.reason}): delete its "${accounts.join('", "')}" entries of service ${KEYCHAIN_SERVICE} by hand`];
  const problems: string[] = [];
  for (const account of accounts) {
    cache.delete(account);
    try {
      probe.keychain.delete(account);
    } catch (error) {
      problems.push(`could not delete the keychain entry "${account}" (${messageOf(error)})`);
    }
  }
  return problems;
}

// Keychain entries this state directory made for a server that the file no longer names (a run that died between
// writing the keychain and the file, a deleted state directory): found so a logout removes them too.
export function strayAccounts(stateDir: string, server: string): string[] {
  const probe = probeKeychain();
  if (!probe.ok) return [];
  try {
    return probe.keychain.accounts().filter((a) => a.startsWith(`${server} `) && a.endsWith(` ${dirTag(stateDir)}`));
  } catch {
    return [];
  }
}

// One entry per server + resource + authorization server, and per state directory (two configs never share one).
function accountFor(stateDir: string, r: Omit<AuthRecord, 'store' | 'unreadable'>): string {
  return `${r.server} ${r.resource} ${r.issuer ?? r.discovery?.authorizationServerUrl ?? '-'} ${dirTag(stateDir)}`;
}

function dirTag(stateDir: string): string {
  return `state:${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`;
}

function secretsOf(r: Pick<AuthRecord, 'tokens' | 'client'>): Secrets | undefined {
  const clientSecret = r.client?.client_secret;
  if (!r.tokens && clientSecret === undefined) return undefined;
  return { ...(r.tokens && { tokens: r.tokens }), ...(clientSecret !== undefined && { clientSecret }) };
}

function withoutSecrets<T extends Pick<AuthRecord, 'tokens' | 'client'>>(r: T): T {
  const { tokens: _t, ...rest } = r;
  if (!rest.client) return rest as T;
  const { client_secret: _c, ...client } = rest.client;
  return { ...rest, client } as T;
}

function withSecrets(r: Omit<AuthRecord, 'store'>, s: Secrets): AuthRecord {
  return {
    ...r,
    ...(s.tokens && { tokens: s.tokens }),
    ...(r.client && s.clientSecret !== undefined && { client: { ...r.client, client_secret: s.clientSecret } }),
    store: 'keychain',
  };
}
