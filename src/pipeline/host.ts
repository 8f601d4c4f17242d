// Holds the registered plugins' hooks in order and runs each seam with the fail-safe rules of the design.
import type { CallToolResult, Prompt, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import { isGatewayError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { withDeadline } from './deadline.js';
import { compose } from './compose.js';
import { deniedResult, errorResult } from './results.js';
import type {
  CallCompletedContext,
  ConnectAdditionsResult,
  Hooks,
  Middleware,
  Plugin,
  PreListPromptsContext,
  PreListToolsContext,
  ToolCallContext,
  PostReadContext,
} from './types.js';
import { WithheldError } from './types.js';

export interface HookHost {
  readonly plugins: readonly Plugin[];
  // False when no plugin touches calls: the call path then skips straight to the upstream.
  readonly hasCallHooks: boolean;
  readonly hasListHooks: boolean;
  preConnect(server: ServerConfig): Promise<ConnectAdditionsResult | undefined>;
  preListTools(ctx: PreListToolsContext): Promise<Tool[]>;
  preListPrompts(ctx: PreListPromptsContext): Promise<Prompt[]>;
  runCall(ctx: ToolCallContext, invoke: (ctx: ToolCallContext) => Promise<CallToolResult>): Promise<CallToolResult>;
  postRead<T extends PostReadContext['result']>(ctx: PostReadContext & { result: T }): Promise<T>;
  // One upstream's instructions through the plugins' instructions hooks; undefined withholds them.
  instructions(server: string, text: string): string | undefined;
}

export const CONFIRM_TIMEOUT_MS = 5 * 60_000;

// Which plugin's middleware threw an error (set by the innermost wrapper that saw it).
const failedPlugin = new WeakMap<object, string>();

export function createHookHost(plugins: readonly Plugin[], log: Logger): HookHost {
  const named = <K extends keyof Hooks>(key: K) =>
    plugins.flatMap((p) => (p.hooks?.[key] ? [{ plugin: p.name, fn: p.hooks[key] as NonNullable<Hooks[K]> }] : []));
  const preConnect = named('preConnect');
  const preListTools = named('preListTools');
  const preListPrompts = named('preListPrompts');
  const preToolCall = named('preToolCall');
  const confirm = named('confirm');
  const postToolCall = named('postToolCall');
  const postRead = named('postRead');
  const completed = named('callCompleted');
  const instructions = named('instructions');
  // Each middleware is wrapped so an error it throws (not one passed up from an inner layer) names its plugin.
  const middleware: Middleware[] = plugins.flatMap((p) =>
    (p.middleware ? [p.middleware].flat() : []).map((fn): Middleware => async (ctx, next) => {
      try {
        return await fn(ctx, next);
      } catch (error) {
        if (typeof error === 'object' && error !== null && !failedPlugin.has(error)) failedPlugin.set(error, p.name);
        throw error;
      }
    }),
  );
  const runMiddleware = compose(middleware);

  const observe = (ctx: CallCompletedContext) => {
    for (const { plugin, fn } of completed) {
      Promise.resolve()
        .then(() => fn(ctx))
        .catch((error: unknown) => log.warn(`plugin '${plugin}' callCompleted failed: ${messageOf(error)}`));
    }
  };

  return {
    plugins,
    hasCallHooks: preToolCall.length + postToolCall.length + middleware.length + completed.length > 0,
    hasListHooks: preListTools.length + preListPrompts.length > 0,
    async postRead(ctx) {
      let result = ctx.result;
      for (const { plugin, fn } of postRead) {
        try {
          result = ((await fn({ ...ctx, result })) as typeof result | undefined) ?? result;
        } catch (error) {
          const what = `${ctx.kind === 'resource' ? 'Resource' : 'Prompt'} ${ctx.name} was withheld`;
          const text =
            error instanceof WithheldError ? `${what} by plugin '${plugin}': ${error.message}` : `${what}: plugin '${plugin}' failed in postRead: ${messageOf(error)}`;
          log.warn(text);
          throw new Error(text, { cause: error });
        }
      }
      return result;
    },
    instructions(server, text) {
      let current = text;
      for (const { plugin, fn } of instructions) {
        try {
          const out = fn({ server, text: current });
          if (out === null) return undefined;
          if (typeof out === 'string') current = out;
        } catch (error) {
          log.warn(`the instructions of server '${server}' were withheld: plugin '${plugin}' failed in instructions: ${messageOf(error)}`);
          return undefined;
        }
      }
      return current;
    },
    async preConnect(server) {
      let merged: ConnectAdditionsResult | undefined;
      for (const { plugin, fn } of preConnect) {
        try {
          const add = await fn({ server: server.name, config: server });
          if (add) merged = { ...merged, ...add, headers: { ...merged?.headers, ...add.headers }, env: { ...merged?.env, ...add.env } };
        } catch (error) {
          throw new Error(`plugin '${plugin}' preConnect failed: ${messageOf(error)}`, { cause: error });
        }
      }
      return merged;
    },
    async preListTools(ctx) {
      let tools = ctx.tools;
      for (const { plugin, fn } of preListTools) {
        try {
          tools = (await fn({ ...ctx, tools })) ?? tools;
        } catch (error) {
          log.warn(`plugin '${plugin}' preListTools failed (its filter is skipped for this listing): ${messageOf(error)}`);
        }
      }
      return tools;
    },
    async preListPrompts(ctx) {
      let prompts = ctx.prompts;
      for (const { plugin, fn } of preListPrompts) {
        try {
          prompts = (await fn({ ...ctx, prompts })) ?? prompts;
        } catch (error) {
          log.warn(`plugin '${plugin}' preListPrompts failed: ${messageOf(error)}`);
        }
      }
      return prompts;
    },
    async runCall(ctx, invoke) {
      const started = performance.now();
      const finish = (decision: CallCompletedContext['decision'], result: CallToolResult, reason?: string) => {
        if (completed.length > 0) {
          observe({ ...ctx, decision, isError: result.isError === true, durationMs: performance.now() - started, result, ...(reason !== undefined && { reason }) });
        }
        return result;
      };
      let confirmReason: string | undefined;
      let needsConfirm = false;
      for (const { plugin, fn } of preToolCall) {
        let out;
        try {
          out = await withDeadline(fn(ctx), hookTimeoutMs(), 'preToolCall did not answer', ctx.signal);
        } catch (error) {
          const text = `Tool '${ctx.name}' was not called: plugin '${plugin}' failed in preToolCall: ${messageOf(error)}`;
          log.warn(text);
          return finish('failed', errorResult(text), text);
        }
        if (!out) continue;
        if (out.decision === 'deny') return finish('denied', deniedResult(ctx.name, out.reason), out.reason);
        if (out.decision === 'confirm') {
          needsConfirm = true;
          confirmReason ??= out.reason;
        } else if (out.arguments) ctx.arguments = out.arguments;
      }
      if (needsConfirm) {
        const verdict = await runConfirm(ctx, confirmReason);
        if (verdict !== true) return finish('denied', deniedResult(ctx.name, verdict), verdict);
      }
      let result: CallToolResult;
      try {
        result = await runMiddleware(ctx, () => invoke(ctx));
      } catch (error) {
        const who = typeof error === 'object' && error !== null ? failedPlugin.get(error) : undefined;
        const text = `Tool '${ctx.name}' failed in middleware${who ? ` of plugin '${who}'` : ''}: ${messageOf(error)}`;
        log.warn(text);
        return finish('failed', errorResult(text), text);
      }
      for (const { plugin, fn } of postToolCall) {
        try {
          const hook = fn({ ...ctx, result, durationMs: performance.now() - started });
          result = (await withDeadline(hook, hookTimeoutMs(), 'postToolCall did not answer', ctx.signal)) ?? result;
        } catch (error) {
          const text = `Tool '${ctx.name}' ran, but plugin '${plugin}' failed in postToolCall: ${messageOf(error)}`;
          log.warn(text);
          return finish('failed', errorResult(text), text);
        }
      }
      return finish(result.isError ? 'failed' : 'allowed', result, result.isError ? errorText(result) : undefined);
    },
  };

  // Fail-safe: no confirm hook, any false, a throw or a timeout all mean denied (returns the denial text).
  async function runConfirm(ctx: ToolCallContext, reason: string | undefined): Promise<true | string> {
    const why = reason ? ` (${reason})` : '';
    if (confirm.length === 0) return `Tool '${ctx.name}' needs confirmation${why}, but no confirm hook is registered, so it was denied.`;
    for (const { plugin, fn } of confirm) {
      try {
        const answer = await withDeadline(fn({ ...ctx, reason }), CONFIRM_TIMEOUT_MS, 'confirm did not answer');
        if (answer !== true) return `Tool '${ctx.name}' was denied: the call was not confirmed${why}.`;
      } catch (error) {
        if (isGatewayError(error, 'DEADLINE')) return `Tool '${ctx.name}' was denied: confirmation timed out${why}.`;
        return `Tool '${ctx.name}' was denied: confirmation failed in plugin '${plugin}': ${messageOf(error)}`;
      }
    }
    return true;
  }
}

// What a failed result says, for observers (the audit log): its first text, on one line, at most 300 characters.
function errorText(result: CallToolResult): string | undefined {
  const first = result.content?.find((c) => c.type === 'text');
  const text = first && 'text' in first && typeof first.text === 'string' ? first.text.replace(/\s+/g, ' ').trim() : '';
  return text === '' ? undefined : text.slice(0, 300);
}

// A preToolCall/postToolCall hook gets at most 60 s (GW_HOOK_TIMEOUT_MS), and gives up when the call is cancelled.
// (Middleware wraps the upstream call itself, which has its own timeouts; confirmation has CONFIRM_TIMEOUT_MS.)
const hookTimeoutMs = (): number => Number(process.env.GW_HOOK_TIMEOUT_MS) || 60_000;
