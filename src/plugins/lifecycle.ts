// Plugin lifecycle: setup in order at start (closing the ones already set up if one fails), close in reverse order, tools adapted.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { withDeadline } from '../pipeline/deadline.js';
import type { LocalTool } from '../catalog/catalog.js';
import type { GatewayConfig } from '../config/schema.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { Plugin, PluginToolContext } from '../pipeline/types.js';

// A plugin's setup that has not finished by then fails: startup stops with a clear error, and a reload keeps the last
// good configuration serving instead of waiting for ever.
// (GW_PLUGIN_TIMEOUT_MS overrides it, for tests and for slow machines.)
const pluginTimeoutMs = (): number => Number(process.env.GW_PLUGIN_TIMEOUT_MS) || 30_000;

export async function setupPlugins(
  plugins: readonly Plugin[],
  config: GatewayConfig,
  log: Logger,
  notifyListChanged: () => void = () => undefined,
): Promise<void> {
  const done: Plugin[] = [];
  for (const plugin of plugins) {
    try {
      await withDeadline(
        plugin.setup?.({
          configPath: config.path,
          configDir: config.dir,
          stateDir: config.settings.stateDir,
          log: log.child(`plugin:${plugin.name}`),
          notifyListChanged,
        }),
        pluginTimeoutMs(),
        'setup() did not finish',
      );
      done.push(plugin);
    } catch (error) {
      await closePlugins(done, log);
      throw new GatewayError('PLUGIN_FAILED', `plugin '${plugin.name}' failed to set up: ${messageOf(error)}`, { cause: error });
    }
  }
}

export async function closePlugins(plugins: readonly Plugin[], log: Logger): Promise<void> {
  for (const plugin of [...plugins].reverse()) {
    try {
      await withDeadline(plugin.close?.(), pluginTimeoutMs(), 'close() did not finish');
    } catch (error) {
      log.warn(`plugin '${plugin.name}' failed to close: ${messageOf(error)}`);
    }
  }
}

// A plugin's tools become local tools of the catalog; plain return values are wrapped as text or structured content.
export function pluginTools(plugins: readonly Plugin[]): LocalTool[] {
  return plugins.flatMap((plugin) =>
    (plugin.tools ?? []).map(
      (tool): LocalTool => ({
        definition: {
          name: tool.name,
          ...(tool.title !== undefined && { title: tool.title }),
          description: tool.description ?? `A tool of the '${plugin.name}' plugin.`,
          inputSchema: tool.inputSchema ?? { type: 'object', properties: {} },
          ...(tool.annotations !== undefined && { annotations: tool.annotations }),
        },
        async handler(args, ctx) {
          return toToolResult(await tool.handler(args, ctx as unknown as PluginToolContext));
        },
      }),
    ),
  );
}

function toToolResult(value: CallToolResult | string | Record<string, unknown>): CallToolResult {
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (Array.isArray((value as CallToolResult).content)) return value as CallToolResult;
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}
