// The one composition root: how a Gateway is put together from a config for each way gw runs it (serving over stdio
// or HTTP, one-shot inspection for gw tools/doctor, a connection test for gw test, the programmatic API).
import { configureTokenStore } from './auth/store.js';
import type { GatewayConfig } from './config/schema.js';
import { openGateway, type Gateway } from './gateway.js';
import type { Logger } from './log.js';
import type { Plugin } from './pipeline/types.js';
import { loadPlugins } from './plugins/load.js';

// serve: the config's plugins, upstream failures retried. inspect: the config's plugins, failures final (a one-shot
// command reports them). probe: no plugins (a connection test must not run plugin setup a second time in this
// process), failures final.
export type AssemblyMode = 'serve' | 'inspect' | 'probe';

export interface AssembleOptions {
  config: GatewayConfig;
  log: Logger;
  mode: AssemblyMode;
  // Plugins from code (the programmatic API, tracing), kept after the config's plugins across reloads.
  extraPlugins?: Plugin[];
}

export async function assembleGateway(options: AssembleOptions): Promise<Gateway> {
  const { config, log, mode } = options;
  configureTokenStore(config.settings.stateDir, config.settings.auth?.tokenStore, log.child('auth'));
  const plugins = mode === 'probe' ? [] : await loadPlugins(config.plugins);
  return openGateway({
    config: mode === 'probe' ? { ...config, plugins: [] } : config,
    plugins,
    log,
    ...(options.extraPlugins !== undefined && options.extraPlugins.length > 0 && { extraPlugins: options.extraPlugins }),
    ...(mode !== 'serve' && { retry: false }),
  });
}
