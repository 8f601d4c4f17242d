// A session's link to the broker: decides which servers are shared, attaches them through BrokerTransport, checks the
// broker's version (replacing an unused mismatched one), and falls back to unshared when sharing cannot work.
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { ServerConfig, Settings } from '../config/schema.js';
import { GatewayError, isGatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { sweepOrphans } from '../upstream/child-records.js';
import { isAlive } from '../upstream/process-tree.js';
import { StdioUpstreamTransport } from '../upstream/stdio-transport.js';
import type { DiscoverResult } from '@modelcontextprotocol/client';
import type { UpstreamContext } from '../upstream/context.js';
import { ensureBroker, type BrokerLine } from './client.js';
import { brokerPaths } from './paths.js';
import { BROKER_VERSION, type SpawnSpec } from './protocol.js';
import { BrokerTransport, type BrokerAccess } from './transport.js';

// Given a server, the transport an unshared connection would use and this session's era verdict, returns the attached
// shared transport, or undefined (not shareable, or the broker cannot be used: the server then runs unshared).
export type ShareTransport = NonNullable<UpstreamContext['share']>;

// Whether a server runs in the broker when the config shares: stdio servers not marked "share": false.
export function isShareable(config: ServerConfig): boolean {
  return config.kind === 'stdio' && config.share;
}

export function createBrokerLink(
  settings: Settings,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): ShareTransport {
  const paths = brokerPaths(settings.stateDir, env);
  let unshared: string | undefined;

  const unavailable = (message: string) => new GatewayError('BROKER_UNAVAILABLE', message);
  const access: BrokerAccess = {
    session: String(process.pid),
    async connect() {
      if (unshared !== undefined) throw unavailable(unshared);
      const line = await ensureBroker(paths, settings.shareGrace);
      if (line.hello.version === BROKER_VERSION) return line;
      const { pid, version, sessions } = line.hello;
      if (sessions > 0) {
        line.channel.close();
        throw unavailable(
          `the running broker (pid ${pid}) is gw ${version}, this session is gw ${BROKER_VERSION}, and ${sessions} session(s) use it; it is replaced once they end`,
        );
      }
      log.info(`replacing the unused broker pid ${pid} (gw ${version}) with gw ${BROKER_VERSION}`);
      await stopBroker(line);
      const next = await ensureBroker(paths, settings.shareGrace);
      if (next.hello.version === BROKER_VERSION) return next;
      next.channel.close();
      throw unavailable(
        `the broker (pid ${next.hello.pid}) is still gw ${next.hello.version} after replacing it`,
      );
    },
    lost(line) {
      void sweepIfGone(line.hello.pid, paths.dir, log);
    },
  };

  // Sharing failed for a reason that holds for this session: later connections go direct.
  const fallBack = (reason: string) => {
    if (unshared !== undefined) return;
    unshared = reason;
    log.warn(`sharing is off for this session, its servers run unshared: ${reason}`);
  };

  return async (config, direct, era) => {
    if (unshared !== undefined || !isShareable(config) || !(direct instanceof StdioUpstreamTransport))
      return undefined;
    const o = direct.options;
    const spec: SpawnSpec = {
      server: o.server,
      display: o.display,
      command: o.command,
      args: o.args,
      env: o.env,
      cwd: o.cwd,
      maxMessageBytes: o.maxMessageBytes,
      startTimeout: config.startTimeout,
      protocol: config.protocol,
    };
    // Sessions share an upstream only when they would spawn exactly the same process.
    const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
    const transport = new BrokerTransport(spec, key, access, era);
    const began = Date.now();
    try {
      await transport.start();
    } catch (error) {
      if (!isGatewayError(error, 'BROKER_UNAVAILABLE')) throw error;
      fallBack(error.message);
      return undefined;
    }
    // Wall-clock times, so a bench can split a session's start into process start, attach and listing.
    log.debug(
      `attached ${config.name} through the broker (${transport.era}) from t=${began} to t=${Date.now()}`,
    );
    const discover = transport.discover as DiscoverResult | undefined;
    return { transport, era: transport.era, ...(discover && { discover }) };
  };
}

async function stopBroker(line: BrokerLine): Promise<void> {
  await new Promise<void>((resolve) => {
    line.handle({ onMessage: () => undefined, onClose: resolve });
    line.channel.send({ gw: 'stop' });
  });
  await waitGone(line.hello.pid);
}

// The broker closed a shared connection: if it died (a kill), the upstreams it owned are ended from its records.
async function sweepIfGone(pid: number, dir: string, log: Logger): Promise<void> {
  if (!(await waitGone(pid))) return;
  const swept = await sweepOrphans(dir);
  if (swept.length > 0)
    log.warn(`the broker (pid ${pid}) died; ended its upstreams: ${swept.map((s) => s.server).join(', ')}`);
}

async function waitGone(pid: number, timeoutMs = 3000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await delay(20))
    if (!isAlive(pid)) return true;
  return !isAlive(pid);
}
