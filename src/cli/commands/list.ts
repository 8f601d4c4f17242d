// `gw list`: every configured upstream with its kind, command or URL, enabled state and rule counts.
import type { CAC } from 'cac';
import { formatCommandLine } from '../../config/edit.js';
import type { ServerConfig } from '../../config/schema.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { print, printJson, table } from '../output.js';

export function registerList(cli: CAC): void {
  cli
    .command('list', 'List configured upstream servers')
    .alias('ls')
    .option('--json', 'Print JSON')
    .action(async (options: GlobalOptions) => {
      const { config } = await readConfig(options);
      if (options.json) {
        printJson(config.servers.map(toJson));
        return;
      }
      if (config.servers.length === 0) {
        print(
          'no servers configured; add one with `gw add NAME -- COMMAND [ARGS...]` or `gw add NAME --url URL`',
        );
        return;
      }
      const rows = config.servers.map((s) => [
        s.name,
        s.kind,
        s.enabled ? 'yes' : 'no',
        String(s.allow.length),
        String(s.deny.length),
        target(s),
      ]);
      for (const line of table([['NAME', 'KIND', 'ENABLED', 'ALLOW', 'DENY', 'COMMAND / URL'], ...rows]))
        print(line);
    });
}

function target(server: ServerConfig): string {
  return server.kind === 'stdio' ? formatCommandLine(server.command, server.args) : server.url;
}

function toJson(server: ServerConfig): Record<string, unknown> {
  const where =
    server.kind === 'stdio'
      ? { command: server.command, args: server.args, cwd: server.cwd, env: Object.keys(server.env) }
      : { url: server.url, headers: Object.keys(server.headers) };
  return {
    name: server.name,
    kind: server.kind,
    enabled: server.enabled,
    ...where,
    allow: server.allow,
    deny: server.deny,
    timeout: server.timeout,
    ...(server.description !== undefined && { description: server.description }),
  };
}
