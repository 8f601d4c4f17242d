// The public API of fast-gateway: createGateway, definePlugin and the types hooks and plugins are written against.
export { createGateway, type CreateGatewayOptions, type GatewayInstance, type ServeOptions } from './create.js';
export { definePlugin, definePluginFactory, WithheldError } from './pipeline/types.js';
export type {
  Awaitable,
  CallCompletedContext,
  CallDecision,
  ClientInfo,
  ConfirmContext,
  ConnectAdditionsResult,
  Hooks,
  InstructionsContext,
  Middleware,
  Next,
  Plugin,
  PluginSetupContext,
  PluginTool,
  PluginToolContext,
  PostToolCallContext,
  PostReadContext,
  PreConnectContext,
  PreListPromptsContext,
  PreListToolsContext,
  PreToolCallResult,
  SessionInfo,
  ToolCallContext,
} from './pipeline/types.js';
export type { Gateway, GatewayEvent } from './gateway.js';
export type { GatewayConfig, GatewayFile, ServerConfig, GroupConfig, Settings } from './config/schema.js';
export type { UpstreamStatus, UpstreamState } from './upstream/context.js';
export type { Pool, PoolEvents, ServerView } from './upstream/pool-api.js';
export { GatewayError, type ErrorCode } from './errors.js';
export { createLogger, type Logger, type LogLevel } from './log.js';
