// The relay: owns the fast tools/call path of a stdio session, from the client's line to the upstream's pipe and back.
//
// How it sits beside the SDK (no patch of SDK internals): the session's DownstreamStdioTransport offers every parsed
// message to `offer()` before calling the SDK Server's `onmessage`. The relay takes a tools/call it can carry (see
// decide.ts) and the client's notifications/cancelled for calls it took; everything else goes on to the SDK Server
// unchanged. Upstream, it claims each stdio pipe it leases (UpstreamPipe in upstream/pipe.ts) and takes back only lines
// carrying its private ids ("gw~N", which the SDK Client never uses): responses, and notifications/progress whose
// token is such an id. Everything else on the pipe goes on to the SDK Client unchanged.
//
// Ordering guarantees (all of them; nothing here depends on timers, microtasks or setImmediate between modules):
// 1. Downstream, `offer()` runs synchronously for each message in the order the client sent them, and decides before
//    returning. A call is in the id table before `offer()` returns, so the client's cancel for it, however soon it
//    comes, finds it.
// 2. Upstream, the pipe's intercept runs synchronously for each line in the order the upstream wrote them. Progress
//    and the response of one call are pushed to the client in that order, so progress never arrives after its result.
// 3. Everything the relay and the SDK Server write to the client goes through the transport's one write batch, a FIFO
//    flushed once per turn: the client reads messages in the order they were queued. A large result streamed as it
//    arrives (stream-result.ts) holds the queue until it ends or is cut, at most STALL_MS after its latest piece.
// 4. A call ends once (pipe-call.ts): after a cancel or a timeout the upstream's late response is dropped here, never
//    delivered, and never handed to the SDK Client (which would not know its id). A late response that was already
//    being streamed is cut off: the client gets one line it cannot parse, never an answer under an id.
import { countInFlight, type Gateway, type SessionPort } from '../gateway.js';
import type { PipeLease, UpstreamPipe } from '../upstream/pipe.js';
import { argumentCheckFor } from '../server/validate-arguments.js';
import { namesScopedUris } from '../server/scoped-uris.js';
import { answerChunks, type Outcome } from './answer.js';
import { decideCall, type DecideContext } from './decide.js';
import { createDeadlines } from './deadlines.js';
import { createIdTable, isPrivateId, PRIVATE_PREFIX } from './ids.js';
import { requestLine, startPipeCall, type PipeCall } from './pipe-call.js';
import { privateResultId, resultBytes, startsAsResult, type JsonId } from './splice.js';
import { streamResult } from './stream-result.js';
import type { Chunk, LineOut } from './write-batch.js';

export interface Relay {
  // Offered each message from the client before the SDK Server sees it; true when the relay took it.
  offer(message: Record<string, unknown>): boolean;
  // The session ends: every call in flight is cancelled upstream.
  close(): void;
}

// Where the relay writes the client's lines: the downstream transport's write batch.
export interface ClientSink {
  push(...chunks: Chunk[]): void;
  // Opens a line written piece by piece (a large result streamed through); absent where results are rewritten.
  open?(): LineOut | undefined;
}

