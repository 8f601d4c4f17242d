// The fast call path to a stdio upstream: a tools/call written straight to its pipe and its response taken off the pipe
// before any schema work or Protocol bookkeeping; timeouts, cancellation and crashes handled as on the regular path.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Limiter } from './limiter.js';
import type { StdioUpstreamTransport } from './stdio-transport.js';

export type FastOutcome =
  | { kind: 'response'; message: Record<string, unknown>; line: string; fastId: string }
  | { kind: 'failure'; error: unknown };

export interface FastHandle {
  // The client cancelled: tell the upstream, and deliver nothing.
  cancel(): void;
}

export interface FastCalls {
  start(transport: StdioUpstreamTransport, params: Record<string, unknown>, timeoutMs: number, done: (o: FastOutcome) => void): FastHandle | undefined;
  // Wired as the transport's intercept: takes responses to fast calls (and drops late ones).
  intercept(message: Record<string, unknown>, line: string): boolean;
  // The connection is gone: every call in flight fails now.
  failAll(error: unknown): void;
}

// Ids the SDK Client never uses (it counts integers), so both share one pipe without clashing.
const PREFIX = 'gw~';

export function createFastCalls(limiter: Limiter): FastCalls {
  const calls = new Map<string, (outcome: FastOutcome | undefined, cancelUpstream?: boolean) => void>();
  let seq = 0;
  return {
    start(transport, params, timeoutMs, done) {
      const release = limiter.tryAcquire();
      if (!release) return undefined;
      const fastId = `${PREFIX}${++seq}`;
      const idJson = JSON.stringify(fastId);
      const finish = (outcome: FastOutcome | undefined, cancelUpstream = false) => {
        if (!calls.delete(fastId)) return;
        clearTimeout(timer);
        release();
        if (cancelUpstream) {
          const reason = outcome ? 'timed out' : 'cancelled by the client';
          transport.sendRaw(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":${idJson},"reason":"${reason}"}}\n`);
        }
        if (outcome) done(outcome);
      };
      const timer = setTimeout(
        () => finish({ kind: 'failure', error: new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: timeoutMs }) }, true),
        timeoutMs,
      );
      calls.set(fastId, finish);
      if (!transport.sendRaw(`{"jsonrpc":"2.0","id":${idJson},"method":"tools/call","params":${JSON.stringify(params)}}\n`)) {
        finish({ kind: 'failure', error: new McpError(ErrorCode.ConnectionClosed, 'Connection closed') });
      }
      return { cancel: () => finish(undefined, true) };
    },
    intercept(message, line) {
      const id = message.id;
      if (typeof id !== 'string' || !id.startsWith(PREFIX) || message.method !== undefined) return false;
      // A response after a timeout or cancel finds no call and is dropped: no late result reaches the client.
      calls.get(id)?.({ kind: 'response', message, line, fastId: id });
      return true;
    },
    failAll(error) {
      for (const finish of [...calls.values()]) finish({ kind: 'failure', error });
    },
  };
}
