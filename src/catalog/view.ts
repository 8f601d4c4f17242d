// One access-filtered view of the catalog (all servers, or one group): what a session may list, call, search and describe.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog, PromptEntry, ToolEntry } from './catalog.js';
import type { AccessPolicy } from './rules.js';
import { consolidateTools } from './consolidate.js';
import { createSearchIndex, type SearchDoc, type SearchIndex } from './search/index.js';

export interface View {
  readonly catalog: Catalog;
  readonly group: string | undefined;
  // Notes about this view (tools consolidation left per server).
  readonly warnings: string[];
  // Permitted upstream and plugin tools (meta-tools excluded), config order.
  readonly tools: ToolEntry[];
  readonly byName: Map<string, ToolEntry>;
  readonly prompts: PromptEntry[];
  readonly promptsByName: Map<string, PromptEntry>;
  // The tools/list answer for a mode, built once per view.
  listing(mode: 'all' | 'search'): Tool[];
  search(): SearchIndex;
  // The documents the index was built from (for the semantic signal).
  searchDocs(): SearchDoc[];
  hasServer(server: string): boolean;
}

export interface ViewOptions {
  // Tools with the same name and schema on several servers listed once, with a `target` argument.
  consolidate?: boolean;
  separator?: string;
}

export function createView(
  catalog: Catalog,
  policy: AccessPolicy,
  group: string | undefined,
  serverDescriptions: Map<string, string>,
  options: ViewOptions = {},
): View {
  const permitted = catalog.tools.filter((t) => (t.local ? t.local.visibleIn?.(group) !== false : policy.permits(t.server, t.tool.name, t.name)));
  const consolidated = options.consolidate ? consolidateTools(permitted, options.separator ?? '_') : undefined;
  const tools = consolidated?.tools ?? permitted;
  const prompts = catalog.prompts.filter((p) => policy.permits(p.server, p.prompt.name, p.name));
  const listings = new Map<string, Tool[]>();
  let index: SearchIndex | undefined;
  let docs: SearchDoc[] | undefined;
  const searchDocs = () => (docs ??= tools.filter((t) => !t.local?.meta).map((t) => toSearchDoc(t, serverDescriptions)));
  return {
    catalog,
    group,
    warnings: consolidated?.warnings ?? [],
    tools,
    byName: new Map(tools.map((t) => [t.name, t])),
    prompts,
    promptsByName: new Map(prompts.map((p) => [p.name, p])),
    listing(mode) {
      let list = listings.get(mode);
      if (!list) {
        list = tools.filter((t) => (mode === 'all' ? t.local?.meta !== true || !isInvoke(t) : t.local?.meta === true)).map((t) => t.exposed);
        listings.set(mode, list);
      }
      return list;
    },
    search() {
      index ??= createSearchIndex(searchDocs());
      return index;
    },
    searchDocs,
    hasServer: (server) => policy.hasServer(server),
  };
}

// invoke_tool exists only in search mode; in "all" mode every tool is listed directly.
function isInvoke(t: ToolEntry): boolean {
  return t.name === 'invoke_tool';
}

export function toSearchDoc(t: ToolEntry, serverDescriptions: Map<string, string>): SearchDoc {
  const desc = serverDescriptions.get(t.server);
  return {
    name: t.name,
    server: t.server,
    tool: t.tool.name,
    // The definition clients see: gateway.json overrides (description, hidden parameters) included.
    ...(t.exposed.title !== undefined && { title: t.exposed.title }),
    ...(t.exposed.description !== undefined && { description: t.exposed.description }),
    inputSchema: t.exposed.inputSchema,
    ...(desc !== undefined && { serverDescription: desc }),
  };
}
