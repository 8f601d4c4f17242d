// "consolidate": tools with the same name and schema on several servers of a view become one tool with a `target` argument.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEntry } from './catalog.js';

export const TARGET_PARAM = 'target';

// The merged entries keep config order (each at its first member's place); `members` routes a call by target.
export function consolidateTools(tools: readonly ToolEntry[], separator: string): { tools: ToolEntry[]; warnings: string[] } {
  const groups = new Map<string, ToolEntry[]>();
  for (const t of tools) {
    if (t.local) continue;
    const key = `${bareName(t, separator)}\u0000${stableJson(t.exposed.inputSchema)}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const taken = new Set(tools.map((t) => t.name));
  const warnings: string[] = [];
  const merged = new Map<ToolEntry, ToolEntry | null>();
  for (const members of groups.values()) {
    const first = members[0];
    if (!first || members.length < 2 || new Set(members.map((m) => m.server)).size < members.length) continue;
    const name = bareName(first, separator);
    const schema = first.exposed.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
    if ((taken.has(name) && !members.some((m) => m.name === name)) || Object.hasOwn(schema.properties ?? {}, TARGET_PARAM)) {
      warnings.push(`consolidate: '${name}' of ${members.map((m) => m.server).join(', ')} is listed per server (the name is taken, or the tool has its own '${TARGET_PARAM}' parameter)`);
      continue;
    }
    taken.add(name);
    merged.set(first, toMerged(name, members));
    for (const m of members.slice(1)) merged.set(m, null);
  }
  return { tools: tools.flatMap((t) => (merged.has(t) ? (merged.get(t) ? [merged.get(t) as ToolEntry] : []) : [t])), warnings };
}

function toMerged(name: string, members: ToolEntry[]): ToolEntry {
  const first = members[0] as ToolEntry;
  const servers = members.map((m) => m.server);
  const schema = first.exposed.inputSchema as Tool['inputSchema'];
  const exposed: Tool = {
    ...first.exposed,
    name,
    inputSchema: {
      ...schema,
      properties: { [TARGET_PARAM]: { type: 'string', enum: servers, description: 'Which server to call' }, ...schema.properties },
      required: [TARGET_PARAM, ...(schema.required ?? [])],
    },
  };
  return { ...first, name, server: servers.join(','), exposed, members: new Map(members.map((m) => [m.server, m])) };
}

// The tool's name as shown without the server prefix (an override's name counts).
function bareName(t: ToolEntry, separator: string): string {
  const prefix = `${t.server}${separator}`;
  return t.name.startsWith(prefix) && t.name.length > prefix.length ? t.name.slice(prefix.length) : t.name;
}

// Key order does not make two schemas different.
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
