// The gateway's own tools: search_tools, describe_tool, invoke_tool (the last only listed in "search" mode) and run_code
// (code mode, src/code-mode/, where it is on).
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { LocalTool, LocalToolContext, ToolSession } from '../catalog/catalog.js';
import { toolSignature } from '../catalog/signature.js';
import { errorResult, unknownToolResult } from '../pipeline/results.js';
import { describedMeta, modelVisible } from './scoped-uris.js';
import type { GatewayConfig } from '../config/schema.js';
import { toolsDeclaration } from '../code-mode/declarations.js';
import { codeModeAnywhere } from '../code-mode/limits.js';
import { createRunCodeTool } from '../code-mode/run-code-tool.js';

export const META_TOOL_NAMES = ['search_tools', 'describe_tool', 'invoke_tool', 'run_code'] as const;

// What a meta-tool needs from the session that runs it: the one local-tool session type.
export type MetaSession = ToolSession;

const MAX_LIMIT = 50;

// With the config, run_code joins them while code mode is on for the gateway or a group.
export function createMetaTools(config?: () => GatewayConfig): LocalTool[] {
  const tools = [searchTools, describeTool, invokeTool];
  if (!config || !codeModeAnywhere(config())) return tools;
  const asTypescript = (tool: LocalTool, args: Record<string, unknown>, ctx: LocalToolContext) =>
    tool.handler({ ...args, format: 'typescript' }, ctx) as Promise<CallToolResult>;
  const runCode = createRunCodeTool({
    config,
    reserved: new Set(META_TOOL_NAMES),
    search: (query, ctx) => asTypescript(searchTools, { query }, ctx),
    describe: (name, ctx) => asTypescript(describeTool, { name }, ctx),
  });
  // The `format` parameter is listed only where run_code is (it costs every listing a few dozen tokens).
  return [withFormat(searchTools), withFormat(describeTool), invokeTool, runCode];
}

function withFormat(tool: LocalTool): LocalTool {
  const schema = tool.definition.inputSchema;
  return { ...tool, definition: { ...tool.definition, inputSchema: { ...schema, properties: { ...schema.properties, format: FORMAT } } } };
}

// `format: "typescript"` on search_tools and describe_tool: declarations of the tools for run_code scripts.
const FORMAT = { type: 'string', enum: ['json', 'typescript'], description: 'typescript: add TypeScript declarations (for run_code)' };

const searchTools: LocalTool = {
  meta: true,
  definition: {
    name: 'search_tools',
    description:
      "Find this gateway's tools by what you want to do. Phrase the query in tools' words: an action verb and its object, plus the service when it matters ('post message to Slack channel'). Returns exact names and call signatures.",
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Action verb + object (+ service)' },
        alternatives: {
          type: 'array',
          items: { type: 'string' },
          description: 'Up to 3 other short phrasings; one per need when the request has several',
        },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: 'How many results (default 10, max 50)' },
        server: { type: 'string', description: 'Only tools of this server' },
        schema: { type: 'boolean', description: "Include each tool's input schema" },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async handler(args, ctx) {
    const query = typeof args.query === 'string' ? args.query : '';
    if (query.trim() === '') return errorResult("search_tools needs a non-empty 'query' string.");
    const limit = clampLimit(args.limit);
    const server = typeof args.server === 'string' && args.server !== '' ? args.server : undefined;
    const alternatives = Array.isArray(args.alternatives) ? args.alternatives.filter((a): a is string => typeof a === 'string') : [];
    const session = ctx.session;
    const hits = (await session.searchVisible(query, limit, server, alternatives)).filter((h) => modelVisible(h.entry.exposed));
    const starting = session.startingServers();
    const results = hits.map(({ entry, score }) => ({
      name: entry.name,
      server: entry.server,
      signature: toolSignature(entry.name, entry.exposed.inputSchema),
      description: oneLine(entry.exposed.description ?? entry.exposed.title ?? ''),
      score: Math.round(score * 1000) / 1000,
      ...(args.schema === true && { inputSchema: entry.exposed.inputSchema }),
    }));
    // Said outright, so that a model does not conclude a tool is missing while its server is still starting.
    const pending = starting.length > 0 && {
      starting,
      note: `still starting, their tools are not searchable yet: ${starting.join(', ')}; search again in a moment`,
    };
    const typescript = args.format === 'typescript' && { typescript: toolsDeclaration(hits.map((h) => h.entry.exposed)) };
    return structured({ query, results, ...pending, ...typescript });
  },
};

const describeTool: LocalTool = {
  meta: true,
  definition: {
    name: 'describe_tool',
    description: 'Get the full definition of one tool (description, input and output schema, annotations) by its exact name.',
    inputSchema: {
      type: 'object',
      properties: { name: { type: 'string', description: 'The exact tool name, as returned by search_tools' } },
      required: ['name'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async handler(args, ctx) {
    const name = typeof args.name === 'string' ? args.name : '';
    const entry = await ctx.session.lookupOrWait(name, ctx.signal);
    if (!entry || entry.local?.meta) return unknownToolResult(name);
    const t = entry.exposed;
    return structured({
      name: t.name,
      server: entry.server,
      ...(t.title !== undefined && { title: t.title }),
      description: t.description ?? '',
      inputSchema: t.inputSchema,
      ...(t.outputSchema !== undefined && { outputSchema: t.outputSchema }),
      ...(t.annotations !== undefined && { annotations: t.annotations }),
      ...(!entry.local && describedMeta(t, entry.server)),
      ...(args.format === 'typescript' && { typescript: toolsDeclaration([t]) }),
    });
  },
};

const invokeTool: LocalTool = {
  meta: true,
  definition: {
    name: 'invoke_tool',
    description: 'Call any tool available through this gateway by its exact name (find it with search_tools first).',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The exact tool name' },
        arguments: { type: 'object', description: "The tool's arguments", additionalProperties: true },
      },
      required: ['name'],
    },
  },
  async handler(args, ctx) {
    const name = typeof args.name === 'string' ? args.name : '';
    const inner = args.arguments ?? {};
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return errorResult("invoke_tool: 'arguments' must be an object.");
    if ((META_TOOL_NAMES as readonly string[]).includes(name)) return errorResult(`invoke_tool cannot call '${name}'; call it directly.`);
    return ctx.session.callTool(name, inner as Record<string, unknown>, ctx);
  },
};

export function oneLine(text: string, max = 200): string {
  const first = text.split(/\n\s*\n|\r?\n/)[0]?.trim() ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

function clampLimit(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 10;
  return Math.min(MAX_LIMIT, Math.max(1, n));
}

function structured(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

export type { Tool };
