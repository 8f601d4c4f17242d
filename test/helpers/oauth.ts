// OAuth end-to-end helpers: the fixture authorization server and protected MCP server, a gateway.json using them,
// and `gw auth` run with $BROWSER set to the fixture browser.
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { startAuthorizationServer, type AsOptions, type AuthorizationServer } from '../fixtures/oauth/authorization-server.js';
import { startProtectedServer, type ProtectedServer } from '../fixtures/oauth/protected-server.js';
import { ROOT, runGw, tempDir, writeConfig, type GwResult } from './gw.js';

export const FAKE_BROWSER = `${process.execPath} ${path.join(ROOT, 'test', 'fixtures', 'oauth', 'browser.mjs')}`;

export interface OAuthSetup {
  as: AuthorizationServer;
  mcp: ProtectedServer;
  dir: string;
  configPath: string;
  stateDir: string;
  // Runs `gw auth ...args --config <this config>` with the fixture browser.
  auth: (args: string[], env?: Record<string, string>) => Promise<GwResult>;
}

export async function startOAuth(entry: Record<string, unknown> = { oauth: true }, options: AsOptions = {}, extraServers: Record<string, unknown> = {}): Promise<OAuthSetup> {
  const as = await startAuthorizationServer(options);
  const mcp = await startProtectedServer(as);
  onTestFinished(async () => {
    await mcp.close();
    await as.close();
  });
  const dir = tempDir('gw-oauth-');
  const configPath = writeConfig({ mcpServers: { linear: { url: mcp.url, ...entry }, ...extraServers } }, dir);
  const stateDir = path.join(dir, '.fast-gateway');
  const auth = (args: string[], env: Record<string, string> = {}) =>
    runGw(['auth', ...args, '--config', configPath], { env: { BROWSER: FAKE_BROWSER, GW_STATE_DIR: undefined, ...env } });
  return { as, mcp, dir, configPath, stateDir, auth };
}
