// Upstream OAuth while serving: a call to a needs-login server offers the login link through URL-mode elicitation
// (2025-11-25) when the client declares it; the login completes on the gateway's loopback callback and the call goes on.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { ROOT } from '../helpers/gw.js';
import { startOAuth } from '../helpers/oauth.js';

const BROWSER = path.join(ROOT, 'test', 'fixtures', 'oauth', 'browser.mjs');

async function needsLogin(client: Client): Promise<boolean> {
  const status = await client.readResource({ uri: 'gateway://status' });
  const servers = JSON.parse((status.contents[0] as { text: string }).text).servers as Array<{ name: string; state: string }>;
  return servers.find((s) => s.name === 'linear')?.state === 'needs-login';
}

// Logged in once (so the gateway lists the server's tools), then revoked at the authorization server: the next call
// finds the server needs a login again, its cached tools still listed.
async function revokedAfterLogin(o: Awaited<ReturnType<typeof startOAuth>>, client: Client): Promise<void> {
  await toolNames(client, ['linear_whoami']);
  o.as.revokeAll();
}

describe('login through URL-mode elicitation', () => {
  it('offers the link, completes the login on the loopback callback, and the call then goes through', async () => {
    const o = await startOAuth();
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const offered: Array<{ mode?: string; url?: string; message: string; elicitationId?: string }> = [];
    const completed: string[] = [];
    const gw = await startGateway(undefined, {
      configPath: o.configPath,
      clientOptions: { capabilities: { elicitation: { url: {} } } },
      prepare: (client) => {
        client.setRequestHandler(ElicitRequestSchema, async (req) => {
          const params = req.params as { mode?: string; url?: string; message: string; elicitationId?: string };
          offered.push(params);
          // The user opens the link in a browser (the fixture browser follows the login to the loopback callback).
          execFile(process.execPath, [BROWSER, params.url ?? '']);
          return { action: 'accept' };
        });
        client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => void completed.push(n.params.elicitationId));
      },
    });
    await revokedAfterLogin(o, gw.client);
    const result = await gw.client.callTool({ name: 'linear_whoami', arguments: { greeting: 'hi' } });
    expect(textOf(result)).toMatch(/^hi dcr-/);
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({ mode: 'url', message: expect.stringContaining("Server 'linear' needs a login") });
    expect(new URL(offered[0]?.url ?? '').origin).toBe(new URL(o.as.issuer).origin);
    expect(completed).toEqual([offered[0]?.elicitationId]);
    expect(o.as.counts.authorizations).toBe(2);
    expect(readFileSync(path.join(o.stateDir, 'oauth-tokens.json'), 'utf8')).toContain(o.as.issued.at(-1));
  });

  it('says to run gw auth login when the client does not declare URL elicitation', async () => {
    const o = await startOAuth();
    expect((await o.auth(['login', 'linear'])).code).toBe(0);
    const gw = await startGateway(undefined, { configPath: o.configPath, clientOptions: { capabilities: { elicitation: {} } } });
    await revokedAfterLogin(o, gw.client);
    const result = await gw.client.callTool({ name: 'linear_whoami', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('gw auth login linear');
    await waitFor(() => needsLogin(gw.client), 30_000);
    expect(o.as.counts.authorizations).toBe(1);
  });
});
