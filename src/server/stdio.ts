// Serves the gateway to one client over stdio, with live reload and a shutdown that leaves no upstream process behind.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseConfigText } from '../config/parse.js';
import type { GatewayConfig } from '../config/schema.js';
import { watchConfig } from '../config/watch.js';
import { messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { Logger } from '../log.js';
import { loadPlugins } from '../plugins/load.js';
import { sweepOrphans } from '../upstream/child-records.js';
import { killTreeSync } from '../upstream/process-tree.js';
import { createSession } from './session.js';
import { publishStatus, readRestartRequest } from '../status.js';

export interface ServeStdioOptions {
  gateway: Gateway;
  group?: string;
  // The file to watch for live reload (omit to disable), and the text it was loaded from.
  watchFile?: string;
  loadedText?: string;
  // Applied to every reloaded config (command-line overrides such as --tools).
  adjust?: (config: GatewayConfig) => GatewayConfig;
}

const SHUTDOWN_LIMIT_MS = 4500;
const INITIALIZE_WAIT_MS = 3000;

// Runs until the client goes away or a signal arrives; resolves after every upstream is gone.
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const { gateway } = options;
  const log = gateway.log;
  const swept = await sweepOrphans(gateway.config.settings.stateDir).catch(() => []);
  for (const s of swept) log.warn(`cleaned up an orphaned process of server '${s.server}' (pid ${s.pid}) left by an earlier gateway`);
  await gateway.prepare();

  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void gateway.start();
  };
  const session = createSession(gateway, {
    ...(options.group !== undefined && { group: options.group }),
    onInitialized: (caps) => {
      gateway.setClientCapabilities(caps);
      start();
    },
  });
  // A client that is slow to initialize still gets its upstreams warming up.
  setTimeout(start, INITIALIZE_WAIT_MS).unref();

  const watcher = options.watchFile ? startWatching(options, log) : undefined;
  const status = publishStatus(gateway, { ...(options.group !== undefined && { group: options.group }), mode: 'stdio' });
  // `gw restart NAME` writes its request to the state directory and signals every running gateway.
  process.on('SIGUSR2', () => {
    for (const name of readRestartRequest(gateway.config.settings.stateDir)) {
      const upstream = gateway.pool.get(name);
      if (!upstream) continue;
      log.info(`restarting server '${name}' (gw restart)`);
      void upstream.restart();
    }
  });
  const transport = new StdioServerTransport();
  await session.connect(transport);
  log.info(`serving ${gateway.config.servers.filter((s) => s.enabled).length} servers over stdio${options.group ? ` (group ${options.group})` : ''}`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string, code = 0) => {
      if (stopping) return;
      stopping = true;
      log.info(`shutting down (${why})`);
      // Last resort if closing hangs: kill every child tree synchronously and leave.
      const force = setTimeout(() => {
        lastResort(gateway);
        process.exit(code);
      }, SHUTDOWN_LIMIT_MS);
      force.unref();
      watcher?.close();
      status.close();
      void session
        .close()
        .then(() => gateway.close())
        .finally(() => {
          clearTimeout(force);
          process.exitCode = code;
          resolve();
        });
    };
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
    process.on('uncaughtException', (error) => {
      log.error(`uncaught error: ${error.stack ?? error.message}`);
      stop('uncaught error', 1);
    });
    process.on('unhandledRejection', (error) => log.error(`unhandled rejection: ${messageOf(error)}`));
    process.on('exit', () => lastResort(gateway));
    // Parent death: when the client that launched us dies without closing stdin, we are reparented.
    const parent = process.ppid;
    const poll = setInterval(() => {
      if (process.ppid !== parent) stop('parent process exited');
    }, 1000);
    poll.unref();
  });
}

function lastResort(gateway: Gateway): void {
  for (const s of gateway.statuses()) if (s.pid !== undefined) killTreeSync(s.pid);
}

function startWatching(options: ServeStdioOptions, log: Logger) {
  const { gateway } = options;
  const file = options.watchFile as string;
  let queue = Promise.resolve();
  return watchConfig(file, {
    ...(options.loadedText !== undefined && { initialText: options.loadedText }),
    onError: (error) => log.warn(`watching ${file}: ${error.message}`),
    onText: (text) => {
      queue = queue.then(async () => {
        let next: GatewayConfig;
        try {
          next = parseConfigText(text, { file, stateDir: gateway.config.settings.stateDir });
          if (options.adjust) next = options.adjust(next);
          if (options.group !== undefined && !next.groups.has(options.group)) {
            throw new Error(`group '${options.group}' (served by this gateway) no longer exists`);
          }
        } catch (error) {
          log.error(`config change ignored, still serving the last good configuration:\n${messageOf(error)}`);
          return;
        }
        try {
          const pluginsChanged = JSON.stringify(next.plugins) !== JSON.stringify(gateway.config.plugins);
          const plugins = pluginsChanged ? await loadPlugins(next.plugins, { fresh: true }) : undefined;
          await gateway.reload(next, plugins);
          log.info(`reloaded ${file}`);
        } catch (error) {
          log.error(`config change could not be applied: ${messageOf(error)}`);
        }
      });
    },
  });
}
