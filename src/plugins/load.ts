// Loads the plugins listed in gateway.json: TypeScript files through tsx (no build step), packages by specifier; default export is a plugin or a factory.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { PluginConfig } from '../config/schema.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Plugin } from '../pipeline/types.js';

const BUILTIN_PREFIX = 'fast-gateway/plugins/';
const BUILTIN_DIR = path.join(import.meta.dirname, 'builtin');

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

// Built-in plugins resolve to this package's own files so they work without the package being installed by name.
async function importModule(spec: string, fresh: boolean): Promise<unknown> {
  if (spec.startsWith(BUILTIN_PREFIX)) {
    const name = spec.slice(BUILTIN_PREFIX.length);
    const js = path.join(BUILTIN_DIR, `${name}.js`);
    const ts = path.join(BUILTIN_DIR, `${name}.ts`);
    if (existsSync(js)) return import(pathToFileURL(js).href);
    if (existsSync(ts)) return tsImport(pathToFileURL(ts).href, import.meta.url);
    throw new Error(`there is no built-in plugin '${name}'`);
  }
  if (path.isAbsolute(spec)) {
    if (!existsSync(spec)) throw new Error(`file not found: ${spec}`);
    const url = pathToFileURL(spec).href + (fresh ? `?reload=${Date.now()}` : '');
    return /\.[cm]?ts$/.test(spec) ? tsImport(url, import.meta.url) : import(url);
  }
  return import(spec);
}
