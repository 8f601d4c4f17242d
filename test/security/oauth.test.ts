// Upstream OAuth faults: a bad authorization server or a forged redirect gets a clear message naming the server,
// nothing is stored, and serving goes on; a token for another audience is refused by the server.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { fixtureEntry, GW_BIN, runGw } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { FAKE_BROWSER, startOAuth, type OAuthSetup } from '../helpers/oauth.js';

function storedTokens(o: OAuthSetup): boolean {
  const file = path.join(o.stateDir, 'oauth-tokens.json');
  return existsSync(file) && readFileSync(file, 'utf8').includes('access_token');
}

describe('upstream OAuth faults', () => {
  it.each([
    ['names another issuer', { wrongIssuer: true }, /'linear'.*issuer "https:\/\/evil\.example"/],
    ['serves malformed metadata', { malformed: true }, /'linear'.*login failed/],
    ['points to a plain-http token endpoint elsewhere', { insecureEndpoint: true }, /'linear'.*"http:\/\/token\.example\.com\/token".*only https/],
    ['redirects back with a foreign state', { foreignState: true }, /'linear'.*foreign state/],
  ])('login where the authorization server %s fails clearly and stores no token', async (_what, fault, message) => {
    const o = await startOAuth({ oauth: true }, fault);
    const login = await o.auth(['login', 'linear']);
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(message);
    expect(login.stderr).toContain('nothing was stored');
    expect(storedTokens(o)).toBe(false);
  });

  it('$BROWSER is split into arguments and run without a shell; --no-browser prints the URL instead', async () => {
    const o = await startOAuth();
    const marker = path.join(o.dir, 'shell-ran');
    const login = await o.auth(['login', 'linear'], { BROWSER: `${FAKE_BROWSER} ;touch${'${IFS}'}${marker} $(touch ${marker})` });
    expect(login.code, login.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);

    // --no-browser: the URL is printed; whoever opens it (here: the test, as a browser would) completes the login.
    await o.auth(['logout', 'linear']);
    const child = execa(process.execPath, [GW_BIN, 'auth', 'login', 'linear', '--no-browser', '--config', o.configPath], { reject: false, timeout: 30_000, env: { BROWSER: '/nonexistent/browser', GW_STATE_DIR: undefined } });
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const url = await waitFor(() => /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(printed)?.[1]);
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(url).searchParams.get('resource')).toBe(o.mcp.url);
    const redirect = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    await (await fetch(redirect)).text();
    const done = await child;
    expect(done.exitCode, done.stderr).toBe(0);
    expect(storedTokens(o)).toBe(true);
  });

  it('login while the authorization server is down names the server and stores nothing', async () => {
    const o = await startOAuth();
    await o.as.close();
    const login = await o.auth(['login', 'linear']);
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/gw: server 'linear'/);
    expect(storedTokens(o)).toBe(false);
  });

  it('a server that asks for a login (401 + resource_metadata, no "oauth" key) is needs-login; other upstreams keep serving', async () => {
    const o = await startOAuth({}, {}, { fx: fixtureEntry() });
    const gw = await startGateway(undefined, { configPath: o.configPath });
    await toolNames(gw.client, ['fx_echo']);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still here' } }))).toBe('still here');
    await waitFor(() => gw.stderr().includes("server 'linear': it asks for an OAuth login: run `gw auth login linear`"));
    const status = await gw.client.readResource({ uri: 'gateway://status' });
    const servers = JSON.parse((status.contents[0] as { text: string }).text).servers as Array<{ name: string; state: string }>;
    expect(servers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'linear', state: 'needs-login' }), expect.objectContaining({ name: 'fx', state: 'ready' })]));

    // gw doctor reports it with the command that fixes it.
    const doctor = await runGw(['doctor', '--config', o.configPath], { env: { GW_STATE_DIR: undefined } });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/PROBLEM\s+linear: .*\n\s+fix: run `gw auth login linear`/);

    // Logging in is enough: the running gateway connects with the new token.
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    await toolNames(gw.client, ['linear_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toMatch(/^hello dcr-/);
  });

  it('a token issued for another audience is refused by the server and never reaches a tool', async () => {
    const o = await startOAuth({ oauth: true }, { audience: 'http://127.0.0.1:1/elsewhere' });
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const gw = await startGateway(undefined, { configPath: o.configPath });
    await waitFor(() => /\[linear\] (failed|unavailable|server 'linear')/.test(gw.stderr()), 20_000);
    const call = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toContain("'linear'");
    expect(o.mcp.calls).toBe(0);
    expect(o.mcp.rejected).toBeGreaterThan(1);
  });
});
