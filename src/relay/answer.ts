// The client's answer to a relayed call: the upstream's response under the client's id (spliced, or passed on as the
// bytes it came in), or, for an upstream error, a timeout or a lost connection, an isError result as the regular path
// gives (with the tool's call hint on an upstream's -32602).
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { upstreamErrorResult } from '../pipeline/results.js';
import { MISSING_CAPABILITY, missingCapability } from '../upstream/era-errors.js';
import { healUpstreamResult, isInvalidParamsResult, withCallHint } from '../server/validate-arguments.js';
import { spliceId, wrapResultBytes, type JsonId } from './splice.js';
import type { Chunk } from './write-batch.js';

export type Outcome =
  // `modern`: a 2026-07-28 response, whose result is read as the v2 client reads it (no resultType; input_required fails).
  | { kind: 'response'; message: Record<string, unknown>; line: string; modern?: boolean }
  // A successful response taken unparsed in the TypeScript SDK's shape (splice.ts privateResultId): the id at its end.
  | { kind: 'result-line'; line: string }
  // A large successful response taken unparsed: `result` is its members from "result" on, without the enclosing braces.
  | { kind: 'result-bytes'; result: Buffer }
  // A large successful response already streamed to the client as it arrived (stream-result.ts): nothing left to write.
  | { kind: 'streamed' }
  | { kind: 'failure'; error: unknown };

// Who answered: the server's name and timeout (for error texts), and why its process ended, if it did.
export interface AnswerSource {
  server: string;
  timeoutMs: number;
  describeExit(): string | undefined;
}

export function answerChunks(
  outcome: Outcome,
  ids: { clientId: JsonId; upstreamId: string },
  source: AnswerSource,
  entry: { name: string; tool: Tool },
): Chunk[] {
  const { clientId } = ids;
  if (outcome.kind === 'streamed') return [];
  if (outcome.kind === 'result-bytes') return wrapResultBytes(outcome.result, clientId);
  if (outcome.kind === 'result-line') {
    const spliced = spliceId(outcome.line, ids.upstreamId, clientId);
    if (spliced !== undefined) return [spliced];
    return answerChunks({ kind: 'response', message: JSON.parse(outcome.line) as Record<string, unknown>, line: outcome.line }, ids, source, entry);
  }
  if (outcome.kind === 'failure') {
    const result = upstreamErrorResult(
      source.server,
      entry.tool.name,
      outcome.error,
      source.timeoutMs,
      source.describeExit(),
    );
    return [line(clientId, result)];
  }
  const raw = outcome.message.result;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    if (outcome.modern) {
      const { resultType, ...result } = raw as Record<string, unknown>;
      if (resultType === 'input_required') return answerChunks({ kind: 'failure', error: INPUT_REQUIRED }, ids, source, entry);
      return [line(clientId, healUpstreamResult(result as CallToolResult, entry))];
    }
    // An upstream's invalid-params result is re-serialized with the tool's call hint (small; no bytes to keep).
    if (isInvalidParamsResult(raw)) return [line(clientId, healUpstreamResult(raw as CallToolResult, entry))];
    return [
      spliceId(outcome.line, ids.upstreamId, clientId) ??
        `${JSON.stringify({ ...outcome.message, id: clientId })}\n`,
    ];
  }
  const error = (outcome.message.error as
    { code?: number; message?: string; data?: unknown } | undefined) ?? {
    code: -32603,
    message: 'the result is not an object',
  };
  const code = error.code ?? -32603;
  // As the v2 client's errors read on the regular path (upstream/modern-client.ts).
  const text = outcome.modern && code === MISSING_CAPABILITY ? missingCapability(error.data) : (error.message ?? 'unknown error');
  const failure = new McpError(code, text, error.data);
  return [
    line(
      clientId,
      withCallHint(
        upstreamErrorResult(source.server, entry.tool.name, failure, source.timeoutMs),
        failure,
        entry,
      ),
    ),
  ];
}

// Calls relayed to a 2026 upstream are those of clients that offer nothing it could ask for (connection.ts).
const INPUT_REQUIRED = new McpError(ErrorCode.InternalError, 'the server asked for input (input_required), which this client does not offer');

function line(id: JsonId, result: CallToolResult): string {
  return `${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`;
}
