// A 2026-07-28 upstream behind OAuth, through the real `gw` binary: `gw auth login` against the fixture authorization
// server, then the serving gateway (protocol "auto") reaches it in the 2026 era with the stored token, while a 2025-only
// server behind the same authorization server still connects in auto (server/discover first, then the 2025 handshake).
import { describe, expect, it, onTestFailed, onTestFinished } from 'vitest';
import { startAuthorizationServer } from '../fixtures/oauth/authorization-server.js';
import { startProtectedServer } from '../fixtures/oauth/protected-server.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { FAKE_BROWSER } from '../helpers/oauth.js';

type Status = { servers: Array<{ name: string; state: string; protocol?: { era: string } }> };

describe('2026-07-28 upstream behind OAuth', () => {
  it('logs in, then calls a 2026 server in its era and a 2025 one in its own, both in auto', async () => {
    const as = await startAuthorizationServer();
    const modern = await startProtectedServer(as, { modern: true });
    const legacy = await startProtectedServer(as);
    onTestFinished(async () => {
      await modern.close();
      await legacy.close();
      await as.close();
    });
    const dir = tempDir('gw-oauth-eras-');
    const configPath = writeConfig({ mcpServers: { next: { url: modern.url, oauth: true }, prev: { url: legacy.url, oauth: true } } }, dir);
    const login = (name: string) => runGw(['auth', 'login', name, '--config', configPath], { env: { BROWSER: FAKE_BROWSER, GW_STATE_DIR: undefined } });
    expect((await login('next')).stdout).toContain('logged in to next');
    expect((await login('prev')).stdout).toContain('logged in to prev');

    const gw = await startGateway(undefined, { configPath });
    onTestFailed(() => console.log('STDERR', gw.stderr()));
    await toolNames(gw.client, ['next_whoami', 'prev_whoami'], 30_000);
    expect(textOf(await gw.client.callTool({ name: 'next_whoami', arguments: {} }))).toMatch(/^2026 dcr-/);
    expect(textOf(await gw.client.callTool({ name: 'prev_whoami', arguments: {} }))).toMatch(/^hello dcr-/);
    const status = await waitFor(async () => {
      const text = ((await gw.client.readResource({ uri: 'gateway://status' })).contents[0] as { text: string }).text;
      return JSON.parse(text) as Status;
    });
    expect(status.servers.find((s) => s.name === 'next')?.protocol?.era).toBe('modern');
    expect(status.servers.find((s) => s.name === 'prev')?.protocol?.era).toBe('legacy');
  });
});
