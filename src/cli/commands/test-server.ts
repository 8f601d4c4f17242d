// `gw test NAME`: connect to one upstream, handshake and list; print what it is, what it offers and how long it took.
import type { CAC } from 'cac';
import { GatewayError } from '../../errors.js';
import { describeTarget } from '../../upstream/transport.js';
import { protocolLabel } from './tools.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { formatMs, inspect } from '../inspect.js';
import { print, printJson, plural } from '../output.js';

export function registerTest(cli: CAC): void {
  cli
    .command('test <name>', 'Connect to one upstream server, handshake and list its tools; exit 1 on failure with the reason')
    .option('--json', 'Print JSON')
    .example('gw test github')
    .action(async (name: string, options: GlobalOptions) => {
      const { config } = await readConfig(options);
      const server = config.servers.find((s) => s.name === name);
      if (!server) throw new GatewayError('SERVER_NOT_FOUND', `unknown server '${name}' (configured: ${config.servers.map((s) => s.name).join(', ') || 'none'})`);
      const started = performance.now();
      const run = await inspect(config, { servers: [name], includeDisabled: true });
      try {
        const status = run.gateway.pool.status(name);
        const snapshot = run.gateway.pool.server(name)?.snapshot;
        const ok = status?.state === 'ready';
        const report = {
          name,
          target: describeTarget(server),
          ok,
          error: ok ? null : (status?.lastError ?? 'did not start'),
          serverInfo: ok ? (snapshot?.serverInfo ?? null) : null,
          capabilities: ok ? (snapshot?.capabilities ?? null) : null,
          tools: ok ? (snapshot?.tools.length ?? 0) : null,
          prompts: ok ? (snapshot?.prompts.length ?? 0) : null,
          resources: ok ? (snapshot?.resources.length ?? 0) : null,
          connectMs: status?.connectMs ?? null,
          protocol: status?.protocol ? { era: status.protocol.era, version: status.protocol.version ?? null } : null,
          totalMs: Math.round(performance.now() - started),
        };
        if (options.json) printJson(report);
        else if (ok) {
          print(`${name}: ok (${report.target})`);
          print(`  server:       ${report.serverInfo ? `${report.serverInfo.name} ${report.serverInfo.version}` : 'unknown'}`);
          if (status?.protocol) print(`  protocol:     ${protocolLabel(status.protocol)}`);
          print(`  capabilities: ${Object.keys(report.capabilities ?? {}).join(', ') || 'none'}`);
          print(`  offers:       ${plural(report.tools ?? 0, 'tool')}, ${plural(report.prompts ?? 0, 'prompt')}, ${plural(report.resources ?? 0, 'resource')}`);
          print(`  timings:      connect + list ${formatMs(report.connectMs ?? undefined)}, total ${formatMs(report.totalMs)}`);
          if (!server.enabled) print('  note: this server is disabled in the config; enable it with `gw enable ' + name + '`');
        } else {
          print(`${name}: FAILED (${report.target})`);
          print(`  ${report.error}`);
        }
        if (!ok) process.exitCode = 1;
      } finally {
        await run.close();
      }
    });
}
