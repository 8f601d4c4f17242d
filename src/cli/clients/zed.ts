// Zed: settings.json under ~/.config/zed ($XDG_CONFIG_HOME on Linux, %APPDATA%\Zed on Windows) and the project's
// .zed/settings.json, key `context_servers`; headers are sent as written (no environment references).
import path from 'node:path';
import { bearerHeader, defineClient, isRecord, xdgConfigDir, type ClientEnv } from './types.js';

export const zed = defineClient({
  id: 'zed',
  title: 'Zed',
  format: 'json',
  serversPath: ['context_servers'],
  files: (ctx) => [path.join(zedDir(ctx), 'settings.json'), path.join(ctx.cwd, '.zed', 'settings.json')],
  toEntry(launch) {
    if (launch.kind === 'stdio') return { entry: { command: launch.command, args: launch.args } };
    const header = bearerHeader(zed, launch);
    return { entry: { url: launch.url, headers: { Authorization: header.value } }, notes: [header.note] };
  },
  fromEntry(raw) {
    const { source: _source, settings: _settings, command, ...rest } = raw;
    // Older Zed wrote `"command": { "path", "args", "env" }`.
    if (isRecord(command)) return { ...rest, command: command.path, args: command.args, env: command.env };
    return { ...rest, ...(command !== undefined && { command }) };
  },
});

function zedDir(ctx: ClientEnv): string {
  if (ctx.platform === 'win32') return path.join(ctx.env.APPDATA || path.join(ctx.home, 'AppData', 'Roaming'), 'Zed');
  if (ctx.platform === 'darwin') return path.join(ctx.home, '.config', 'zed');
  return path.join(xdgConfigDir(ctx), 'zed');
}
