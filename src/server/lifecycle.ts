// What every serving mode shares: orphan sweep, live reload, status publishing, `gw restart` requests and a shutdown that leaves no upstream process behind.
import { parseConfigText } from '../config/parse.js';
import { readConfigFile } from '../config/load.js';
import type { GatewayConfig } from '../config/schema.js';
import { watchConfig } from '../config/watch.js';
import { messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { Logger } from '../log.js';
import { loadPlugins } from '../plugins/load.js';
import { publishStatus, readRestartRequest } from '../status.js';
import { sweepOrphans } from '../upstream/child-records.js';
import { killTreeSync } from '../upstream/process-tree.js';

export interface ServingOptions {
  gateway: Gateway;
  mode: 'stdio' | 'http';
  // The group served by the whole process (stdio --group); a reload that removes it is refused.
  group?: string;
  // The file to watch for live reload (omit to disable), and the text it was loaded from.
  watchFile?: string;
  loadedText?: string;
  // Applied to every reloaded config (command-line overrides such as --tools).
  adjust?: (config: GatewayConfig) => GatewayConfig;
}

export interface Serving {
  // Re-reads the config file now (admin writes, POST /admin/reload); resolves once applied or refused.
  // Unchanged text is skipped unless `force` (an explicit reload re-applies and re-announces list_changed).
  reload(options?: { force?: boolean }): Promise<ReloadResult>;
  close(): void;
}

// What a reload did: applied, skipped (same text as last applied), or refused with the reason.
export type ReloadResult = { ok: true; applied: boolean } | { ok: false; error: string };

export interface StopOptions {
  // Stop when stdin ends (stdio mode: the client went away).
  stdin?: boolean;
  // Stop when the parent process dies (we get reparented).
  parent?: boolean;
  // Closes what the mode owns (sessions, listeners) before the gateway's upstreams are closed.
  close: () => Promise<void>;
  // Extra time `close` may take before the last resort (HTTP's drain of calls in flight).
  graceMs?: number;
}

const SHUTDOWN_LIMIT_MS = 4500;

// Sweeps orphans from an earlier gateway, prepares the upstreams, starts watching, publishing status and listening for SIGUSR2.
export async function beginServing(options: ServingOptions): Promise<Serving> {
  const { gateway } = options;
  const log = gateway.log;
  const swept = await sweepOrphans(gateway.config.settings.stateDir).catch(() => []);
  for (const s of swept) log.warn(`cleaned up an orphaned process of server '${s.server}' (pid ${s.pid}) left by an earlier gateway`);
  await gateway.prepare();
  const reloader = createReloader(options, log);
  const watcher = options.watchFile
    ? watchConfig(options.watchFile, {
        ...(options.loadedText !== undefined && { initialText: options.loadedText }),
        onError: (error) => log.warn(`watching ${options.watchFile}: ${error.message}`),
        onText: (text) => void reloader.apply(text),
      })
    : undefined;
  const status = publishStatus(gateway, { ...(options.group !== undefined && { group: options.group }), mode: options.mode });
  // `gw restart NAME` writes its request to the state directory and signals every running gateway.
  const onRestart = () => {
    for (const name of readRestartRequest(gateway.config.settings.stateDir)) {
      if (!gateway.pool.server(name)) continue;
      log.info(`restarting server '${name}' (gw restart)`);
      gateway.pool.restart(name);
    }
  };
  process.on('SIGUSR2', onRestart);
  return {
    reload: (opts) => reloader.reread(opts?.force ?? false),
    close() {
      process.off('SIGUSR2', onRestart);
      watcher?.close();
      status.close();
    },
  };
}

// Resolves once a stop condition (signal, stdin end, parent death, uncaught error) has led to a complete shutdown.
export function runUntilStopped(gateway: Gateway, options: StopOptions): Promise<void> {
  const log = gateway.log;
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string, code = 0) => {
      if (stopping) return;
      stopping = true;
      log.info(`shutting down (${why})`);
      // Last resort if closing hangs: kill every child tree synchronously and leave.
      const force = setTimeout(() => {
        lastResort(gateway);
        process.exit(code);
      }, SHUTDOWN_LIMIT_MS + (options.graceMs ?? 0));
      force.unref();
      void options
        .close()
        .catch((error: unknown) => log.error(`shutting down: ${messageOf(error)}`))
        .then(() => gateway.close())
        .finally(() => {
          clearTimeout(force);
          process.exitCode = code;
          resolve();
        });
    };
    if (options.stdin) {
      process.stdin.on('end', () => stop('stdin closed'));
      process.stdin.on('close', () => stop('stdin closed'));
    }
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
    process.on('uncaughtException', (error) => {
      log.error(`uncaught error: ${error.stack ?? error.message}`);
      stop('uncaught error', 1);
    });
    process.on('unhandledRejection', (error) => log.error(`unhandled rejection: ${messageOf(error)}`));
    process.on('exit', () => lastResort(gateway));
    if (options.parent) {
      // Parent death: when the process that launched us dies without closing stdin, we are reparented.
      const parent = process.ppid;
      const poll = setInterval(() => {
        if (process.ppid !== parent) stop('parent process exited');
      }, 1000);
      poll.unref();
    }
  });
}

function lastResort(gateway: Gateway): void {
  for (const pid of gateway.livePids()) killTreeSync(pid);
}

// Applies config texts one at a time: parse and validate, keep the last good config on error, reload plugins only when they changed.
function createReloader(options: ServingOptions, log: Logger) {
  const { gateway } = options;
  const file = options.watchFile ?? gateway.config.path;
  let queue: Promise<ReloadResult> = Promise.resolve({ ok: true, applied: false });
  // The text last applied, so the watcher and an admin write announcing the same change reload once.
  let applied = options.loadedText;
  const apply = (text: string, force = false): Promise<ReloadResult> => {
    queue = queue.then(async (): Promise<ReloadResult> => {
      if (file === undefined) return { ok: false, error: 'this gateway was not started from a config file' };
      if (text === applied && !force) return { ok: true, applied: false };
      applied = text;
      let next: GatewayConfig;
      try {
        next = parseConfigText(text, { file, stateDir: gateway.config.settings.stateDir });
        if (options.adjust) next = options.adjust(next);
        if (options.group !== undefined && !next.groups.has(options.group)) {
          throw new Error(`group '${options.group}' (served by this gateway) no longer exists`);
        }
      } catch (error) {
        log.error(`config change ignored, still serving the last good configuration:\n${messageOf(error)}`);
        return { ok: false, error: messageOf(error) };
      }
      try {
        const pluginsChanged = JSON.stringify(next.plugins) !== JSON.stringify(gateway.config.plugins);
        const plugins = pluginsChanged ? await loadPlugins(next.plugins, { fresh: true }) : undefined;
        await gateway.reload(next, plugins);
        log.info(`reloaded ${file}`);
        return { ok: true, applied: true };
      } catch (error) {
        log.error(`config change could not be applied: ${messageOf(error)}`);
        return { ok: false, error: messageOf(error) };
      }
    });
    return queue;
  };
  return {
    apply,
    async reread(force: boolean): Promise<ReloadResult> {
      if (file === undefined) return { ok: false, error: 'this gateway was not started from a config file' };
      return apply(await readConfigFile(file), force);
    },
  };
}
