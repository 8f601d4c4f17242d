// Loads the plugins listed in gateway.json: TypeScript files through tsx (no build step), packages by specifier; default export is a plugin or a factory.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginConfig } from '../config/schema.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Plugin } from '../pipeline/types.js';

const BUILTIN_PREFIX = 'fast-gateway/plugins/';
// Literal imports, so the bundled gw binary carries the built-in plugins inside it.
const BUILTINS: Record<string, () => Promise<unknown>> = {
  audit: () => import('./builtin/audit.js'),
  confirm: () => import('./builtin/confirm.js'),
  guard: () => import('./builtin/guard.js'),
  pin: () => import('./builtin/pin.js'),
  'rate-limit': () => import('./builtin/rate-limit.js'),
  redact: () => import('./builtin/redact.js'),
};

export interface LoadPluginsOptions {
  // Re-import plugin files even if loaded before (live reload after a plugin file or its options changed).
  fresh?: boolean;
}

export async function loadPlugins(configs: readonly PluginConfig[], options: LoadPluginsOptions = {}): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  for (const entry of configs) plugins.push(await loadPlugin(entry, options.fresh === true));
  const names = new Set<string>();
  for (const p of plugins) {
    if (names.has(p.name)) throw new GatewayError('PLUGIN_FAILED', `two plugins are named '${p.name}'; plugin names must be unique`);
    names.add(p.name);
  }
  return plugins;
}

async function loadPlugin(entry: PluginConfig, fresh: boolean): Promise<Plugin> {
  let mod: { default?: unknown };
  try {
    mod = (await importModule(entry.module, fresh)) as { default?: unknown };
  } catch (error) {
    throw new GatewayError('PLUGIN_FAILED', `plugin module '${entry.module}' could not be loaded: ${messageOf(error)}`, { cause: error });
  }
  let exported = mod.default;
  // tsx compiles a .ts file outside an ESM package ("type": "module") as CommonJS; its default export then sits one level down.
  if (exported && typeof exported === 'object' && !('name' in exported) && 'default' in exported) {
    exported = (exported as { default: unknown }).default;
  }
  let plugin: unknown;
  try {
    plugin = typeof exported === 'function' ? await (exported as (o: unknown) => unknown)(entry.options ?? {}) : exported;
  } catch (error) {
    throw new GatewayError('PLUGIN_FAILED', `plugin module '${entry.module}' failed to create its plugin: ${messageOf(error)}`, { cause: error });
  }
  if (!plugin || typeof plugin !== 'object' || typeof (plugin as Plugin).name !== 'string') {
    throw new GatewayError(
      'PLUGIN_FAILED',
      `plugin module '${entry.module}' must default-export a plugin object { name, hooks?, ... } or a function (options) => plugin`,
    );
  }
  return plugin as Plugin;
}

// Built-in plugins are this package's own modules, so they work without the package being installed by name.
async function importModule(spec: string, fresh: boolean): Promise<unknown> {
  if (spec.startsWith(BUILTIN_PREFIX)) {
    const name = spec.slice(BUILTIN_PREFIX.length);
    const load = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    if (!load) throw new Error(`there is no built-in plugin '${name}' (built in: ${Object.keys(BUILTINS).join(', ')})`);
    return load();
  }
  if (path.isAbsolute(spec)) {
    if (!existsSync(spec)) throw new Error(`file not found: ${spec}`);
    const url = pathToFileURL(spec).href + (fresh ? `?reload=${Date.now()}` : '');
    if (!/\.[cm]?ts$/.test(spec)) return import(url);
    // tsx is loaded only when a TypeScript plugin is: it costs startup time otherwise.
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
  return import(spec);
}
