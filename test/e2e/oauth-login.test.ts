// Upstream OAuth end to end: `gw auth login` through a real (fixture) authorization server and a browser stand-in,
// a serving gateway that picks the login up, refreshes, and falls back to needs-login when the login is revoked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { tempDir } from '../helpers/gw.js';
import { startOAuth } from '../helpers/oauth.js';

async function serverState(client: Client, name: string): Promise<{ state: string; lastError?: string } | undefined> {
  const status = await client.readResource({ uri: 'gateway://status' });
  const servers = JSON.parse((status.contents[0] as { text: string }).text).servers as Array<{ name: string; state: string; lastError?: string }>;
  return servers.find((s) => s.name === name);
}

// Every file under dir but the token store itself.
function writtenFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) out.push(...writtenFiles(file));
    else if (entry !== 'oauth-tokens.json') out.push(readFileSync(file, 'utf8'));
  }
  return out;
}

describe('upstream OAuth', () => {
  it('needs-login → login → call → expiry refresh → revocation → needs-login (cached tools kept) → login again; no token leaks', async () => {
    const o = await startOAuth();
    const gw = await startGateway(undefined, { configPath: o.configPath });
    onTestFailed(() => console.log('STDERR', gw.stderr()));
    await waitFor(async () => (await serverState(gw.client, 'linear'))?.state === 'needs-login');
    const before = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
    expect(before.isError).toBe(true);

    const login = await o.auth(['login', 'linear']);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('logged in to linear');
    expect(o.as.counts.registrations).toBe(1);
    expect(o.as.counts.authorizations).toBe(1);
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).toContain(o.as.issued[0]);
    expect(statSync(path.join(o.stateDir, 'oauth-tokens.json')).mode & 0o777).toBe(0o600);

    // The running gateway picks the login up without a restart.
    await toolNames(gw.client, ['linear_whoami']);
    const first = await gw.client.callTool({ name: 'linear_whoami', arguments: { greeting: 'hi' } });
    expect(textOf(first)).toMatch(/^hi dcr-/);

    // The access token expires at the authorization server: one 401, one refresh, the call goes through.
    o.as.expireAll();
    const afterExpiry = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
    expect(textOf(afterExpiry)).toMatch(/^hello dcr-/);
    expect(o.as.counts.token.get('refresh_token')).toBe(1);

    // Revoked everywhere: the refresh is refused, the server is needs-login, its tools stay listed, calls say what to do.
    o.as.revokeAll();
    const revoked = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
    expect(revoked.isError).toBe(true);
    expect(textOf(revoked)).toContain('gw auth login linear');
    await waitFor(async () => (await serverState(gw.client, 'linear'))?.state === 'needs-login');
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('linear_whoami');

    const again = await o.auth(['login', 'linear']);
    expect(again.code).toBe(0);
    const back = await waitFor(async () => {
      const r = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
      return r.isError ? undefined : r;
    });
    expect(textOf(back)).toMatch(/^hello dcr-/);
    // The registration was kept: a second login does not register again.
    expect(o.as.counts.registrations).toBe(1);
    expect(o.as.counts.authorizations).toBe(2);

    const status = await o.auth(['status', '--json']);
    const shown = JSON.parse(status.stdout) as { servers: Array<Record<string, unknown>> };
    expect(shown.servers).toEqual([expect.objectContaining({ server: 'linear', state: 'logged-in', authorizationServer: o.as.issuer, registration: 'dynamic', scopes: 'tools:read' })]);

    const everything = [gw.stderr(), login.stdout, login.stderr, again.stdout, again.stderr, status.stdout, readFileSync(o.configPath, 'utf8'), ...writtenFiles(o.stateDir)].join('\n');
    expect(o.as.issued.length).toBeGreaterThanOrEqual(4);
    for (const token of o.as.issued) expect(everything).not.toContain(token);

    // Logout revokes at the authorization server (RFC 7009) and deletes what was stored.
    const out = await o.auth(['logout', 'linear']);
    expect(out.code).toBe(0);
    expect(o.as.counts.revocations).toBeGreaterThanOrEqual(1);
    expect(o.as.refresh.size).toBe(0);
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).not.toContain('"linear"');
  });

  it('refuses a replayed redirect on the loopback callback: one code exchanged, the replay told it changed nothing', async () => {
    // The token endpoint answers the code only once the browser has both answers: the login (and its callback) is
    // still open while the replay arrives, and the browser (detached, as a real one) has written them before gw exits.
    const replay = path.join(tempDir('gw-replay-'), 'replay.txt');
    const o = await startOAuth({ oauth: true }, { beforeCodeExchange: () => waitFor(() => existsSync(replay) && readFileSync(replay, 'utf8').trim().split('\n').length >= 2) });
    const login = await o.auth(['login', 'linear'], { FAKE_BROWSER_REPLAY: replay });
    expect(login.code).toBe(0);
    const [first, second] = readFileSync(replay, 'utf8').trim().split('\n');
    expect(first).toMatch(/^200 Login for linear received/);
    expect(second).toMatch(/^400 This login callback for linear was already used; a second redirect is refused and changes nothing/);
    expect(o.as.counts.token.get('authorization_code')).toBe(1);
  });
});
