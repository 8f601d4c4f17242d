// The shape of gateway.json: zod schemas for what a person writes, and the normalised types the rest of the code trusts.
import { z } from 'zod';

export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
export const GROUP_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 600_000;

const globList = z.array(z.string().min(1, 'a glob must not be empty'));
const stringMap = z.record(z.string(), z.string());
const millis = z.number().int().positive();

// A remote server's OAuth login (`"oauth": true` or these options; see docs/auth.md).
export const OAuthEntrySchema = z.strictObject({
  clientId: z.string().min(1).optional(),
  // May be ${VAR}; expanded (and masked) only when a token request needs it.
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  // An https URL serving this client's metadata document, used as client_id where the authorization server supports it.
  clientMetadataUrl: z.string().url().optional(),
  grant: z.enum(['authorization_code', 'client_credentials']).optional(),
});

export const EXPOSED_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

// What a person changes about one upstream tool before clients see it.
export const ToolOverrideSchema = z.strictObject({
  name: z.string().regex(EXPOSED_NAME_RE, 'must be 1-64 characters from A-Z a-z 0-9 _ -').optional(),
  description: z.string().optional(),
  appendDescription: z.string().optional(),
  hide: z.array(z.string().min(1, 'a parameter name must not be empty')).optional(),
  defaults: z.record(z.string(), z.unknown()).optional(),
  // Client hints (_meta): keep loaded when the client defers tools, a phrase its search matches, a result size limit.
  alwaysLoad: z.boolean().optional(),
  searchHint: z.string().max(200).optional(),
  maxResultChars: z.number().int().positive().optional(),
  annotations: z
    .strictObject({
      title: z.string().optional(),
      readOnlyHint: z.boolean().optional(),
      destructiveHint: z.boolean().optional(),
      idempotentHint: z.boolean().optional(),
      openWorldHint: z.boolean().optional(),
    })
    .optional(),
});
export type ToolOverride = z.infer<typeof ToolOverrideSchema>;

// One upstream as written: the mcpServers shape of Claude Desktop / Cursor / VS Code / Claude Code, plus our keys.
export const ServerEntrySchema = z.strictObject({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  headers: stringMap.optional(),
  transport: z.enum(['http', 'sse']).optional(),
  // VS Code and Claude Code write `type`; accepted so their blocks paste as they are.
  type: z.enum(['stdio', 'http', 'sse', 'streamable-http']).optional(),
  // Cline and Roo write `disabled`.
  disabled: z.boolean().optional(),
  enabled: z.boolean().optional(),
  allow: globList.optional(),
  deny: globList.optional(),
  timeout: millis.optional(),
  // Bounds starting (connect, handshake, first listing); default: timeout. A server that starts slowly (npx, a
  // container) can keep a short timeout for its calls.
  startTimeout: millis.optional(),
  maxTimeout: millis.optional(),
  inheritEnv: z.boolean().optional(),
  lazy: z.boolean().optional(),
  idleTimeout: millis.optional(),
  description: z.string().optional(),
  maxInFlight: z.number().int().positive().optional(),
  prefix: z.boolean().optional(),
  oauth: z.union([z.boolean(), OAuthEntrySchema]).optional(),
  // The protocol era to speak: "auto" (default) negotiates and caches the verdict; a version pins it.
  protocol: z.enum(['auto', '2025-11-25', '2026-07-28']).optional(),

  // Per-tool overrides, keyed by the upstream's own tool name.
  tools: z.record(z.string(), ToolOverrideSchema).optional(),
  // Client hints for every tool of the server (a tool's own override wins).
  searchHint: z.string().max(200).optional(),
  maxResultChars: z.number().int().positive().optional(),
  // With top-level "share": false keeps this server per session (servers with per-session state, such as a browser).
  share: z.boolean().optional(),
});
export type ServerEntry = z.infer<typeof ServerEntrySchema>;

// Code mode (run_code, docs/code-mode.md): true, or the limits of each run.
export const CodeModeSchema = z.union([
  z.boolean(),
  z.strictObject({
    timeoutMs: millis.optional(),
    memoryMb: z.number().int().min(1).max(1024).optional(),
    maxCalls: z.number().int().positive().optional(),
    maxOutputChars: z.number().int().positive().optional(),
  }),
]);
export type CodeModeOption = z.infer<typeof CodeModeSchema>;

export const GroupEntrySchema = z.strictObject({
  servers: z.array(z.string()).default([]),
  allow: globList.optional(),
  deny: globList.optional(),
  description: z.string().optional(),
  // The most tokens this group's tools/list may cost (`gw tokens --check` fails above it).
  tokenBudget: z.number().int().positive().optional(),
  // List tools with the same name and schema on several member servers once, with a required `target` argument.
  consolidate: z.boolean().optional(),
  // Serve run_code to this group's sessions (overrides settings.codeMode).
  codeMode: CodeModeSchema.optional(),
});
export type GroupEntry = z.input<typeof GroupEntrySchema>;

export const PluginEntrySchema = z.strictObject({
  module: z.string().min(1),
  options: z.unknown().optional(),
  enabled: z.boolean().optional(),
});
export type PluginEntry = z.infer<typeof PluginEntrySchema>;

// The default name budget leaves room for the longest prefix a common client puts before a tool's name, Claude Code's
// `mcp__<server>__` (7 characters plus the client-side server name), with a client-side name of up to 9 characters
// (`gw`, `gw-dev`, `gateway`): 64 - 7 - 9 = 48. Gemini CLI (`mcp_<server>_`) and Qwen Code need less.
export const DEFAULT_MAX_NAME_LENGTH = 48;

