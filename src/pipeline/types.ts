// The public contract of hooks, middleware and plugins: what each seam receives and may return.
import type {
  CallToolResult,
  ClientCapabilities,
  ElicitRequest,
  ElicitResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';

export interface ClientInfo {
  name: string;
  version: string;
}

// What hooks may know about (and do with) the client session a call came from.
export interface SessionInfo {
  id: string;
  group: string | undefined;
  client: ClientInfo;
  capabilities: ClientCapabilities;
  // Asks the user through MCP elicitation; rejects when the client does not support it.
  elicit(params: ElicitRequest['params'], options?: { signal?: AbortSignal; timeout?: number }): Promise<ElicitResult>;
  // Set for the inner calls of a code-mode run (run_code): the run's id.
  runId?: string;
}

export interface PreConnectContext {
  server: string;
  config: Readonly<ServerConfig>;
}

export interface ConnectAdditionsResult {
  headers?: Record<string, string>;
  env?: Record<string, string>;
  timeout?: number;
}

export interface PreListToolsContext {
  tools: Tool[];
  group: string | undefined;
  client: ClientInfo;
  session: SessionInfo;
}

export interface PreListPromptsContext {
  prompts: Prompt[];
  group: string | undefined;
  client: ClientInfo;
  session: SessionInfo;
}

export interface ToolCallContext {
  // The exposed name the client called.
  name: string;
  server: string;
  // The upstream's original tool name.
  tool: string;
  arguments: Record<string, unknown>;
  group: string | undefined;
  client: ClientInfo;
  signal: AbortSignal;
  session: SessionInfo;
  // The tool's full definition (annotations, schemas), as the upstream gave it.
  definition: Tool;
  // Free-form per-call state that plugins can share (e.g. a start time).
  state: Record<string, unknown>;
  // A task-augmented call (SEP-1686) only: filled in as the task lives (the audit plugin records it).
  task?: TaskNote;
}

// The gateway's id of a call's task once its server created it, and the task's final status once it ended.
export interface TaskNote {
  id?: string;
  status?: 'completed' | 'failed' | 'cancelled';
}

export type PreToolCallResult =
  | void
  | undefined
  | { decision: 'continue'; arguments?: Record<string, unknown> }
  | { decision: 'deny'; reason?: string }
  | { decision: 'confirm'; reason?: string };

export interface ConfirmContext extends ToolCallContext {
  reason: string | undefined;
}

export interface PostToolCallContext extends ToolCallContext {
  result: CallToolResult;
  durationMs: number;
}

// A resource read or a prompt fetched through the gateway, before it reaches the client (redact's second seam).
export interface PostReadContext {
  kind: 'resource' | 'prompt';
  server: string;
  // The resource URI, or the prompt's exposed name.
  name: string;
  result: ReadResourceResult | GetPromptResult;
  session: SessionInfo;
}

// One upstream's `instructions`, before they are merged into what the client receives at initialize.
export interface InstructionsContext {
  server: string;
  text: string;
}

// Thrown by a postRead hook that withholds content on purpose (the client's error then says so, not "failed").
// The gateway's one error type with the WITHHELD code, under the name plugins import.
export class WithheldError extends GatewayError {
  constructor(message: string) {
    super('WITHHELD', message);
    this.name = 'WithheldError';
  }
}

export type CallDecision = 'allowed' | 'denied' | 'failed';

// Observes the end of every call, whatever happened (the audit plugin's seam).
export interface CallCompletedContext extends ToolCallContext {
  decision: CallDecision;
  reason?: string;
  isError: boolean;
  durationMs: number;
  result?: CallToolResult;
}

export type Awaitable<T> = T | Promise<T>;

export interface Hooks {
  preConnect?: (ctx: PreConnectContext) => Awaitable<ConnectAdditionsResult | void | undefined>;
  preListTools?: (ctx: PreListToolsContext) => Awaitable<Tool[] | void | undefined>;
  preListPrompts?: (ctx: PreListPromptsContext) => Awaitable<Prompt[] | void | undefined>;
  preToolCall?: (ctx: ToolCallContext) => Awaitable<PreToolCallResult>;
  confirm?: (ctx: ConfirmContext) => Awaitable<boolean>;
  postToolCall?: (ctx: PostToolCallContext) => Awaitable<CallToolResult | void | undefined>;
  // May return a replacement result. A hook that throws fails the read: content a plugin could not check is withheld.
  postRead?: (ctx: PostReadContext) => Awaitable<ReadResourceResult | GetPromptResult | void | undefined>;
  callCompleted?: (ctx: CallCompletedContext) => Awaitable<void>;
  // Synchronous (instructions are assembled when a session is created): replacement text, null to withhold that
  // server's instructions, nothing to keep them. A hook that throws withholds them too.
  instructions?: (ctx: InstructionsContext) => string | null | void | undefined;
}

export type Next = () => Promise<CallToolResult>;
export type Middleware = (ctx: ToolCallContext, next: Next) => Promise<CallToolResult>;

export interface PluginToolContext {
  signal: AbortSignal;
  session: SessionInfo;
}

// An extra tool a plugin serves itself.
export interface PluginTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Tool['inputSchema'];
  annotations?: Tool['annotations'];
  handler: (args: Record<string, unknown>, ctx: PluginToolContext) => Awaitable<CallToolResult | string | Record<string, unknown>>;
}

// What setup() receives: where the gateway keeps its files and how to log.
export interface PluginSetupContext {
  configPath: string | undefined;
  configDir: string;
  stateDir: string;
  log: Logger;
  // Re-runs preListTools for every session and sends list_changed (e.g. after a plugin's own state changed).
  notifyListChanged: () => void;
}

export interface Plugin {
  name: string;
  hooks?: Hooks;
  middleware?: Middleware | Middleware[];
  tools?: PluginTool[];
  setup?: (ctx: PluginSetupContext) => Awaitable<void>;
  close?: () => Awaitable<void>;
}

// Identity helper so plugin objects get full type inference.
export function definePlugin<T extends Plugin>(plugin: T): T {
  return plugin;
}

// Identity helper for factories: `(options) => plugin`.
export function definePluginFactory<O, T extends Plugin>(factory: (options: O) => Awaitable<T>): (options: O) => Awaitable<T> {
  return factory;
}
