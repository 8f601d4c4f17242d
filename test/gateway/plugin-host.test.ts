// The plugin host: setup before serving, plugins swapped on replace (code plugins kept), local tools rebuilt on demand.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse.js';
import type { GatewayConfig } from '../../src/config/schema.js';
import { isGatewayError } from '../../src/errors.js';
import { openPluginHost } from '../../src/gateway/plugin-host.js';
import { SILENT_LOGGER } from '../../src/log.js';
import type { Plugin } from '../../src/pipeline/types.js';

const configOf = (settings: Record<string, unknown> = {}): GatewayConfig =>
  parseConfigText(JSON.stringify({ mcpServers: {}, settings }), {
    file: '/tmp/cfg/gateway.json',
    stateDir: '/tmp/cfg/state',
  });

// A plugin that records its setup and close in `events`, with one tool named after it.
function recorded(name: string, events: string[], fail = false): Plugin {
  return {
    name,
    tools: [{ name: `${name}_tool`, handler: () => name }],
    setup: () => {
      events.push(`setup ${name}`);
      if (fail) throw new Error('no database');
    },
    close: () => void events.push(`close ${name}`),
  };
}

function hostOf(plugins: Plugin[], extraPlugins: Plugin[], config: () => GatewayConfig) {
  return openPluginHost({
    plugins,
    extraPlugins,
    config,
    log: SILENT_LOGGER,
    statuses: () => [],
    notifyListChanged: () => undefined,
  });
}

const toolNames = (host: { locals: readonly { definition: { name: string } }[] }) =>
  host.locals.map((t) => t.definition.name);

describe('openPluginHost', () => {
  it('sets up the config’s plugins, then the code’s; serves meta-tools and plugin tools; closes in reverse', async () => {
    const events: string[] = [];
    const host = await hostOf([recorded('a', events)], [recorded('code', events)], () => configOf());
    expect(events).toEqual(['setup a', 'setup code']);
    expect(host.hooks.plugins.map((p) => p.name)).toEqual(['a', 'code']);
    expect(toolNames(host)).toEqual(
      expect.arrayContaining(['search_tools', 'describe_tool', 'a_tool', 'code_tool']),
    );
    expect(toolNames(host)).not.toContain('gateway_status');
    await host.close();
    expect(events.slice(2)).toEqual(['close code', 'close a']);
  });

  it('replaces the config’s plugins, keeping the code’s, and closes only the replaced ones', async () => {
    const events: string[] = [];
    const host = await hostOf([recorded('a', events)], [recorded('code', events)], () => configOf());
    const before = host.hooks;
    await host.replace([recorded('b', events)], configOf());
    expect(events.slice(2)).toEqual(['setup b', 'close a']);
    expect(host.hooks).not.toBe(before);
    expect(host.hooks.plugins.map((p) => p.name)).toEqual(['b', 'code']);
    // Local tools follow only when asked (after the gateway has taken the new config).
    expect(toolNames(host)).toContain('a_tool');
    host.refreshLocals();
    expect(toolNames(host)).toContain('b_tool');
    expect(toolNames(host)).not.toContain('a_tool');
  });

  it('keeps the running plugins when a replacement fails to set up', async () => {
    const events: string[] = [];
    const host = await hostOf([recorded('a', events)], [], () => configOf());
    const error: unknown = await host
      .replace([recorded('bad', events, true)], configOf())
      .catch((e: unknown) => e);
    expect(isGatewayError(error, 'PLUGIN_FAILED')).toBe(true);
    expect((error as Error).message).toContain("plugin 'bad'");
    expect(events).toEqual(['setup a', 'setup bad']);
    expect(host.hooks.plugins.map((p) => p.name)).toEqual(['a']);
  });

  it('rebuilds the local tools from the config in force (the status tool follows settings.statusTool)', async () => {
    let config = configOf();
    const host = await hostOf([], [], () => config);
    expect(toolNames(host)).not.toContain('gateway_status');
    config = configOf({ statusTool: true });
    host.refreshLocals();
    expect(toolNames(host)).toContain('gateway_status');
  });
});
