// The merged catalog: every upstream's tools and prompts under exposed names, routed by map, rebuilt when anything changes.
import type { CallToolResult, Prompt, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { SessionInfo } from '../pipeline/types.js';
import type { UpstreamSnapshot } from '../upstream/lists.js';
import { DEFAULT_MAX_NAME_LENGTH, type ToolOverride } from '../config/schema.js';
import { assignNames, type NameRequest } from './names.js';
import { applyOverride, type AppliedOverride } from './overrides.js';
import { withHints } from './client-hints.js';

// A tool served by the gateway itself (meta-tools, plugin tools).
export interface LocalTool {
  definition: Tool;
  // Runs the tool for the session in the context.
  handler: (args: Record<string, unknown>, context: LocalToolContext) => Promise<unknown> | unknown;
  // Meta-tools are listed according to settings.tools; plugin tools always.
  meta?: boolean;
  // False hides the tool from a view (run_code where code mode is off).
  visibleIn?: (group: string | undefined) => boolean;
}

export interface LocalToolContext {
  signal: AbortSignal;
  session: ToolSession;
}

// The one session type local tools see: who is calling (SessionInfo) plus the session's view and its governed call
// path, so a local tool can find and call tools exactly as the client could (meta-tools, code mode).
export interface ToolSession extends SessionInfo {
  visibleTools(): Promise<{ tools: ToolEntry[]; byName: Map<string, ToolEntry> }>;
  lookupOrWait(name: string, signal?: AbortSignal): Promise<ToolEntry | undefined>;
  searchVisible(query: string, limit: number, server?: string, alternatives?: readonly string[]): Promise<Array<{ entry: ToolEntry; score: number }>>;
  // Servers still starting whose tools are not known yet.
  startingServers(): string[];
  // A call through the same pipeline as the client's own tools/call (view, rules, hooks, confirm, audit, redact);
  // `as` adjusts the session the hooks see (code mode marks inner calls with its run id).
  callTool(name: string, args: Record<string, unknown>, ctx: LocalToolContext & { as?: (s: SessionInfo) => SessionInfo }): Promise<CallToolResult>;
}

export interface ToolEntry {
  name: string;
  server: string;
  // The upstream's own definition (original name).
  tool: Tool;
  // What the client sees: the same definition (overridden, if gateway.json says so) under the exposed name.
  exposed: Tool;
  local?: LocalTool;
  // Present when gateway.json overrides this tool: hidden parameters and defaults for the call path.
  override?: AppliedOverride;
  // Results are cut to this many characters (maxResultChars of the tool or its server).
  maxResultChars?: number;
  // A consolidated tool ("consolidate": true): the member entry of each server, chosen by the call's `target`.
  members?: ReadonlyMap<string, ToolEntry>;
}

export interface PromptEntry {
  name: string;
  server: string;
  prompt: Prompt;
  exposed: Prompt;
}

export interface CatalogSource {
  server: string;
  snapshot: UpstreamSnapshot;
  // Failed or stopped upstreams keep their names reserved but are not listed.
  listable: boolean;
  // False: items keep their own names, without `<server><separator>`.
  prefix?: boolean;
  // Per-tool overrides by the upstream's tool name, applied here once so listing, search and describe all see them.
  overrides?: ReadonlyMap<string, ToolOverride>;
  // Server-wide client hints (a tool's override wins).
  hints?: { searchHint?: string; maxResultChars?: number };
}

export interface Catalog {
  version: number;
  tools: ToolEntry[];
  toolsByName: Map<string, ToolEntry>;
  prompts: PromptEntry[];
  promptsByName: Map<string, PromptEntry>;
  warnings: string[];
}

let versions = 0;

export function buildCatalog(
  sources: readonly CatalogSource[],
  locals: readonly LocalTool[],
  separator: string,
  maxNameLength = DEFAULT_MAX_NAME_LENGTH,
): Catalog {
  const reserved = new Set(locals.map((l) => l.definition.name));
  const toolReqs: Array<NameRequest & { tool: Tool; listable: boolean; shown: Tool; applied?: AppliedOverride; maxResultChars?: number }> = [];
  const promptReqs: Array<NameRequest & { prompt: Prompt; listable: boolean }> = [];
  const overrideWarnings: string[] = [];
  for (const { server, snapshot, listable, prefix, overrides, hints } of sources) {
    for (const tool of snapshot.tools) {
      const o = overrides?.get(tool.name);
      const applied = o ? applyOverride(server, tool, o) : undefined;
      if (applied) overrideWarnings.push(...applied.warnings);
      const searchHint = o?.searchHint ?? hints?.searchHint;
      const maxResultChars = o?.maxResultChars ?? hints?.maxResultChars;
      const shown = withHints(applied?.tool ?? tool, {
        ...(o?.alwaysLoad !== undefined && { alwaysLoad: o.alwaysLoad }),
        ...(searchHint !== undefined && { searchHint }),
        ...(maxResultChars !== undefined && { maxResultChars }),
      });
      toolReqs.push({
        server,
        original: shown.name,
        tool,
        listable,
        prefix: prefix !== false,
        shown,
        ...(applied && { applied: applied.applied }),
        ...(maxResultChars !== undefined && { maxResultChars }),
      });
    }
    // Unknown names are reported once the server has listed its tools (a typo, or a tool the server dropped).
    if (overrides && snapshot.tools.length > 0) {
      const known = new Set(snapshot.tools.map((t) => t.name));
      for (const name of overrides.keys()) {
        if (!known.has(name)) overrideWarnings.push(`mcpServers.${server}.tools: '${name}' is not a tool of server '${server}' (its tools: ${[...known].slice(0, 8).join(', ')}${known.size > 8 ? ', …' : ''})`);
      }
    }
    for (const prompt of snapshot.prompts) promptReqs.push({ server, original: prompt.name, prompt, listable, prefix: prefix !== false });
  }
  const toolNames = assignNames(toolReqs, separator, reserved, maxNameLength);
  const promptNames = assignNames(promptReqs, separator, new Set(), maxNameLength);

  const tools: ToolEntry[] = locals.map((local) => ({
    name: local.definition.name,
    server: 'gateway',
    tool: local.definition,
    exposed: local.definition,
    local,
  }));
  toolNames.items.forEach((item, i) => {
    const req = toolReqs[i] as (typeof toolReqs)[number];
    if (!req.listable) return;
    const exposed = item.name === req.shown.name ? req.shown : { ...req.shown, name: item.name };
    tools.push({
      name: item.name,
      server: req.server,
      tool: req.tool,
      exposed,
      ...(req.applied && { override: req.applied }),
      ...(req.maxResultChars !== undefined && { maxResultChars: req.maxResultChars }),
    });
  });
  const prompts: PromptEntry[] = [];
  promptNames.items.forEach((item, i) => {
    const req = promptReqs[i] as (typeof promptReqs)[number];
    if (!req.listable) return;
    prompts.push({ name: item.name, server: req.server, prompt: req.prompt, exposed: { ...req.prompt, name: item.name } });
  });
  return {
    version: ++versions,
    tools,
    toolsByName: new Map(tools.map((t) => [t.name, t])),
    prompts,
    promptsByName: new Map(prompts.map((p) => [p.name, p])),
    warnings: [...overrideWarnings, ...toolNames.warnings, ...promptNames.warnings],
  };
}
