// `gw serve`: runs the gateway over stdio (the default) for one MCP client.
import type { CAC } from 'cac';
import { loadConfig } from '../../config/load.js';
import type { GatewayConfig } from '../../config/schema.js';
import { openGateway } from '../../gateway.js';
import { createLogger, LOG_LEVELS, toLogLevel } from '../../log.js';
import { loadPlugins } from '../../plugins/load.js';
import { serveStdio } from '../../server/stdio.js';
import { createPolicy } from '../../catalog/rules.js';
import { usageError } from '../usage.js';

interface ServeFlags {
  config?: string;
  group?: string;
  tools?: string;
  logLevel?: string;
  watch?: boolean;
}

export function registerServe(cli: CAC): void {
  cli
    .command('serve', 'Run the gateway as an MCP server over stdio (what an MCP client launches)')
    .option('--group <name>', 'Serve only this group of servers, with its rules')
    .option('--tools <mode>', 'all: list every tool plus search_tools/describe_tool; search: only the meta-tools and invoke_tool')
    .option('--log-level <level>', `Log level on stderr: ${LOG_LEVELS.join(', ')} (default: $GW_LOG_LEVEL or info)`)
    .option('--no-watch', 'Do not reload gateway.json when it changes')
    .example('gw serve --group dev')
    .action(async (flags: ServeFlags) => {
      if (flags.tools !== undefined && flags.tools !== 'all' && flags.tools !== 'search') {
        throw usageError(`--tools must be 'all' or 'search' (got '${flags.tools}')`);
      }
      if (flags.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
        throw usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got '${flags.logLevel}')`);
      }
      const loaded = await loadConfig(flags.config);
      const adjust = (c: GatewayConfig): GatewayConfig =>
        flags.tools ? { ...c, settings: { ...c.settings, tools: flags.tools as 'all' | 'search' } } : c;
      const config = adjust(loaded.config);
      if (flags.group !== undefined) createPolicy(config, flags.group); // unknown group: error listing the groups
      const level = flags.logLevel ?? process.env.GW_LOG_LEVEL ?? config.settings.logLevel;
      const log = createLogger({ level: toLogLevel(level) });
      log.info(`using ${loaded.located.path} (${loaded.located.source})`);
      const plugins = await loadPlugins(config.plugins);
      const gateway = await openGateway({ config, plugins, log });
      await serveStdio({
        gateway,
        ...(flags.group !== undefined && { group: flags.group }),
        ...(flags.watch !== false && { watchFile: loaded.located.path, loadedText: loaded.text }),
        adjust,
      });
    });
}
