// Unit tests for the OAuth token store: private file modes, one record per server + resource, masking of what it holds.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { configureTokenStore, deleteServerRecords, findRecord, readRecords, tokenStorePath, updateRecord } from '../../src/auth/store.js';
import { maskSecrets } from '../../src/secrets.js';

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state');
}

describe('token store', () => {
  it('keeps one record per server + resource in a 0600 file in a 0700 directory, and masks every token it holds', async () => {
    const dir = stateDir();
    // The file itself (the keychain path is test/auth/token-secrets.test.ts and test/e2e/oauth-keychain.test.ts).
    configureTokenStore(dir, 'file');
    const tokens = { access_token: 'access-token-value-123', refresh_token: 'refresh-token-value-456', token_type: 'Bearer' };
    await updateRecord(dir, 'a', 'https://a.example/mcp', () => ({ server: 'a', resource: 'https://a.example/mcp', tokens, updatedAt: 1 }));
    await updateRecord(dir, 'a', 'https://other.example/mcp', () => ({ server: 'a', resource: 'https://other.example/mcp', updatedAt: 2 }));
    await updateRecord(dir, 'b', 'https://b.example/mcp', () => ({ server: 'b', resource: 'https://b.example/mcp', updatedAt: 3 }));
    expect(statSync(tokenStorePath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readRecords(dir).map((r) => `${r.server} ${r.resource}`)).toEqual(['a https://a.example/mcp', 'a https://other.example/mcp', 'b https://b.example/mcp']);
    // A token is found only for the URL it was stored for.
    expect(findRecord(dir, 'a', 'https://a.example/mcp')?.tokens?.access_token).toBe(tokens.access_token);
    expect(findRecord(dir, 'a', 'https://b.example/mcp')).toBeUndefined();
    expect(maskSecrets(`sent ${tokens.access_token} and ${tokens.refresh_token}`)).toBe('sent *** and ***');

    expect((await deleteServerRecords(dir, 'a')).records.length).toBe(2);
    expect(readRecords(dir).map((r) => r.server)).toEqual(['b']);
  });
});
