// Unit tests for where the token store keeps secrets when no keychain can be reached (a bus address where nothing
// listens): auto falls back to the 0600 file and says so once, "keychain" refuses, a record whose secrets are in an
// unreachable keychain reads as unreadable, and a forced "file" or a bad setting behave as documented.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { configureTokenStore, deleteServerRecords, findRecord, tokenStorePath, updateRecord } from '../../src/auth/store.js';
import { parseConfigText } from '../../src/config/parse.js';
import { createLogger } from '../../src/log.js';
import { ensureStateDir, writePrivateFile } from '../../src/state-dir.js';

const URL_A = 'https://a.example/mcp';
const tokens = { access_token: 'keychain-unit-access-1', refresh_token: 'keychain-unit-refresh-1', token_type: 'Bearer' };

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-secrets-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state');
}

function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', format: 'text', write: (l) => lines.push(l) }) };
}

// On Linux the keychain is the Secret Service on the session bus: pointing at a bus that is not there makes "no
// keychain" the same on every machine (elsewhere the OS keychain would be reachable).
describe.skipIf(process.platform !== 'linux')('token secrets with no keychain reachable', () => {
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeAll(() => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/gw-no-bus';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  });

  it('auto: keeps the tokens in the 0600 file and says so once, naming the file and no secret', async () => {
    const dir = stateDir();
    const { lines, log } = capture();
    configureTokenStore(dir, 'auto', log);
    await updateRecord(dir, 'a', URL_A, () => ({ server: 'a', resource: URL_A, tokens, updatedAt: 1 }));
    await updateRecord(dir, 'a', URL_A, (r) => r && { ...r, tokens: { ...tokens, access_token: 'keychain-unit-access-2' }, updatedAt: 2 });
    expect(readFileSync(tokenStorePath(dir), 'utf8')).toContain('keychain-unit-access-2');
    expect(findRecord(dir, 'a', URL_A)).toMatchObject({ store: 'file', tokens: { access_token: 'keychain-unit-access-2' } });
    const told = lines.filter((l) => l.includes('no OS keychain'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`OAuth tokens are kept in ${tokenStorePath(dir)} (mode 0600)`);
    expect(lines.join('')).not.toContain('keychain-unit-');
  });

  it('"keychain": refuses to store, naming the server and the setting; the file is left as it was', async () => {
    const dir = stateDir();
    configureTokenStore(dir, 'keychain');
    await expect(updateRecord(dir, 'a', URL_A, () => ({ server: 'a', resource: URL_A, tokens, updatedAt: 1 }))).rejects.toThrow(
      /^server 'a': settings\.auth\.tokenStore is "keychain" but the OS keychain cannot be used \(.+\); nothing was stored/,
    );
    expect(findRecord(dir, 'a', URL_A)).toBeUndefined();
    // A record without secrets (a public client) needs no keychain.
    await updateRecord(dir, 'a', URL_A, () => ({ server: 'a', resource: URL_A, registration: 'dynamic', updatedAt: 1 }));
    expect(findRecord(dir, 'a', URL_A)).toMatchObject({ registration: 'dynamic' });
  });

  it('a record whose secrets are in the keychain reads as unreadable, keeps its entry on a write without tokens, and logout reports the entry it could not delete', async () => {
    const dir = stateDir();
    configureTokenStore(dir, 'auto');
    const account = `a ${URL_A} https://as.example state:0123456789ab`;
    ensureStateDir(dir);
    writePrivateFile(tokenStorePath(dir), JSON.stringify({ version: 1, records: [{ server: 'a', resource: URL_A, updatedAt: 1, keychain: { account, rev: 'r1' } }] }));
    const r = findRecord(dir, 'a', URL_A);
    expect(r).toMatchObject({ store: 'keychain', unreadable: expect.any(String) });
    expect(r?.tokens).toBeUndefined();
    await updateRecord(dir, 'a', URL_A, (x) => x && { ...x, stepUpScope: 'admin', updatedAt: 2 });
    expect(JSON.parse(readFileSync(tokenStorePath(dir), 'utf8')).records[0]).toMatchObject({ stepUpScope: 'admin', keychain: { account, rev: 'r1' } });
    const gone = await deleteServerRecords(dir, 'a');
    expect(gone.records).toHaveLength(1);
    expect(gone.problems).toEqual([expect.stringContaining(`the OS keychain cannot be reached`)]);
    expect(gone.problems[0]).toContain(account);
    expect(findRecord(dir, 'a', URL_A)).toBeUndefined();
  });

  it('"file" keeps secrets in the file; settings.auth.tokenStore takes only auto, keychain or file', async () => {
    const dir = stateDir();
    configureTokenStore(dir, 'file');
    await updateRecord(dir, 'a', URL_A, () => ({ server: 'a', resource: URL_A, tokens, updatedAt: 1 }));
    expect(findRecord(dir, 'a', URL_A)).toMatchObject({ store: 'file', tokens });
    const file = path.resolve('/tmp/gw-secrets/gateway.json');
    expect(parseConfigText(JSON.stringify({ settings: { auth: { tokenStore: 'file' } } }), { file }).settings.auth).toEqual({ tokenStore: 'file' });
    expect(() => parseConfigText(JSON.stringify({ settings: { auth: { tokenStore: 'vault' } } }), { file })).toThrow(/settings\.auth\.tokenStore/);
  });
});
