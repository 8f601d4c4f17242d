// `gw auth login|logout|status`: OAuth logins of remote upstreams (the work is in src/auth; this file is the CLI face).
import type { CAC } from 'cac';
import { login } from '../../auth/login.js';
import { logout } from '../../auth/logout.js';
import { openBrowser } from '../../auth/browser.js';
import { configureTokenStore, findRecord, readRecords } from '../../auth/store.js';
import type { GatewayConfig, RemoteServerConfig } from '../../config/schema.js';
import { GatewayError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { note, print, printJson, table } from '../output.js';
import { usageError } from '../usage.js';

interface AuthOptions extends GlobalOptions {
  browser?: boolean;
  json?: boolean;
}

export function registerAuth(cli: CAC): void {
  cli
    .command('auth <action> [server]', 'OAuth logins of remote servers: `login NAME` (browser), `logout NAME` (revoke + delete), `status [NAME]`')
    .option('--no-browser', 'login: print the authorization URL instead of opening a browser (for SSH sessions)')
    .option('--json', 'status: print JSON')
    .example('gw auth login linear')
    .example('gw auth login linear --no-browser    # open the printed URL on any machine whose browser can reach this one')
    .example('gw auth status --json')
    .action(async (action: string, name: string | undefined, options: AuthOptions) => {
      const { config } = await readConfig(options);
      const stateDir = config.settings.stateDir;
      configureTokenStore(stateDir, config.settings.auth?.tokenStore, createLogger({ prefix: 'auth' }));
      if (action === 'status') return status(config, name, options.json === true);
      if (action !== 'login' && action !== 'logout') throw usageError(`unknown auth action ${JSON.stringify(action)}: use login, logout or status`);
      if (!name) throw usageError(`gw auth ${action} needs a server name`);
      const server = remoteServer(config, name);
      if (action === 'logout') {
        const result = await logout(server, stateDir, process.env);
        for (const p of result.problems) note(`gw: ${name}: ${p}`);
        print(result.deleted > 0 ? `logged out of ${name} (${result.revoked} token${result.revoked === 1 ? '' : 's'} revoked, stored tokens deleted)` : `${name} had no stored login`);
        return;
      }
      await login(server, {
        stateDir,
        env: process.env,
        open: async (url) => {
          if (options.browser === false) {
            note(`gw: open this URL to log in to ${name}:`);
            print(url.href);
          } else {
            note(`gw: opening the browser to log in to ${name} (use --no-browser to print the URL instead)`);
            await openBrowser(url, process.env);
          }
        },
      });
      const where = findRecord(stateDir, name, server.url)?.store === 'keychain' ? 'the OS keychain' : 'the state directory (0600 file)';
      print(`logged in to ${name} (tokens kept in ${where}); running gateways pick the new token up without a restart`);
    });
}

function remoteServer(config: GatewayConfig, name: string): RemoteServerConfig {
  const server = config.servers.find((s) => s.name === name);
  if (!server) throw new GatewayError('SERVER_NOT_FOUND', `unknown server '${name}' (configured: ${config.servers.map((s) => s.name).join(', ') || 'none'})`);
  if (server.kind === 'stdio') throw new GatewayError('USAGE', `server '${name}' is a local command; OAuth logins are for remote servers (with "url")`);
  return server;
}

// What is stored per server: authorization server, scopes, expiry, how the client was registered and where the tokens
// live (keychain or file); never a secret.
function status(config: GatewayConfig, name: string | undefined, json: boolean): void {
  if (name !== undefined) remoteServer(config, name);
  const records = readRecords(config.settings.stateDir);
  const rows = config.servers
    .filter((s): s is RemoteServerConfig => s.kind !== 'stdio' && (name === undefined || s.name === name))
    .filter((s) => s.oauth || records.some((r) => r.server === s.name) || s.name === name)
    .map((s) => {
      const r = records.find((x) => x.server === s.name && x.resource === s.url);
      const expiresAt = r?.expiresAt;
      const state = r?.unreadable !== undefined ? 'keychain-unreadable' : !r?.tokens ? 'needs-login' : expiresAt !== undefined && expiresAt < Date.now() && !r.tokens.refresh_token ? 'expired' : 'logged-in';
      return {
        server: s.name,
        state,
        grant: s.oauth?.grant ?? 'authorization_code',
        ...(r?.issuer !== undefined && { authorizationServer: r.issuer }),
        ...(r?.tokens?.scope !== undefined && { scopes: r.tokens.scope }),
        ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt).toISOString() }),
        refreshable: r?.tokens?.refresh_token !== undefined,
        ...(r?.registration !== undefined && { registration: r.registration }),
        ...(r?.store !== undefined && { tokenStore: r.store }),
        ...(r?.unreadable !== undefined && { problem: `the OS keychain cannot be read now (${r.unreadable})` }),
      };
    });
  if (json) return printJson({ servers: rows });
  if (rows.length === 0) return print('no remote server uses OAuth (add "oauth": true to an entry, or run `gw auth login NAME`)');
  const lines = rows.map((r) => [r.server, r.state, r.authorizationServer ?? '', r.scopes ?? '', r.expiresAt ?? '', r.registration ?? '', r.tokenStore ?? '']);
  for (const line of table([['SERVER', 'STATE', 'AUTHORIZATION SERVER', 'SCOPES', 'EXPIRES', 'CLIENT', 'TOKENS IN'], ...lines])) print(line);
  for (const r of rows) if (r.problem) note(`gw: ${r.server}: ${r.problem}`);
}
