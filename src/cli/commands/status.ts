// `gw status` and `gw restart`: what the running gateways' upstreams are doing, and restarting one without restarting the client.
import type { CAC } from 'cac';
import { readRestartRequest, readStatusReports, requestRestart } from '../../status.js';
import { GatewayError } from '../../errors.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { print, printJson, table } from '../output.js';
import { brokerPaths } from '../../broker/paths.js';
import { brokerReport, describeBroker } from './broker.js';

export function registerStatus(cli: CAC): void {
  cli
    .command('status', 'Show the upstreams of every running gateway that uses this config (state, since, restarts, last error, tools)')
    .option('--json', 'Print JSON')
    .action(async (options: GlobalOptions) => {
      const { config } = await readConfig(options);
      const reports = readStatusReports(config.settings.stateDir);
      const broker = config.settings.share ? await brokerReport(brokerPaths(config.settings.stateDir)) : undefined;
      if (options.json) {
        printJson({ gateways: reports, ...(config.settings.share && { broker: broker ?? null }) });
      } else if (reports.length === 0) {
        print(`no running gateway uses ${config.path ?? 'this config'} (start one with \`gw serve\`, or check \`gw tools\`)`);
      } else {
        for (const r of reports) {
          print(`gateway pid ${r.pid} (${r.mode}${r.group ? `, group ${r.group}` : ''}), started ${r.startedAt}`);
          const rows = r.servers.map((s) => [s.name, `${s.detail ?? s.state}${s.shared ? ' (shared)' : ''}`, s.since, String(s.restarts), String(s.toolCount), s.lastError ?? '']);
          for (const line of table([['SERVER', 'STATE', 'SINCE', 'RESTARTS', 'TOOLS', 'LAST ERROR'], ...rows])) print(`  ${line}`);
        }
      }
      if (!options.json && config.settings.share) print(describeBroker(broker));
      if (reports.some((r) => r.servers.some((s) => s.state === 'failed'))) process.exitCode = 1;
    });

  cli
    .command('restart <...servers>', 'Restart upstream servers in every running gateway (also clears a "failed" state)')
    .action(async (servers: string[], options: GlobalOptions) => {
      const { config } = await readConfig(options);
      const known = new Set(config.servers.map((s) => s.name));
      const unknown = servers.filter((s) => !known.has(s));
      if (unknown.length > 0) throw new GatewayError('SERVER_NOT_FOUND', `unknown server${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `'${s}'`).join(', ')} (configured: ${[...known].join(', ') || 'none'})`);
      const pids = requestRestart(config.settings.stateDir, servers);
      if (pids.length === 0) throw new GatewayError('UPSTREAM_UNAVAILABLE', `no running gateway uses ${config.path ?? 'this config'}; nothing to restart`);
      print(`asked ${pids.length} gateway${pids.length > 1 ? 's' : ''} (pid ${pids.join(', ')}) to restart ${readRestartRequest(config.settings.stateDir).join(', ')}`);
    });
}
