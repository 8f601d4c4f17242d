// The host side of the script's API: each tools.<name>() is one inner call through the session's own tools/call path.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LocalToolContext, ToolSession } from '../catalog/catalog.js';
import { messageOf } from '../errors.js';
import type { SessionInfo } from '../pipeline/types.js';
import { RunStopped, type SandboxHost } from './run-types.js';

// What the host needs from the session (call.ts's meta session): its governed call path.
export interface InnerCallSession {
  callTool(
    name: string,
    args: Record<string, unknown>,
    ctx: LocalToolContext & { as?: (s: SessionInfo) => SessionInfo },
  ): Promise<CallToolResult>;
}

export interface RunHostOptions {
  session: InnerCallSession;
  // The session object meta-tools receive (handed on unchanged).
  context: ToolSession;
  // Aborted when the run ends or the outer call is cancelled: inner calls still in flight are cancelled with it.
  signal: AbortSignal;
  maxCalls: number;
  // Names the script may not call as tools (the gateway's meta-tools).
  reserved: ReadonlySet<string>;
  as: (tool: string) => (s: SessionInfo) => SessionInfo;
  search(query: string): Promise<CallToolResult>;
  describe(name: string): Promise<CallToolResult>;
}

export function createRunHost(options: RunHostOptions): { host: SandboxHost; calls: () => number } {
  let calls = 0;
  const host: SandboxHost = {
    async call(name, argsJson) {
      if (options.reserved.has(name))
        return failed(
          `'${name}' is one of the gateway's own tools; use tools.search() and tools.describe() instead.`,
        );
      if (calls >= options.maxCalls)
        throw new RunStopped(
          'calls',
          `the run tried to make more than ${options.maxCalls} tool calls (maxCalls)`,
        );
      calls += 1;
      let args: unknown;
      try {
        args = JSON.parse(argsJson);
      } catch (error) {
        return failed(`tools.${name}(): the arguments are not JSON-serialisable: ${messageOf(error)}`);
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args))
        return failed(`tools.${name}() takes one object of arguments.`);
      const ctx = { signal: options.signal, session: options.context, as: options.as(name) };
      return answer(await options.session.callTool(name, args as Record<string, unknown>, ctx), name);
    },
    search: async (query) => answer(await options.search(query)),
    describe: async (name) => answer(await options.describe(name)),
  };
  return { host, calls: () => calls };
}

// A tool's result as the script sees it: its structured content, else its text (parsed when it is JSON), else its
// content blocks; a result marked isError becomes an error the script can catch.
export function valueOf(result: CallToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const blocks = result.content ?? [];
  if (blocks.length > 0 && blocks.every((b) => b.type === 'text')) {
    const text = blocks.map((b) => (b as { text: string }).text).join('\n');
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        return text;
      }
    }
    return text;
  }
  return blocks;
}

function answer(result: CallToolResult, tool?: string): string {
  if (!result.isError) return JSON.stringify({ ok: true, value: valueOf(result) ?? null });
  const text = (result.content ?? []).flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
  return JSON.stringify({ ok: false, error: text || 'the tool failed', ...(tool !== undefined && { tool }) });
}

function failed(error: string): string {
  return JSON.stringify({ ok: false, error });
}
