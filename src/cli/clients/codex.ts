// Codex: ~/.codex/config.toml ($CODEX_HOME moves it), one `[mcp_servers.NAME]` table per server; an HTTP server
// takes its bearer token from the variable named by `bearer_token_env_var`.
import path from 'node:path';
import { defineClient, isRecord } from './types.js';

export const codex = defineClient({
  id: 'codex',
  title: 'Codex',
  format: 'toml',
  serversPath: ['mcp_servers'],
  files: (ctx) => [path.join(ctx.env.CODEX_HOME || path.join(ctx.home, '.codex'), 'config.toml'), path.join(ctx.cwd, '.codex', 'config.toml')],
  headerEnv: (name) => name,
  toEntry(launch) {
    if (launch.kind === 'stdio') return { entry: { command: launch.command, args: launch.args } };
    if (launch.token !== undefined)
      return {
        entry: { url: launch.url, http_headers: { Authorization: `Bearer ${launch.token}` } },
        notes: ['the token is written into the file as you passed it (--token): keep the file private'],
      };
    return {
      entry: { url: launch.url, bearer_token_env_var: launch.tokenEnv },
      notes: [`Codex takes the token from $${launch.tokenEnv}: set it where Codex starts, e.g. export ${launch.tokenEnv}="$(gw token)"`],
    };
  },
  fromEntry(raw) {
    const { url, bearer_token_env_var: bearer, http_headers: literal, env_http_headers: fromEnv, ...rest } = raw;
    if (url === undefined) return rest;
    const headers: Record<string, unknown> = { ...(isRecord(literal) ? literal : {}) };
    if (isRecord(fromEnv)) for (const [name, variable] of Object.entries(fromEnv)) headers[name] = `\${${String(variable)}}`;
    if (typeof bearer === 'string') headers.Authorization = `Bearer \${${bearer}}`;
    return { ...rest, type: 'http', url, ...(Object.keys(headers).length > 0 && { headers }) };
  },
});
