// `gw serve`: runs the gateway over stdio (the default) for one MCP client, or with --http for many clients over HTTP.
import type { CAC } from 'cac';
import { loadConfig } from '../../config/load.js';
import type { GatewayConfig } from '../../config/schema.js';
import { assembleGateway } from '../../assemble.js';
import { createLogger, LOG_FORMATS, LOG_LEVELS, toLogLevel, type LogFormat } from '../../log.js';
import { protectStdout } from '../../server/stdio-transport.js';
import { serveStdio } from '../../server/stdio.js';
import { createPolicy } from '../../catalog/rules.js';
import { usageError } from '../usage.js';
import { httpFlags, resolveHttpOptions, strayHttpFlags, type HttpFlags } from './serve-http.js';
import { note } from '../output.js';
import { enterGatewayChain } from '../gateway-chain.js';
import { GW_MAIN } from '../../version.js';
import { loadTracing } from '../../tracing.js';

interface ServeFlags extends HttpFlags {
  config?: string;
  group?: string;
  tools?: string;
  logLevel?: string;
  logFormat?: string;
  watch?: boolean;
}

export function registerServe(cli: CAC): void {
  const command = cli
    .command('serve', 'Run the gateway as an MCP server over stdio (what an MCP client launches), or over HTTP with --http')
    .option('--group <name>', 'Serve only this group of servers, with its rules (stdio mode)')
    .option('--tools <mode>', 'all: list every tool plus search_tools/describe_tool; search: only the meta-tools and invoke_tool')
    .option('--log-level <level>', `Log level on stderr: ${LOG_LEVELS.join(', ')} (default: $GW_LOG_LEVEL or info)`)
    .option('--log-format <format>', `Log format on stderr: ${LOG_FORMATS.join(', ')} (default: $GW_LOG_FORMAT or text; json: one object a line)`)
    .option('--no-watch', 'Do not reload gateway.json when it changes');
  httpFlags(command);
  command
    .example('gw serve --group dev')
    .example('gw serve --http --port 7400')
    .action(async (flags: ServeFlags) => {
      if (flags.tools !== undefined && flags.tools !== 'all' && flags.tools !== 'search') {
        throw usageError(`--tools must be 'all' or 'search' (got '${flags.tools}')`);
      }
      if (flags.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
        throw usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got '${flags.logLevel}')`);
      }
      const format = flags.logFormat ?? process.env.GW_LOG_FORMAT;
      if (format !== undefined && format !== '' && !(LOG_FORMATS as readonly string[]).includes(format)) {
        throw usageError(`--log-format must be one of ${LOG_FORMATS.join(', ')} (got '${format}')`);
      }
      const stray = strayHttpFlags(flags);
      if (!flags.http && stray.length > 0) throw usageError(`${stray.join(', ')} only ${stray.length === 1 ? 'applies' : 'apply'} with --http`);
      if (flags.http && flags.group !== undefined) {
        throw usageError('--group applies to stdio mode; over HTTP each group is served at /mcp/g/{group}');
      }
      const loaded = await loadConfig(flags.config);
      enterGatewayChain(loaded.located.path);
      const adjust = (c: GatewayConfig): GatewayConfig =>
        flags.tools ? { ...c, settings: { ...c.settings, tools: flags.tools as 'all' | 'search' } } : c;
      const config = adjust(loaded.config);
      if (flags.group !== undefined) createPolicy(config, flags.group); // unknown group: error listing the groups
      const level = flags.logLevel ?? process.env.GW_LOG_LEVEL ?? config.settings.logLevel;
      const log = createLogger({ level: toLogLevel(level), ...(format && { format: format as LogFormat }) });
      if (flags.logLevel === undefined && process.env.GW_LOG_LEVEL && toLogLevel(process.env.GW_LOG_LEVEL) !== process.env.GW_LOG_LEVEL) {
        log.warn(`GW_LOG_LEVEL=${process.env.GW_LOG_LEVEL} is not a level (${LOG_LEVELS.join(', ')}); using info`);
      }
      // Checked before anything starts: a bad flag must not spawn upstreams.
      const http = flags.http ? resolveHttpOptions(flags, config, log) : undefined;
      log.info(`using ${loaded.located.path} (${loaded.located.source})`);
      // In stdio mode stdout is the protocol: claim it before any plugin code runs.
      if (!http) protectStdout();
      // Tool-call spans over OTLP when $OTEL_EXPORTER_OTLP_ENDPOINT is set; kept across reloads like a plugin from code.
      const tracing = await loadTracing(log);
      const gateway = await assembleGateway({ config, log, mode: 'serve', ...(tracing && { extraPlugins: [tracing] }) });
      const watch = flags.watch !== false && { watchFile: loaded.located.path, loadedText: loaded.text };
      if (http) {
        // Loaded only here: the HTTP server and its SDK transports are not needed to serve over stdio.
        const { serveHttp } = await import('../../http/server.js');
        await serveHttp({ gateway, ...http, ...watch, adjust, onListening: (url) => (format === 'json' ? log.info(`listening on ${url}/mcp`) : note(`gw: listening on ${url}/mcp`)) });
        return;
      }
      // A person typing `gw serve` in a terminal is usually setting it up: say what a client needs.
      if (process.stdin.isTTY) note(clientEntryHint(loaded.located.path, flags.group));
      await serveStdio({
        gateway,
        ...(flags.group !== undefined && { group: flags.group }),
        ...watch,
        adjust,
      });
    });
}

// One line for a terminal: the server entry to paste into a client's config, and the command that writes it.
function clientEntryHint(configPath: string, group: string | undefined): string {
  const args = [GW_MAIN, 'serve', '--config', configPath, ...(group !== undefined ? ['--group', group] : [])];
  const entry = JSON.stringify({ gw: { command: process.execPath, args } });
  return `gw: serving MCP on stdin/stdout for a client that launches it (Ctrl-C to stop). Add it to a client with \`gw install <client>\`, or paste into its mcpServers: ${entry}`;
}