// An embedding endpoint the user runs (OpenAI-compatible /v1/embeddings or Ollama /api/embed): a semantic signal for search.
export const EmbeddingsSchema = z.strictObject({
  url: z.string().min(1),
  model: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  format: z.enum(['openai', 'ollama']).optional(),
});

export const SettingsSchema = z.strictObject({
  separator: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,3}$/, 'must be 1-3 characters from A-Z a-z 0-9 _ -')
    .default('_'),
  tools: z.enum(['all', 'search']).default('all'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  stateDir: z.string().min(1).optional(),
  maxMessageBytes: z.number().int().positive().optional(),
  maxInFlight: z.number().int().positive().optional(),
  maxQueue: z.number().int().nonnegative().optional(),
  cache: z.boolean().optional(),
  // Stream large stdio results to the client as they arrive (off by default: see relay/stream-result.ts).
  streamResults: z.boolean().optional(),
  instructions: z.string().optional(),
  statusTool: z.boolean().optional(),
  // The longest exposed tool or prompt name (default 48: room for a client's own prefix; see catalog/names.ts).
  maxNameLength: z.number().int().min(16).max(64).optional(),
  // The most tokens the gateway's tools/list may cost (`gw tokens --check` fails above it).
  tokenBudget: z.number().int().positive().optional(),
  // Serve run_code (off by default); a group's own codeMode overrides it.
  codeMode: CodeModeSchema.optional(),
  search: z.strictObject({ embeddings: EmbeddingsSchema.optional() }).optional(),
  // Where OAuth tokens are kept: the OS keychain when one can be used, else the 0600 file (docs/auth.md).
  auth: z.strictObject({ tokenStore: z.enum(['auto', 'keychain', 'file']).optional() }).optional(),
});

export const GatewayFileSchema = z.strictObject({
  $schema: z.string().optional(),
  mcpServers: z.record(z.string(), ServerEntrySchema).default({}),
  groups: z.record(z.string(), GroupEntrySchema).optional(),
  settings: SettingsSchema.optional(),
  plugins: z.array(PluginEntrySchema).optional(),
  // Run stdio upstreams once per user in a broker that every session attaches to (src/broker/).
  share: z.boolean().optional(),
  // Seconds the broker waits with no session attached before it exits and ends its upstreams.
  shareGrace: z.number().nonnegative().optional(),
});
export type GatewayFile = z.input<typeof GatewayFileSchema>;

interface ServerCommon {
  name: string;
  enabled: boolean;
  allow: string[];
  deny: string[];
  timeout: number;
  startTimeout: number;
  maxTimeout: number;
  lazy: boolean;
  idleTimeout: number;
  description?: string;
  maxInFlight?: number;
  // False: tools and prompts keep their own names (collisions with other servers are still resolved).
  prefix: boolean;
  // Per-tool overrides by the upstream's own tool name.
  tools?: Map<string, ToolOverride>;
  searchHint?: string;
  maxResultChars?: number;
  // False: never shared through the broker, even with top-level "share".
  share: boolean;
  // 'auto': the era the server answers in (the verdict cached in the state directory); a version pins that era.
  protocol: 'auto' | '2025-11-25' | '2026-07-28';
}

export interface StdioServerConfig extends ServerCommon {
  kind: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  // Absolute: the entry's cwd resolved against the config file's directory (or that directory itself).
  cwd: string;
  inheritEnv: boolean;
}

export interface OAuthConfig {
  clientId?: string;
  clientSecret?: string;
  scopes: string[];
  clientMetadataUrl?: string;
  grant: 'authorization_code' | 'client_credentials';
}

export interface RemoteServerConfig extends ServerCommon {
  kind: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
  // Set when the entry has "oauth": the transport gets its bearer from src/auth.
  oauth?: OAuthConfig;
}

export type ServerConfig = StdioServerConfig | RemoteServerConfig;

export interface GroupConfig {
  name: string;
  servers: string[];
  allow: string[];
  deny: string[];
  description?: string;
  tokenBudget?: number;
  consolidate?: boolean;
  codeMode?: CodeModeOption;
}

export interface PluginConfig {
  // Absolute path for files, a bare specifier for packages.
  module: string;
  options: unknown;
}

export interface Settings {
  separator: string;
  tools: 'all' | 'search';
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  stateDir: string;
  maxMessageBytes: number;
  maxInFlight: number;
  maxQueue: number;
  cache: boolean;
  streamResults: boolean;
  instructions?: string;
  // Serve the gateway_status tool (off by default: it is for humans debugging, not for models).
  statusTool: boolean;
  maxNameLength: number;
  tokenBudget?: number;
  // Top-level "share" and "shareGrace" (seconds): stdio upstreams run in the per-user broker.
  share: boolean;
  shareGrace: number;
  codeMode?: CodeModeOption;
  search?: { embeddings?: EmbeddingsConfig };
  auth?: { tokenStore?: 'auto' | 'keychain' | 'file' };
}

// Headers as written (${VAR} not yet expanded); format decided from the URL path when not given.
export interface EmbeddingsConfig {
  url: string;
  model: string;
  headers: Record<string, string>;
  format: 'openai' | 'ollama';
}

// The normalised configuration every runtime module receives.
export interface GatewayConfig {
  // Absolute path of the file it came from, or undefined for a config built in code.
  path?: string;
  dir: string;
  servers: ServerConfig[];
  groups: Map<string, GroupConfig>;
  settings: Settings;
  plugins: PluginConfig[];
}
