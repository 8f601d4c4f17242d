// The instructions a session is given: the gateway's own first line, the configured text, then each member server's
// own instructions (through the instructions hook, where a plugin such as guard may withhold them).
import type { View } from './catalog/view.js';
import type { Settings } from './config/schema.js';
import type { HookHost } from './pipeline/host.js';
import type { ServerView } from './upstream/pool.js';

export function gatewayInstructions(members: readonly ServerView[], view: View, settings: Settings, hooks: HookHost): string {
  const loading = members.some((u) => !u.fresh && u.snapshot.tools.length === 0);
  const parts = [describeGateway(members.length, view.tools.filter((t) => !t.local?.meta).length, loading, settings.tools)];
  if (settings.instructions) parts.push(settings.instructions);
  for (const u of members) {
    // The one place a member server's own instructions are taken.
    const text = u.snapshot.instructions && hooks.instructions(u.name, u.snapshot.instructions);
    if (text) parts.push(`## ${u.name}\n${text}`);
  }
  return parts.join('\n\n');
}

// The gateway's own first line of instructions: what it is, what this session sees, and how to find tools.
export function describeGateway(servers: number, tools: number, loading: boolean, mode: 'all' | 'search'): string {
  const count = loading && tools === 0 ? 'tools still loading' : `${tools} tool${tools === 1 ? '' : 's'}`;
  const what = `fast-gateway: one MCP server in front of ${servers} server${servers === 1 ? '' : 's'} (${count}).`;
  if (mode === 'search') {
    return `${what} Their tools are not listed: search_tools finds a tool by describing the task, describe_tool shows its parameters and invoke_tool calls it.`;
  }
  return `${what} search_tools finds a tool by describing the task; describe_tool shows a tool's parameters.`;
}
