// opencode: ~/.config/opencode/opencode.json or .jsonc (and the project's), key `mcp`; a local server's command is
// one array, a remote one is `{type: "remote", url, headers}` with `{env:NAME}` references.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toGatewayRefs } from './standard.js';
import { bearerHeader, defineClient, isRecord, xdgConfigDir } from './types.js';

export const opencode = defineClient({
  id: 'opencode',
  title: 'opencode',
  format: 'json',
  serversPath: ['mcp'],
  files: (ctx) => [configFile(path.join(xdgConfigDir(ctx), 'opencode')), configFile(ctx.cwd)],
  headerEnv: (name) => `{env:${name}}`,
  toEntry(launch) {
    if (launch.kind === 'stdio') return { entry: { type: 'local', command: [launch.command, ...launch.args] } };
    const header = bearerHeader(opencode, launch);
    return { entry: { type: 'remote', url: launch.url, headers: { Authorization: header.value } }, notes: [header.note] };
  },
  fromEntry(raw) {
    const { type, command, environment, url, headers, ...rest } = raw;
    if (type === 'remote') return { ...rest, type: 'http', url, ...(headers !== undefined && { headers: toGatewayRefs(headers) }) };
    if (!Array.isArray(command) || command.length === 0) return { unsupported: 'a local entry needs a non-empty "command" array' };
    const [bin, ...args] = command as unknown[];
    return {
      ...rest,
      command: bin,
      ...(args.length > 0 && { args }),
      ...(isRecord(environment) && { env: toGatewayRefs(environment) }),
    };
  },
});

// opencode.jsonc when that is the one present, else opencode.json.
function configFile(dir: string): string {
  const jsonc = path.join(dir, 'opencode.jsonc');
  return existsSync(jsonc) && !existsSync(path.join(dir, 'opencode.json')) ? jsonc : path.join(dir, 'opencode.json');
}
