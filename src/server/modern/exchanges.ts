// Requests that need input, for 2026 clients: when an upstream asks the client something during a call (elicitation,
// sampling, roots), the client is answered `input_required` and the call waits here until the client re-sends the
// request with the answers and the signed requestState.
import { randomUUID } from 'node:crypto';
import type { InternalSession } from './internal-session.js';
import type { StateSigner } from './request-state.js';
import { errorResponse, type Message, type RequestId } from './wire.js';

// What a round ends with: the call's own response, or the questions to put to the client.
export type Round = { kind: 'done'; response: Message } | { kind: 'input'; result: Record<string, unknown> };

export interface Exchanges {
  // Follows a request running on `session`; `release` is called once it is over (answered, failed or expired).
  start(session: InternalSession, response: Promise<Message>, bind: string, release: (discard?: boolean) => void): Promise<Round>;
  // Continues an exchange with the client's answers; an error response when the state is not acceptable.
  resume(state: string, inputResponses: unknown, bind: string, id: RequestId): Promise<Round>;
  close(): void;
}

interface Pending {
  session: InternalSession;
  response: Promise<Message>;
  inbox: Message[];
  wake?: (() => void) | undefined;
  asked: Map<string, RequestId>;
  timer?: NodeJS.Timeout;
  release: (discard?: boolean) => void;
}

export function createExchanges(signer: StateSigner, ttlMs: number): Exchanges {
  const pending = new Map<string, Pending>();
  let asked = 0;

  async function round(p: Pending, bind: string): Promise<Round> {
    if (p.inbox.length === 0) {
      const done = await Promise.race([p.response, new Promise<undefined>((resolve) => (p.wake = () => resolve(undefined)))]);
      p.wake = undefined;
      if (done) {
        p.release();
        return { kind: 'done', response: done };
      }
    }
    const inputRequests: Record<string, unknown> = {};
    for (const request of p.inbox.splice(0)) {
      const key = `input-${++asked}`;
      p.asked.set(key, request.id as RequestId);
      inputRequests[key] = { method: request.method, params: request.params ?? {} };
    }
    const x = randomUUID();
    pending.set(x, p);
    clearTimeout(p.timer);
    const exp = Date.now() + ttlMs;
    p.timer = setTimeout(() => expire(x), ttlMs);
    p.timer.unref();
    return { kind: 'input', result: { resultType: 'input_required', inputRequests, requestState: signer.sign({ x, b: bind, exp }) } };
  }

  function expire(x: string): void {
    const p = pending.get(x);
    if (!p) return;
    pending.delete(x);
    // The upstream's question goes unanswered: closing the session fails it, and the call with it.
    p.release(true);
  }

  return {
    start(session, response, bind, release) {
      const p: Pending = { session, inbox: [], asked: new Map(), release, response };
      session.onServerRequest = (m) => {
        p.inbox.push(m);
        // Questions sent together are asked together: the wake waits for the rest of this turn.
        setImmediate(() => p.wake?.());
      };
      return round(p, bind);
    },
    async resume(state, inputResponses, bind, id) {
      const opened = signer.open(state, bind);
      if (!opened.ok) return { kind: 'done', response: errorResponse(id, -32602, `Invalid params: ${opened.problem}`) };
      const p = pending.get(opened.payload.x);
      if (!p) {
        return {
          kind: 'done',
          response: errorResponse(
            id,
            -32602,
            'Invalid params: the exchange this requestState continues is not pending on this gateway process: it finished, or it was started on another replica, where the upstream is waiting for the answer on its own connection and cannot be re-issued here. Send the request again without requestState to start over',
          ),
        };
      }
      const answers = (typeof inputResponses === 'object' && inputResponses !== null ? inputResponses : {}) as Record<string, unknown>;
      const missing = [...p.asked.keys()].filter((k) => !(k in answers));
      if (missing.length > 0) return { kind: 'done', response: errorResponse(id, -32602, `Invalid params: inputResponses has no answer for ${missing.join(', ')}`) };
      pending.delete(opened.payload.x);
      for (const [key, serverId] of p.asked) p.session.answer(serverId, { result: answers[key] });
      p.asked.clear();
      return round(p, bind);
    },
    close() {
      for (const x of [...pending.keys()]) expire(x);
    },
  };
}
