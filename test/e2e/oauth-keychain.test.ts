// OAuth tokens in the OS keychain: a real Secret Service (gnome-keyring on a private D-Bus bus) holds the tokens that
// `gw auth login` got, a serving gateway reads and refreshes them there, logout deletes them, no file holds a token;
// without a reachable keychain the 0600 file is used and its tokens move to the keychain once one is there.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { configureTokenStore, findRecord, tokenStorePath, updateRecord } from '../../src/auth/store.js';
import { writePrivateFile } from '../../src/state-dir.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { tempDir, writeConfig } from '../helpers/gw.js';
import { secretServiceMissing, startSecretService, type SecretService } from '../helpers/keychain.js';
import { startOAuth } from '../helpers/oauth.js';

const missing = secretServiceMissing();
if (missing) console.warn(`oauth-keychain tests skipped: ${missing}`);

// A bus address where no bus listens: "no keychain reachable", the same on every machine.
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gw-no-bus' };

// The text of every file under dir.
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? filesUnder(file) : [readFileSync(file, 'utf8')];
  });
}

function storedFile(stateDir: string): { records: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(path.join(stateDir, 'oauth-tokens.json'), 'utf8')) as { records: Array<Record<string, unknown>> };
}

// Each test starts its own bus and keyring; every daemon is gone once its test has finished.
const started: SecretService[] = [];
async function keychain(): Promise<SecretService> {
  const s = await startSecretService();
  started.push(s);
  return s;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(missing !== undefined)('OAuth tokens in the OS keychain (gnome-keyring over D-Bus)', { timeout: 180_000 }, () => {
  afterAll(() => {
    const pids = started.flatMap((s) => s.pids);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('login stores the tokens in the keychain, a gateway reads and refreshes them there, logout deletes them; no file holds a token', async () => {
    const keyring = await keychain();
    const o = await startOAuth();
    const gw = await startGateway(undefined, { configPath: o.configPath, env: keyring.env });
    onTestFailed(() => console.log('STDERR', gw.stderr()));

    const login = await o.auth(['login', 'linear'], keyring.env);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('tokens kept in the OS keychain');
    const [first] = o.as.issued;
    const entries = await keyring.entries();
    expect([...entries.keys()]).toEqual([expect.stringMatching(new RegExp(`^linear ${o.mcp.url} ${o.as.issuer}/? state:[0-9a-f]{12}$`))]);
    const [account, secret] = [...entries][0] ?? [];
    expect(secret).toContain(first);
    // The file keeps what is not secret and names the entry.
    const record = storedFile(o.stateDir).records[0];
    expect(record).toMatchObject({ server: 'linear', registration: 'dynamic', keychain: { account } });
    expect(record?.tokens).toBeUndefined();

    // The running gateway picks the login up, reading the token from the keychain.
    await toolNames(gw.client, ['linear_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: { greeting: 'hi' } }))).toMatch(/^hi dcr-/);

    // Expiry: one refresh, and the keychain entry holds the new tokens (the old access token is gone from it).
    o.as.expireAll();
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toMatch(/^hello dcr-/);
    expect(o.as.counts.token.get('refresh_token')).toBe(1);
    const refreshed = (await keyring.entries()).get(account ?? '');
    expect(refreshed).toContain(o.as.issued.at(-1));
    expect(refreshed).not.toContain(first);

    const status = await o.auth(['status', '--json'], keyring.env);
    expect(JSON.parse(status.stdout)).toEqual({ servers: [expect.objectContaining({ server: 'linear', state: 'logged-in', tokenStore: 'keychain', refreshable: true })] });

    // No token in any file the run wrote (config, state directory), nor in any output.
    const everything = [gw.stderr(), login.stdout, login.stderr, status.stdout, status.stderr, ...filesUnder(o.dir)].join('\n');
    expect(o.as.issued.length).toBeGreaterThanOrEqual(2);
    for (const token of [...o.as.issued, ...o.as.refresh.keys()]) expect(everything).not.toContain(token);

    const out = await o.auth(['logout', 'linear'], keyring.env);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('logged out of linear');
    expect((await keyring.entries()).size).toBe(0);
    expect(storedFile(o.stateDir).records).toEqual([]);
  });

  it('with no keychain reachable the 0600 file is used (one line says so); the token moves to the keychain at the next refresh', async () => {
    const keyring = await keychain();
    const o = await startOAuth();
    const login = await o.auth(['login', 'linear'], { ...NO_BUS, GW_LOG_LEVEL: 'info' });
    expect(login.code).toBe(0);
    const file = path.join(o.stateDir, 'oauth-tokens.json');
    expect(login.stderr).toContain(`no OS keychain can be used (`);
    expect(login.stderr).toContain(`OAuth tokens are kept in ${file} (mode 0600)`);
    expect(login.stderr.match(/no OS keychain/g)).toHaveLength(1);
    expect(login.stdout).toContain('tokens kept in the state directory (0600 file)');
    expect(readFileSync(file, 'utf8')).toContain(o.as.issued[0]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await keyring.entries()).size).toBe(0);

    // A gateway that can reach the keychain reads the file's token, and its next refresh moves it there.
    const gw = await startGateway(undefined, { configPath: o.configPath, env: keyring.env });
    onTestFailed(() => console.log('STDERR', gw.stderr()));
    await waitFor(() => /\[linear\] ready in/.test(gw.stderr()));
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toMatch(/^hello dcr-/);
    o.as.expireAll();
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toMatch(/^hello dcr-/);
    expect([...(await keyring.entries()).values()].join('\n')).toContain(o.as.issued.at(-1));
    for (const token of o.as.issued) expect(readFileSync(file, 'utf8')).not.toContain(token);
    const status = await o.auth(['status', '--json'], keyring.env);
    expect(JSON.parse(status.stdout).servers[0]).toMatchObject({ tokenStore: 'keychain' });

    // Logout from a process that cannot reach the keychain deletes the file's record and says what it left behind.
    const out = await o.auth(['logout', 'linear'], NO_BUS);
    expect(out.stderr).toContain('the OS keychain cannot be reached');
    expect(storedFile(o.stateDir).records).toEqual([]);
  });

  it('settings.auth.tokenStore: "file" keeps tokens in the file with a keychain there; "keychain" with none refuses to store', async () => {
    const keyring = await keychain();
    const o = await startOAuth();
    writeConfig({ mcpServers: { linear: { url: o.mcp.url, oauth: true } }, settings: { auth: { tokenStore: 'file' } } }, o.dir);
    expect((await o.auth(['login', 'linear'], keyring.env)).code).toBe(0);
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).toContain(o.as.issued[0]);
    expect((await keyring.entries()).size).toBe(0);
    expect((await o.auth(['logout', 'linear'], keyring.env)).code).toBe(0);

    writeConfig({ mcpServers: { linear: { url: o.mcp.url, oauth: true } }, settings: { auth: { tokenStore: 'keychain' } } }, o.dir);
    const refused = await o.auth(['login', 'linear'], NO_BUS);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`server 'linear': settings.auth.tokenStore is "keychain" but the OS keychain cannot be used (`);
    expect(refused.stderr).toContain('nothing was stored');
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).not.toContain(o.as.issued.at(-1));
  });

  it('two gateways whose keychain token expires at the same moment refresh it once (the state directory lock holds)', async () => {
    const keyring = await keychain();
    const o = await startOAuth();
    expect((await o.auth(['login', 'linear'], keyring.env)).code).toBe(0);
    const a = await startGateway(undefined, { configPath: o.configPath, env: keyring.env });
    const b = await startGateway(undefined, { configPath: o.configPath, env: keyring.env });
    onTestFailed(() => console.log('STDERR A', a.stderr(), 'STDERR B', b.stderr()));
    for (const gw of [a, b]) await waitFor(() => /\[linear\] ready in/.test(gw.stderr()));
    const file = path.join(o.stateDir, 'oauth-tokens.json');
    const doc = storedFile(o.stateDir);
    for (const r of doc.records) r.expiresAt = Date.now();
    writePrivateFile(file, JSON.stringify(doc));
    o.as.expireAll();
    const both = await Promise.all([a, b].map((gw) => gw.client.callTool({ name: 'linear_whoami', arguments: {} })));
    expect(both.map(textOf)).toEqual([expect.stringMatching(/^hello dcr-/), expect.stringMatching(/^hello dcr-/)]);
    expect(o.as.counts.token.get('refresh_token')).toBe(1);
    expect([...(await keyring.entries()).values()].join('\n')).toContain(o.as.issued.at(-1));
  });

  it('keeps a registered client\'s secret in the keychain with the tokens, and reads both back (store in this process)', async () => {
    const keyring = await keychain();
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
    try {
      const dir = path.join(tempDir('gw-keychain-store-'), 'state');
      configureTokenStore(dir, 'keychain');
      const url = 'https://a.example/mcp';
      const client = { client_id: 'dcr-1', client_secret: 'client-secret-in-keychain', redirect_uris: ['http://127.0.0.1:1/callback'] };
      const tokens = { access_token: 'access-in-keychain', refresh_token: 'refresh-in-keychain', token_type: 'Bearer' };
      await updateRecord(dir, 'a', url, () => ({ server: 'a', resource: url, issuer: 'https://as.example', client, tokens, updatedAt: 1 }));
      const text = readFileSync(tokenStorePath(dir), 'utf8');
      for (const secret of ['client-secret-in-keychain', 'access-in-keychain', 'refresh-in-keychain']) expect(text).not.toContain(secret);
      expect(JSON.parse(text).records[0].client).toEqual({ client_id: 'dcr-1', redirect_uris: client.redirect_uris });
      expect(findRecord(dir, 'a', url)).toMatchObject({ client, tokens, store: 'keychain' });
      const entry = [...(await keyring.entries()).values()][0];
      expect(JSON.parse(entry ?? '{}')).toMatchObject({ tokens, clientSecret: 'client-secret-in-keychain' });
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });
});
