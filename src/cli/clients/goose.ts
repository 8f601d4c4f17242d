// Goose: config.yaml (~/.config/goose, %APPDATA%\Block\goose\config on Windows), map `extensions` keyed by name;
// `type: stdio` with `cmd`/`args`/`envs`, or `type: streamable_http` with `uri`/`headers` (sent as written).
import path from 'node:path';
import { bearerHeader, defineClient, isRecord, xdgConfigDir, type ClientEnv } from './types.js';

const DESCRIPTION = 'fast-gateway: many MCP servers as one';

export const goose = defineClient({
  id: 'goose',
  title: 'Goose',
  format: 'yaml',
  serversPath: ['extensions'],
  files: (ctx) => [path.join(gooseDir(ctx), 'config.yaml')],
  toEntry(launch, name) {
    const common = { enabled: true, name, description: DESCRIPTION, timeout: 300 };
    if (launch.kind === 'stdio')
      return { entry: { ...common, type: 'stdio', cmd: launch.command, args: launch.args, envs: {}, env_keys: [] } };
    const header = bearerHeader(goose, launch);
    return {
      entry: { ...common, type: 'streamable_http', uri: launch.url, headers: { Authorization: header.value }, envs: {}, env_keys: [] },
      notes: [header.note],
    };
  },
  fromEntry(raw) {
    const { type, name: _name, description, enabled, timeout: _timeout, bundled: _bundled, available_tools: _tools, envs, env_keys: keys, ...rest } = raw;
    const env: Record<string, unknown> = { ...(isRecord(envs) ? envs : {}) };
    // env_keys names variables Goose passes on from its own environment or keyring.
    if (Array.isArray(keys)) for (const key of keys) env[String(key)] = `\${${String(key)}}`;
    const common = {
      ...(typeof description === 'string' && description !== '' && { description }),
      ...(enabled === false && { enabled: false }),
      ...(Object.keys(env).length > 0 && { env }),
    };
    if (type === 'stdio') {
      const { cmd, args, ...other } = rest;
      return { ...other, ...common, command: cmd, ...(Array.isArray(args) && args.length > 0 && { args }) };
    }
    if (type === 'streamable_http' || type === 'sse') {
      const { uri, headers, ...other } = rest;
      const { env: _env, ...remote } = common;
      return { ...other, ...remote, type: type === 'sse' ? 'sse' : 'http', url: uri, ...(isRecord(headers) && Object.keys(headers).length > 0 && { headers }) };
    }
    return { unsupported: `a Goose ${String(type)} extension, not an MCP server gw can run` };
  },
});

function gooseDir(ctx: ClientEnv): string {
  if (ctx.platform === 'win32') return path.join(ctx.env.APPDATA || path.join(ctx.home, 'AppData', 'Roaming'), 'Block', 'goose', 'config');
  if (ctx.platform === 'darwin') return path.join(ctx.home, '.config', 'goose');
  return path.join(xdgConfigDir(ctx), 'goose');
}
