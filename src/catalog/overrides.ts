// Per-tool overrides from gateway.json ("tools" of a server): the definition clients see, and the arguments a call sends.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolOverride } from '../config/schema.js';

// What the call path needs of an applied override.
export interface AppliedOverride {
  // Parameters the client no longer sees; passing one is refused.
  hidden: ReadonlySet<string>;
  // Filled in when the client leaves them out (hidden ones always).
  defaults: Readonly<Record<string, unknown>>;
  // True when calls need rewriting (the relay then hands the call on to the regular path).
  rewritesArguments: boolean;
}

type Schema = { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;

// The overridden definition (under the override's bare name), the call-side rules, and what was wrong with the override.
export function applyOverride(server: string, tool: Tool, o: ToolOverride): { tool: Tool; applied: AppliedOverride; warnings: string[] } {
  const warnings: string[] = [];
  const schema = tool.inputSchema as Schema;
  const properties = { ...(schema.properties ?? {}) };
  const required = new Set(schema.required ?? []);
  const defaults = o.defaults ?? {};
  const hidden = new Set<string>();
  const at = `mcpServers.${server}.tools.${tool.name}`;
  for (const key of Object.keys(defaults)) {
    if (!Object.hasOwn(properties, key)) warnings.push(`${at}.defaults: '${key}' is not a parameter of tool '${tool.name}'`);
    required.delete(key);
  }
  for (const param of o.hide ?? []) {
    if (!Object.hasOwn(properties, param)) {
      warnings.push(`${at}.hide: '${param}' is not a parameter of tool '${tool.name}'`);
    } else if (required.has(param)) {
      // Hiding it would make every call fail upstream: the parameter stays visible.
      warnings.push(`${at}.hide: '${param}' is required by tool '${tool.name}'; give it a value in "defaults" to hide it`);
    } else {
      hidden.add(param);
      delete properties[param];
    }
  }
  const inputSchema = { ...schema, properties } as Tool['inputSchema'];
  if (schema.required) inputSchema.required = schema.required.filter((r) => required.has(r));
  let description = o.description ?? tool.description;
  if (o.appendDescription !== undefined) description = description ? `${description}\n\n${o.appendDescription}` : o.appendDescription;
  const overridden: Tool = {
    ...tool,
    name: o.name ?? tool.name,
    ...(description !== undefined && { description }),
    inputSchema,
    ...(o.annotations !== undefined && { annotations: { ...tool.annotations, ...o.annotations } }),
  };
  const rewritesArguments = hidden.size > 0 || Object.keys(defaults).length > 0;
  return { tool: overridden, applied: { hidden, defaults, rewritesArguments }, warnings };
}

// The arguments to send upstream: a hidden parameter passed by the client is named in `refused`; defaults fill the gaps.
export function prepareArguments(applied: AppliedOverride, args: Record<string, unknown>): { refused?: string; args: Record<string, unknown> } {
  const refused = Object.keys(args).find((k) => applied.hidden.has(k));
  if (refused !== undefined) return { refused, args };
  const out = { ...args };
  for (const [key, value] of Object.entries(applied.defaults)) if (!Object.hasOwn(out, key)) out[key] = value;
  return { args: out };
}
