// Upstream OAuth client identities and grants: a pre-registered client (secret from ${VAR}), a Client ID Metadata
// Document, client_credentials without any login, and one refresh for two gateways that need it at the same moment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { startOAuth } from '../helpers/oauth.js';
import { writePrivateFile } from '../../src/state-dir.js';

const SECRET = 'pre-registered-secret-4242';

async function status(o: Awaited<ReturnType<typeof startOAuth>>, env: Record<string, string> = {}) {
  const r = await o.auth(['status', 'linear', '--json'], env);
  return (JSON.parse(r.stdout) as { servers: Array<Record<string, unknown>> }).servers[0];
}

describe('upstream OAuth clients and grants', () => {
  it('uses a pre-registered client (secret from ${VAR}) without registering, and never shows the secret', async () => {
    const o = await startOAuth({ oauth: { clientId: 'gw-pre', clientSecret: '${PRE_SECRET}' } }, { preRegistered: { clientId: 'gw-pre', clientSecret: SECRET } });
    const env = { PRE_SECRET: SECRET };
    const login = await o.auth(['login', 'linear'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(o.as.counts.registrations).toBe(0);
    expect(await status(o, env)).toEqual(expect.objectContaining({ state: 'logged-in', registration: 'pre-registered' }));
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).not.toContain(SECRET);

    const gw = await startGateway(undefined, { configPath: o.configPath, env });
    await toolNames(gw.client, ['linear_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toBe('hello gw-pre');
    expect(gw.stderr() + login.stderr + login.stdout).not.toContain(SECRET);
  });

  it('uses the configured Client ID Metadata Document URL as client_id where the authorization server supports it', async () => {
    const o = await startOAuth({ oauth: { clientMetadataUrl: 'https://client.example/fast-gateway.json' } });
    const login = await o.auth(['login', 'linear']);
    expect(login.code, login.stderr).toBe(0);
    expect(o.as.counts.registrations).toBe(0);
    expect(await status(o)).toEqual(expect.objectContaining({ registration: 'metadata-document' }));
    const gw = await startGateway(undefined, { configPath: o.configPath });
    await toolNames(gw.client, ['linear_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toBe('hello https://client.example/fast-gateway.json');
  });

  it('client_credentials: serves at once with no login, the token fetched by the gateway', async () => {
    const o = await startOAuth(
      { oauth: { grant: 'client_credentials', clientId: 'machine', clientSecret: '${M2M_SECRET}' } },
      { preRegistered: { clientId: 'machine', clientSecret: SECRET } },
    );
    const gw = await startGateway(undefined, { configPath: o.configPath, env: { M2M_SECRET: SECRET } });
    onTestFailed(() => console.log('STDERR', gw.stderr()));
    await toolNames(gw.client, ['linear_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toBe('hello machine');
    expect(o.as.counts.token.get('client_credentials')).toBe(1);
    expect(o.as.counts.authorizations).toBe(0);
    const stored = readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8');
    expect(stored).not.toContain(SECRET);
    for (const token of o.as.issued) expect(gw.stderr()).not.toContain(token);
  });

  it('403 insufficient_scope: the call says to log in again, and that login asks for the wider scope', async () => {
    const o = await startOAuth();
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const gw = await startGateway(undefined, { configPath: o.configPath });
    await toolNames(gw.client, ['linear_admin']);
    const denied = await gw.client.callTool({ name: 'linear_admin', arguments: {} });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain('needs the OAuth scope "tools:read tools:admin"');
    expect(textOf(denied)).toContain('gw auth login linear');
    // Other tools of the server keep working with the login it has.
    expect(textOf(await gw.client.callTool({ name: 'linear_whoami', arguments: {} }))).toMatch(/^hello dcr-/);

    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const allowed = await waitFor(async () => {
      const r = await gw.client.callTool({ name: 'linear_admin', arguments: {} });
      return r.isError ? undefined : r;
    });
    expect(textOf(allowed)).toBe('admin ok (tools:read tools:admin)');
  });

  it('two gateways whose token expires at the same moment refresh it once (a lock in the state directory)', async () => {
    const o = await startOAuth();
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const a = await startGateway(undefined, { configPath: o.configPath });
    const b = await startGateway(undefined, { configPath: o.configPath });
    onTestFailed(() => console.log('STDERR A', a.stderr(), 'STDERR B', b.stderr()));
    // Both connected (not only listing cached tools).
    for (const gw of [a, b]) await waitFor(() => /\[linear\] ready in/.test(gw.stderr()));
    // The stored token is about to expire (both gateways refresh before sending it).
    const file = path.join(o.stateDir, 'oauth-tokens.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { records: Array<{ expiresAt: number }> };
    for (const r of doc.records) r.expiresAt = Date.now();
    writePrivateFile(file, JSON.stringify(doc));
    o.as.expireAll();
    const [ra, rb] = await Promise.all([
      a.client.callTool({ name: 'linear_whoami', arguments: {} }),
      b.client.callTool({ name: 'linear_whoami', arguments: {} }),
    ]);
    expect([textOf(ra), textOf(rb)]).toEqual([expect.stringMatching(/^hello dcr-/), expect.stringMatching(/^hello dcr-/)]);
    expect(o.as.counts.token.get('refresh_token')).toBe(1);

    // The token is refused before its stored expiry (both get a 401): still one refresh between them.
    o.as.expireAll();
    const again = await Promise.all([a, b].map((gw) => gw.client.callTool({ name: 'linear_whoami', arguments: {} })));
    expect(again.map(textOf)).toEqual([expect.stringMatching(/^hello dcr-/), expect.stringMatching(/^hello dcr-/)]);
    expect(o.as.counts.token.get('refresh_token')).toBe(2);
  });
});
