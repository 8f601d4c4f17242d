// `gw tools`: exactly what a client would see (exposed names, one-line descriptions) plus each upstream's status.
import type { CAC } from 'cac';
import { oneLine } from '../../server/meta-tools.js';
import { checkFilters } from '../filters.js';
import type { UpstreamStatus } from '../../upstream/context.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { formatMs, inspect } from '../inspect.js';
import { print, printJson, table, plural } from '../output.js';
import { isShareable } from '../../broker/link.js';
import { brokerPaths } from '../../broker/paths.js';
import { brokerReport, describeBroker } from './broker.js';

interface ToolsOptions extends GlobalOptions {
  group?: string;
  server?: string;
}

export function registerTools(cli: CAC): void {
  cli
    .command('tools', 'Show the tools a client would see, connecting to the upstreams as the gateway does')
    .option('--group <name>', 'Only what this group exposes')
    .option('--server <name>', 'Only this server')
    .option('--json', 'Print JSON')
    .example('gw tools --group dev')
    .action(async (options: ToolsOptions) => {
      const { config } = await readConfig(options);
      checkFilters(config, options.group, options.server);
      const run = await inspect(config, {
        ...(options.group !== undefined && { group: options.group }),
        ...(options.server !== undefined && { servers: [options.server] }),
      });
      try {
        const view = run.visibility.view();
        const statuses = run.gateway.statuses().filter((s) => view.hasServer(s.name));
        const visible = await run.visibility.tools();
        const mode = config.settings.tools;
        const listed = new Set((await run.visibility.listing()).map((t) => t.name));
        const tools = visible.tools
          .filter((t) => (options.server === undefined || t.server === options.server) && (listed.has(t.name) || !t.local?.meta))
          .map((t) => ({
            name: t.name,
            server: t.server,
            tool: t.tool.name,
            listed: listed.has(t.name),
            description: oneLine(t.exposed.description ?? t.exposed.title ?? ''),
            // gateway.json overrides this tool: what the upstream itself lists.
            ...(t.override && { original: { name: t.tool.name, description: oneLine(t.tool.description ?? t.tool.title ?? '') } }),
          }));
        const shared = new Set(config.settings.share ? config.servers.filter(isShareable).map((s) => s.name) : []);
        const broker = config.settings.share ? await brokerReport(brokerPaths(config.settings.stateDir)) : undefined;
        if (options.json) {
          const servers = statuses.map((s) => ({ ...statusJson(s), ...(config.settings.share && { shared: shared.has(s.name) }) }));
          printJson({ group: options.group ?? null, mode, servers, tools, warnings: view.catalog.warnings, ...(config.settings.share && { broker: broker ?? null }) });
        } else {
          printStatuses(statuses);
          if (config.settings.share) {
            const names = statuses.map((s) => s.name).filter((n) => shared.has(n));
            print(`shared through the broker: ${names.join(', ') || 'none'}; ${describeBroker(broker)}`);
          }
          print();
          const rows = tools.flatMap((t) => [[t.name, t.description], ...(t.original ? [['', `overrides ${t.original.name}: ${t.original.description}`]] : [])]);
          for (const line of table([['NAME', 'DESCRIPTION'], ...rows])) print(line);
          print();
          print(`${plural(tools.length, 'tool')}${mode === 'search' ? ' (settings.tools is "search": clients list only search_tools, describe_tool and invoke_tool)' : ''}`);
          for (const w of view.catalog.warnings) print(`note: ${w}`);
        }
        if (statuses.some((s) => s.state !== 'ready')) process.exitCode = 1;
      } finally {
        await run.close();
      }
    });
}

export function printStatuses(statuses: UpstreamStatus[]): void {
  const rows = statuses.map((s) => [
    s.name,
    s.state === 'ready' ? 'ok' : s.state,
    s.state === 'ready' ? String(s.toolCount) : '-',
    formatMs(s.connectMs),
    s.lastError ?? '',
  ]);
  for (const line of table([['SERVER', 'STATUS', 'TOOLS', 'CONNECT', 'ERROR'], ...rows])) print(line);
}

export function statusJson(s: UpstreamStatus): Record<string, unknown> {
  return {
    name: s.name,
    kind: s.kind,
    status: s.state === 'ready' ? 'ok' : s.state,
    toolCount: s.toolCount,
    connectMs: s.connectMs ?? null,
    error: s.lastError ?? null,
  };
}
