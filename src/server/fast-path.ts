// The session side of the fast call path: when nothing observes calls (no call or list hooks), a tools/call from the
// client goes straight to a ready stdio upstream and its response straight back, with only the id and name swapped.
import { McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { countInFlight, type Gateway, type SessionPort } from '../gateway.js';
import { upstreamErrorResult } from '../pipeline/results.js';
import type { FastHandle, FastOutcome } from '../upstream/fast-calls.js';
import type { Upstream } from '../upstream/upstream.js';
import type { Chunk } from '../upstream/write-batch.js';
import type { DownstreamStdioTransport } from './stdio-transport.js';
import { argumentCheckFor, healUpstreamResult, isInvalidParamsResult, withCallHint } from './validate-arguments.js';
import { namesScopedUris } from './scoped-uris.js';

type Id = string | number;

export function installFastPath(gateway: Gateway, group: string | undefined, port: SessionPort, transport: DownstreamStdioTransport): void {
  const pending = new Map<Id, FastHandle & { server: string }>();
  const checkArguments = argumentCheckFor(gateway);

  transport.intercept = (message) => {
    if (message.method === 'tools/call') return tryCall(message);
    if (message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: Id } | undefined)?.requestId;
      const handle = id === undefined ? undefined : pending.get(id);
      if (!handle || id === undefined) return false;
      pending.delete(id);
      handle.cancel();
      countInFlight(port, handle.server, -1);
      return true;
    }
    return false;
  };

  // Anything unusual (hooks, progress, local tools, unknown names, invalid arguments, a starting upstream) takes the regular path.
  function tryCall(message: Record<string, unknown>): boolean {
    const id = message.id;
    const params = message.params as Record<string, unknown> | undefined;
    if ((typeof id !== 'string' && typeof id !== 'number') || pending.has(id) || !params || typeof params.name !== 'string') return false;
    const hooks = gateway.hooks;
    if (hooks.hasCallHooks || hooks.hasListHooks) return false;
    const args = params.arguments;
    if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return false;
    if ((params._meta as { progressToken?: unknown } | undefined)?.progressToken !== undefined || params.task !== undefined) return false;
    const entry = gateway.view(group).byName.get(params.name);
    // Consolidated tools, overrides that rewrite the arguments, and a result size limit are the regular path's work.
    if (!entry || entry.local || entry.members || entry.override?.rewritesArguments || entry.maxResultChars !== undefined) return false;
    // Invalid arguments take the regular path, which answers -32602 with the tool's signature.
    if (checkArguments(entry.name, entry.tool, (args ?? {}) as Record<string, unknown>)) return false;
    const upstream = gateway.pool.get(entry.server);
    // A server naming ui:// or skill:// URIs needs its results rewritten: the regular path does that.
    if (!upstream || namesScopedUris(upstream.snapshot)) return false;
    // The same request the regular path sends: the original name and the arguments, nothing else of the client's.
    const handle = upstream.fastCall({ name: entry.tool.name, arguments: args ?? {} }, (outcome) => {
      pending.delete(id);
      countInFlight(port, upstream.name, -1);
      transport.push(...toClientLine(outcome, id, upstream, entry.tool.name, entry));
    });
    if (!handle) return false;
    pending.set(id, { ...handle, server: upstream.name });
    countInFlight(port, upstream.name, 1);
    port.lastActive = Date.now();
    return true;
  }
}

// The upstream's response under the client's id: spliced into the raw line when the id sits at either end (no
// re-serialization; a large result is passed on as the bytes it came in); upstream errors become isError results, as
// on the regular path (an upstream's -32602 with the tool's call hint, given `entry`).
export function toClientLine(outcome: FastOutcome, id: Id, upstream: Upstream, tool: string, entry?: { name: string; tool: Tool }): Chunk[] {
  if (outcome.kind === 'result-bytes') return [`{"jsonrpc":"2.0","id":${JSON.stringify(id)},`, outcome.result, '}\n'];
  const raw = outcome.kind === 'response' ? outcome.message.result : undefined;
  // An upstream's invalid-params result is re-serialized with the tool's call hint (small; no bytes to keep).
  if (outcome.kind === 'response' && entry && isInvalidParamsResult(raw)) {
    return [`${JSON.stringify({ jsonrpc: '2.0', id, result: healUpstreamResult(raw as CallToolResult, entry) })}\n`];
  }
  if (outcome.kind === 'response' && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const { line, fastId } = outcome;
    const clientId = JSON.stringify(id);
    const fastIdJson = JSON.stringify(fastId);
    const tail = `"id":${fastIdJson}}`;
    if (line.endsWith(tail)) return [`${line.slice(0, line.length - tail.length)}"id":${clientId}}\n`];
    const head = `{"jsonrpc":"2.0","id":${fastIdJson},`;
    if (line.startsWith(head)) return [`{"jsonrpc":"2.0","id":${clientId},${line.slice(head.length)}\n`];
    return [`${JSON.stringify({ ...outcome.message, id })}\n`];
  }
  let result: CallToolResult;
  if (outcome.kind === 'response') {
    const error = (outcome.message.error as { code?: number; message?: string; data?: unknown } | undefined) ?? {
      code: -32603,
      message: 'the result is not an object',
    };
    const failure = new McpError(error?.code ?? -32603, error?.message ?? 'unknown error', error?.data);
    result = upstreamErrorResult(upstream.name, tool, failure, upstream.config.timeout);
    if (entry) result = withCallHint(result, failure, entry);
  } else {
    result = upstreamErrorResult(upstream.name, tool, outcome.error, upstream.config.timeout, upstream.describeExit());
  }
  return [`${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`];
}
