// `gw broker status|stop` (and `gw broker run`, which sessions start by themselves): the per-user broker that owns
// shared upstreams when gateway.json says "share": true.
import path from 'node:path';
import type { CAC } from 'cac';
import { askBroker } from '../../broker/client.js';
import { brokerPaths, type BrokerPaths } from '../../broker/paths.js';
import type { BrokerReport } from '../../broker/protocol.js';
import { runBroker } from '../../broker/server.js';
import { defaultStateDir } from '../../config/normalize.js';
import { isGatewayError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { plural, print, printJson, table } from '../output.js';
import { usageError } from '../usage.js';

interface BrokerFlags extends GlobalOptions {
  dir?: string;
  grace?: number;
}

export function registerBroker(cli: CAC): void {
  cli
    .command(
      'broker <action>',
      'The per-user broker that runs shared upstreams ("share": true): status shows it, stop ends it and its upstreams',
    )
    .option('--json', 'Print JSON (status)')
    .option(
      '--dir <path>',
      'The broker directory (default: $GW_BROKER_DIR, $XDG_RUNTIME_DIR/fast-gateway, or <stateDir>/broker)',
    )
    .option('--grace <seconds>', 'run: seconds to wait with no session before exiting', { default: 60 })
    .usage(
      'broker status|stop\n\n  status  the broker of this user: pid, version, sessions, and each shared upstream with its sessions\n  stop    end the broker and its upstreams now (sessions attached start a new one at their next call)\n  (sessions start the broker themselves as `gw broker run` when gateway.json says "share": true)',
    )
    .example('gw broker status')
    .example('gw broker stop')
    .action(async (action: string, flags: BrokerFlags) => {
      if (action === 'run') {
        const paths = brokerPaths('', { GW_BROKER_DIR: flags.dir ?? (await locate(flags)).dir });
        return runBroker({
          paths,
          graceMs: Number(flags.grace) * 1000,
          log: createLogger({ level: 'info' }),
        });
      }
      if (action !== 'status' && action !== 'stop')
        throw usageError(`unknown broker action '${action}' (use status or stop)`);
      const paths = await locate(flags);
      if (action === 'stop') {
        const answer = await askBroker(paths, { gw: 'stop' });
        return print(
          answer ? 'broker stopping; its upstreams end with it' : `no broker is running (${paths.socket})`,
        );
      }
      const report = await brokerReport(paths);
      if (flags.json) return printJson({ broker: report ?? null });
      if (!report) return print(`no broker is running (${paths.socket})`);
      print(describeBroker(report));
      const rows = report.upstreams.map((u) => [
        u.server,
        String(u.pid ?? ''),
        String(u.sessions),
        String(u.calls),
      ]);
      if (rows.length > 0)
        for (const line of table([['SERVER', 'PID', 'SESSIONS', 'CALLS'], ...rows])) print(`  ${line}`);
    });
}

// The broker's status, or undefined when none runs.
export async function brokerReport(paths: BrokerPaths): Promise<BrokerReport | undefined> {
  const answer = await askBroker(paths, { gw: 'status' });
  return answer && (answer as { gw?: string }).gw === 'report'
    ? (answer as { report: BrokerReport }).report
    : undefined;
}

// One line for `gw status` and `gw tools` when the config shares upstreams.
export function describeBroker(report: BrokerReport | undefined): string {
  if (!report) return 'sharing is on ("share": true); no broker is running (the first `gw serve` starts one)';
  return `broker pid ${report.pid} (gw ${report.version}): ${plural(report.sessions, 'session')}, ${plural(report.upstreams.length, 'shared upstream')}`;
}

async function locate(flags: BrokerFlags): Promise<BrokerPaths> {
  if (flags.dir !== undefined) return brokerPaths('', { GW_BROKER_DIR: path.resolve(flags.dir) });
  try {
    return brokerPaths((await readConfig(flags)).config.settings.stateDir);
  } catch (error) {
    if (!isGatewayError(error, 'CONFIG_NOT_FOUND')) throw error;
    return brokerPaths(defaultStateDir(process.cwd()));
  }
}