export function createRelay(
  gateway: Gateway,
  group: string | undefined,
  port: SessionPort,
  client: ClientSink,
): Relay {
  const table = createIdTable<PipeCall>();
  const claimed = new WeakSet<UpstreamPipe>();
  const checkArguments = argumentCheckFor(gateway);
  const ctx: DecideContext = {
    observed: () => gateway.hooks.hasCallHooks || gateway.hooks.hasListHooks,
    lookup: (name) => gateway.view(group).byName.get(name),
    invalid: (entry, args) => checkArguments(entry.name, entry.tool, args) !== undefined,
    scopedUris: (server) => {
      const upstream = gateway.pool.server(server);
      return !upstream || namesScopedUris(upstream.snapshot);
    },
  };

  const deadlines = createDeadlines(() => table.values());
  // One settle for every call (no closure per call); the source of an error text is made only for an error.
  const settle = (call: PipeCall, outcome: Outcome | undefined) => {
    const server = call.entry.server;
    table.close(call.upstreamId);
    countInFlight(port, server, -1);
    if (!outcome) return;
    const source = {
      server,
      timeoutMs: call.lease.timeoutMs,
      describeExit: () => gateway.pool.describeExit(server),
    };
    client.push(...answerChunks(outcome, call, source, call.entry));
  };

  function take(message: Record<string, unknown>): boolean {
    const decision = decideCall(message, ctx);
    if (!decision.take) return false;
    const server = decision.entry.server;
    const lease = gateway.pool.leasePipe(server);
    if (!lease) return false;
    if (!claim(lease)) {
      lease.release();
      return false;
    }
    const { id, entry, args, progressToken } = decision;
    const opened = table.open(id, (upstreamId) =>
      startPipeCall({
        clientId: id,
        upstreamId,
        entry,
        lease,
        deadlines,
        settle,
        ...(progressToken !== undefined && { progressToken }),
      }),
    );
    // A client id already in flight is the SDK Server's to answer (and to refuse).
    if (!opened) {
      lease.release();
      return false;
    }
    countInFlight(port, server, 1);
    port.lastActive = Date.now();
    const call = opened.value;
    if (
      !lease.pipe.sendRaw(requestLine(call.upstreamId, entry.tool.name, args, progressToken !== undefined, lease.envelope))
    ) {
      call.end({ kind: 'failure', error: lease.closed.reason ?? new Error('Connection closed') });
    }
    return true;
  }

  // The first lease of a pipe claims its intercepts; a pipe someone else claimed is left to them (the call is handed on).
  function claim(lease: PipeLease): boolean {
    const { pipe } = lease;
    if (claimed.has(pipe)) return true;
    if (pipe.intercept || pipe.interceptBytes || pipe.interceptLine) return false;
    claimed.add(pipe);
    pipe.intercept = fromUpstream;
    pipe.interceptBytes = fromUpstreamBytes;
    pipe.interceptLine = fromUpstreamLine;
    if (lease.envelope === undefined && client.open) pipe.interceptStream = (head, bail) => streamFrom(pipe, head, bail);
    lease.closed.addEventListener(
      'abort',
      () => {
        for (const call of table.values())
          if (call.lease.pipe === pipe) call.end({ kind: 'failure', error: lease.closed.reason });
      },
      { once: true },
    );
    return true;
  }

  function fromUpstream(message: Record<string, unknown>, line: string): boolean {
    if (message.method === 'notifications/progress') {
      const params = message.params as Record<string, unknown> | undefined;
      const token = params?.progressToken;
      if (!isPrivateId(token)) return false;
      const call = table.byUpstream(token);
      if (call?.progressToken !== undefined) {
        call.progressed();
        client.push(
          `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { ...params, progressToken: call.progressToken } })}\n`,
        );
      }
      return true;
    }
    if (message.method !== undefined || !isPrivateId(message.id)) return false;
    // A response after a timeout or a cancel finds no call and is dropped.
    const call = table.byUpstream(message.id);
    call?.end({ kind: 'response', message, line, ...(call.lease.envelope !== undefined && { modern: true }) });
    return true;
  }

  // A successful response to one of its calls, taken before it is parsed (the client parses it anyway).
  function fromUpstreamLine(line: string): boolean {
    const id = privateResultId(line, PRIVATE_PREFIX);
    if (id === undefined) return false;
    const call = table.byUpstream(id);
    // A 2026 result is read as such (answer.ts): parsed, as the intercept would.
    if (call?.lease.envelope !== undefined) return false;
    call?.end({ kind: 'result-line', line });
    return true;
  }

  function fromUpstreamBytes(bytes: Buffer): boolean {
    const found = resultBytes(bytes);
    if (!found || !isPrivateId(found.id)) return false;
    const call = table.byUpstream(found.id);
    if (call?.lease.envelope !== undefined) return false;
    call?.end({ kind: 'result-bytes', result: found.result });
    return true;
  }

  // A large response streamed to the client as it arrives, when it can only be the answer to one of this relay's calls.
  // Opt-in (settings.streamResults, read at each line so a reload applies): a line cut midway reaches the client
  // unparsable, which some SDKs treat as fatal.
  function streamFrom(pipe: UpstreamPipe, head: Buffer, bail: () => void) {
    if (!gateway.config.settings.streamResults) return undefined;
    if (pipe.clientAwaits?.() !== false || !startsAsResult(head)) return undefined;
    let waiting = false;
    for (const call of table.values()) if (call.lease.pipe === pipe) waiting = true;
    const out = waiting ? client.open?.() : undefined;
    if (!out) return undefined;
    const finish = (upstreamId: string) => {
      const call = table.byUpstream(upstreamId);
      call?.end({ kind: 'streamed' });
      return call?.clientId;
    };
    return streamResult({ out, finish, bail });
  }

  function cancel(message: Record<string, unknown>): boolean {
    const params = message.params as { requestId?: JsonId; reason?: unknown } | undefined;
    const call = params?.requestId === undefined ? undefined : table.byClient(params.requestId);
    if (!call) return false;
    call.end(undefined, typeof params?.reason === 'string' ? params.reason : 'cancelled by the client');
    return true;
  }

  return {
    offer(message) {
      if (message.method === 'tools/call') return take(message);
      if (message.method === 'notifications/cancelled') return cancel(message);
      return false;
    },
    close() {
      for (const call of table.values()) call.end(undefined, 'the client went away');
      deadlines.close();
    },
  };
}
