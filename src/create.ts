// The programmatic API: build a gateway from a config object or file plus plugins and hooks, then serve it over stdio or any transport.
import path from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { loadConfig } from './config/load.js';
import { validateConfig } from './config/parse.js';
import type { GatewayConfig, GatewayFile } from './config/schema.js';
import { assembleGateway } from './assemble.js';
import type { Gateway } from './gateway.js';
import { createLogger, type Logger, type LogLevel } from './log.js';
import type { Hooks, Middleware, Plugin } from './pipeline/types.js';
import { createSession, type DownstreamSession } from './server/session.js';
import { serveStdio } from './server/stdio.js';

export interface CreateGatewayOptions {
  // A gateway.json-shaped object, or a path to one; by default the usual lookup (./gateway.json, …).
  config?: GatewayFile | string;
  // Where relative paths of an object config resolve (default: the current directory).
  configDir?: string;
  // Plugins in addition to those listed in the config (they run after them).
  plugins?: Plugin[];
  // Shorthand for one more plugin made of these hooks and middleware.
  hooks?: Hooks;
  middleware?: Middleware | Middleware[];
  logLevel?: LogLevel;
  log?: Logger;
}

export interface ServeOptions {
  group?: string;
  // Reload when the config file changes (file configs only; default true).
  watch?: boolean;
}

export interface GatewayInstance {
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  // Serves one client over this process's stdin/stdout until it goes away; resolves after every upstream is gone.
  serveStdio(options?: ServeOptions): Promise<void>;
  // Serves one client over any SDK transport (e.g. InMemoryTransport in tests); starts the upstreams.
  connect(transport: Transport, options?: { group?: string }): Promise<DownstreamSession>;
  close(): Promise<void>;
}

export async function createGateway(options: CreateGatewayOptions = {}): Promise<GatewayInstance> {
  let config: GatewayConfig;
  let file: { path: string; text: string } | undefined;
  if (typeof options.config === 'string' || options.config === undefined) {
    const loaded = await loadConfig(options.config);
    config = loaded.config;
    file = { path: loaded.located.path, text: loaded.text };
  } else {
    const dir = path.resolve(options.configDir ?? process.cwd());
    config = validateConfig(options.config, { file: path.join(dir, 'gateway.json') });
    delete config.path;
  }
  const log = options.log ?? createLogger({ level: options.logLevel ?? config.settings.logLevel ?? 'info' });
  const extra: Plugin[] = [...(options.plugins ?? [])];
  if (options.hooks || options.middleware) {
    extra.push({ name: 'inline', ...(options.hooks && { hooks: options.hooks }), ...(options.middleware && { middleware: options.middleware }) });
  }
  const gateway = await assembleGateway({ config, log, mode: 'serve', extraPlugins: extra });
  const sessions = new Set<DownstreamSession>();
  return {
    gateway,
    config,
    serveStdio: (serve = {}) =>
      serveStdio({
        gateway,
        ...(serve.group !== undefined && { group: serve.group }),
        ...(file && serve.watch !== false && { watchFile: file.path, loadedText: file.text }),
      }),
    async connect(transport, connectOptions = {}) {
      await gateway.prepare();
      const session = createSession(gateway, {
        ...(connectOptions.group !== undefined && { group: connectOptions.group }),
        onInitialized: (caps) => {
          gateway.setClientCapabilities(caps);
          void gateway.start();
        },
      });
      sessions.add(session);
      await session.connect(transport);
      return session;
    },
    async close() {
      for (const s of sessions) await s.close();
      await gateway.close();
    },
  };
}
