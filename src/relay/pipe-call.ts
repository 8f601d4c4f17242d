// One call the relay has in flight on an upstream pipe: its ids, its in-flight slot, its deadline (moved by progress,
// bounded by the hard limit; deadlines.ts times it out) and its single end, whichever comes first (response, cancel,
// timeout, lost pipe).
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEntry } from '../catalog/catalog.js';
import type { PipeLease } from '../upstream/pipe.js';
import type { Outcome } from './answer.js';
import type { Deadlines, Timed } from './deadlines.js';
import type { JsonId } from './splice.js';

export interface PipeCall extends Timed {
  readonly clientId: JsonId;
  readonly upstreamId: string;
  // The client's progress token, when it asked for progress (upstream, the call's progress token is its upstreamId).
  readonly progressToken?: JsonId;
  readonly entry: ToolEntry;
  readonly lease: PipeLease;
  // When it times out: the call's timeout from its start or its last progress, bounded by the hard limit.
  due: number;
  // The upstream reported progress: the timeout starts again.
  progressed(): void;
  // Ends the call once: frees its slot; `cancel` (a reason) tells the upstream to stop.
  end(outcome: Outcome | undefined, cancel?: string): void;
}

export interface PipeCallOptions {
  clientId: JsonId;
  upstreamId: string;
  progressToken?: JsonId;
  entry: ToolEntry;
  lease: PipeLease;
  // The relay's one timer, which ends the call when its deadline passes.
  deadlines: Deadlines;
  // Called once with the outcome to answer the client with (never after a cancel).
  settle: (call: PipeCall, outcome: Outcome | undefined) => void;
}

// The request line the upstream gets: the tool's original name and the arguments, nothing else of the client's but a
// progress request (under the private id, so the SDK Client's own progress tokens never clash with the client's); on a
// 2026 connection, the envelope its client sends (the lease's).
export function requestLine(
  upstreamId: string,
  tool: string,
  args: Record<string, unknown>,
  withProgress: boolean,
  envelope?: string,
): string {
  const id = JSON.stringify(upstreamId);
  const progress = withProgress ? `"progressToken":${id}` : '';
  const members = envelope === undefined ? progress : withProgress ? `${progress},${envelope}` : envelope;
  const meta = members === '' ? '' : `,"_meta":{${members}}`;
  return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":${JSON.stringify(args)}${meta}}}\n`;
}

export function cancelLine(upstreamId: string, reason: string, envelope?: string): string {
  const meta = envelope === undefined ? '' : `,"_meta":{${envelope}}`;
  return `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":${JSON.stringify(upstreamId)},"reason":${JSON.stringify(reason)}${meta}}}\n`;
}

export function startPipeCall(options: PipeCallOptions): PipeCall {
  const { lease, upstreamId } = options;
  const now = Date.now();
  // As on the regular path: with progress moving the deadline, the hard limit bounds the call.
  const hardDue = options.progressToken === undefined ? Infinity : now + lease.maxTimeoutMs;
  let ended = false;
  const call: PipeCall = {
    clientId: options.clientId,
    upstreamId,
    ...(options.progressToken !== undefined && { progressToken: options.progressToken }),
    entry: options.entry,
    lease,
    due: Math.min(now + lease.timeoutMs, hardDue),
    progressed() {
      const due = Math.min(Date.now() + lease.timeoutMs, hardDue);
      if (due === call.due) return;
      call.due = due;
      options.deadlines.watch(due);
    },
    // The error is made when the deadline passes, not per call: an Error captures a stack when it is built.
    expire(at) {
      const error =
        at >= hardDue
          ? new McpError(ErrorCode.RequestTimeout, 'Maximum total timeout exceeded', { maxTotalTimeout: lease.maxTimeoutMs })
          : new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: lease.timeoutMs });
      call.end({ kind: 'failure', error }, 'timed out');
    },
    end(outcome, cancel) {
      if (ended) return;
      ended = true;
      lease.release();
      if (cancel !== undefined) lease.pipe.sendRaw(cancelLine(upstreamId, cancel, lease.envelope));
      options.settle(call, outcome);
    },
  };
  options.deadlines.watch(call.due);
  return call;
}
