// The fast call path to a stdio upstream: a tools/call written straight to its pipe and its response taken off the pipe
// before any schema work or Protocol bookkeeping; timeouts, cancellation and crashes handled as on the regular path.
import { isUtf8 } from 'node:buffer';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Limiter } from './limiter.js';
import type { StdioUpstreamTransport } from './stdio-transport.js';

export type FastOutcome =
  | { kind: 'response'; message: Record<string, unknown>; line: string; fastId: string }
  // A large successful response taken unparsed: `result` is its members from "result" on, without the enclosing braces.
  | { kind: 'result-bytes'; result: Buffer }
  | { kind: 'failure'; error: unknown };

export interface FastHandle {
  // The client cancelled: tell the upstream, and deliver nothing.
  cancel(): void;
}

export interface FastCalls {
  start(transport: StdioUpstreamTransport, params: Record<string, unknown>, timeoutMs: number, done: (o: FastOutcome) => void): FastHandle | undefined;
  // Wired as the transport's intercept: takes responses to fast calls (and drops late ones).
  intercept(message: Record<string, unknown>, line: string): boolean;
  // Wired as the transport's interceptBytes: takes a large response to a fast call without decoding it.
  interceptBytes(bytes: Buffer): boolean;
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
    interceptBytes(bytes) {
      const found = resultBytes(bytes);
      if (!found || !found.id.startsWith(PREFIX)) return false;
      calls.get(found.id)?.({ kind: 'result-bytes', result: found.result });
      return true;
    },
    failAll(error) {
      for (const finish of [...calls.values()]) finish({ kind: 'failure', error });
    },
  };
}

// The two shapes SDKs write a result in: {"result":{…},"jsonrpc":"2.0","id":…} (TypeScript) and
// {"jsonrpc":"2.0","id":…,"result":{…}} (Python, Go). Anything else is decoded and parsed as usual. JSON whitespace
// only (the ends are read as latin1, where \s would also match byte 0xA0).
const WS = '[ \\t\\r\\n]*';
const ID_LAST = new RegExp(`,${WS}"jsonrpc"${WS}:${WS}"2\\.0"${WS},${WS}"id"${WS}:${WS}"([^"\\\\]{1,40})"${WS}\\}${WS}$`);
const RESULT_FIRST = new RegExp(`^\\{${WS}(?="result"${WS}:${WS}\\{)`);
const ID_FIRST = new RegExp(`^\\{${WS}"jsonrpc"${WS}:${WS}"2\\.0"${WS},${WS}"id"${WS}:${WS}"([^"\\\\]{1,40})"${WS},${WS}(?="result"${WS}:${WS}\\{)`);
const CLOSE = new RegExp(`\\}${WS}$`);
const ANOTHER_ID = /"id"[ \t\r\n]*:/;

// The id and the bytes of the result member of a large response, read off its two ends. The middle is checked to be
// UTF-8 but not parsed: the client parses it anyway, and a 5 MB result should not be parsed twice. A line that is not
// JSON between well-formed ends would reach the client as is (only a broken upstream writes one).
export function resultBytes(bytes: Buffer): { id: string; result: Buffer } | undefined {
  const head = bytes.subarray(0, 128).toString('latin1');
  const tail = bytes.subarray(-128).toString('latin1');
  let found: { id: string; result: Buffer } | undefined;
  const last = ID_LAST.exec(tail);
  const start = RESULT_FIRST.exec(head);
  if (last?.[1] && start) found = { id: last[1], result: bytes.subarray(start[0].length, bytes.length - last[0].length) };
  const first = found ? null : ID_FIRST.exec(head);
  const close = CLOSE.exec(tail);
  // An "id" near the end could be a second top-level id, which a parser would take instead of the first.
  if (first?.[1] && close && !ANOTHER_ID.test(tail)) found = { id: first[1], result: bytes.subarray(first[0].length, bytes.length - close[0].length) };
  return found && isUtf8(bytes) ? found : undefined;
}
