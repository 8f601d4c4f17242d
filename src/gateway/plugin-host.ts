// The plugins of a running gateway (set up, swapped on reload, closed), the hook host built from them, and the
// gateway's own tools beside the upstreams' (meta-tools, the status tool, plugin tools).
import type { LocalTool } from '../catalog/catalog.js';
import type { GatewayConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createHookHost, type HookHost } from '../pipeline/host.js';
import type { Plugin } from '../pipeline/types.js';
import { closePlugins, pluginTools, setupPlugins } from '../plugins/lifecycle.js';
import { createMetaTools } from '../server/meta-tools.js';
import { createStatusTool } from '../server/status-tool.js';
import type { UpstreamStatus } from '../upstream/context.js';

export interface PluginHost {
  readonly hooks: HookHost;
  // Built by refreshLocals, read at every catalog rebuild.
  readonly locals: readonly LocalTool[];
  // Sets up the next plugins, then swaps them in and closes the config's previous ones; a failing setup changes nothing.
  replace(next: readonly Plugin[], config: GatewayConfig): Promise<void>;
  // Rebuilds the local tools for the config now in force and the plugins now running.
  refreshLocals(): void;
  close(): Promise<void>;
}

export interface PluginHostOptions {
  // The config's plugins.
  plugins: readonly Plugin[];
  // Plugins from code (createGateway): kept after the config's plugins across every replace.
  extraPlugins: readonly Plugin[];
  config: () => GatewayConfig;
  log: Logger;
  // What the status tool reports.
  statuses: (group?: string) => UpstreamStatus[];
  // What a plugin's notifyListChanged calls.
  notifyListChanged: () => void;
}

// Plugins' setup runs here, so a failing plugin stops startup with a clear error.
export async function openPluginHost(options: PluginHostOptions): Promise<PluginHost> {
  const { extraPlugins, log, notifyListChanged } = options;
  let plugins = [...options.plugins, ...extraPlugins];
  await setupPlugins(plugins, options.config(), log, notifyListChanged);
  let hooks = createHookHost(plugins, log);
  const computeLocals = (): LocalTool[] => [
    ...createMetaTools(options.config),
    ...(options.config().settings.statusTool ? [createStatusTool(options.statuses)] : []),
    ...pluginTools(plugins),
  ];
  let locals = computeLocals();
  return {
    get hooks() {
      return hooks;
    },
    get locals() {
      return locals;
    },
    async replace(next, config) {
      await setupPlugins(next, config, log, notifyListChanged);
      const old = plugins;
      plugins = [...next, ...extraPlugins];
      hooks = createHookHost(plugins, log);
      await closePlugins(
        old.filter((p) => !extraPlugins.includes(p)),
        log,
      );
    },
    refreshLocals() {
      locals = computeLocals();
    },
    close: () => closePlugins(plugins, log),
  };
}
