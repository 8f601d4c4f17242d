// Requests that need input, for 2026 clients: when an upstream asks the client something during a call (elicitation,
// sampling, roots), the client is answered `input_required` and the call waits here until the client re-sends the
// request with the answers and the signed requestState. A state whose exchange is not pending here (it was started on
// another replica) is handed back for a re-issue, with every answer it carries.
import { randomUUID } from 'node:crypto';
import type { InternalSession } from './internal-session.js';
import { createReplay, questionDigest, type Answered } from './replay.js';
import type { StateSigner } from './request-state.js';
import { errorResponse, type Message, type RequestId } from './wire.js';

// What a round ends with: the call's own response, or the questions to put to the client.
export type Round = { kind: 'done'; response: Message } | { kind: 'input'; result: Record<string, unknown> };

// A state whose exchange this process never had: the call may be run again here with every answer the state carries.
// `claim` says it is (once: a second claim of the same state, or one after `claim`, is the refusal's response); a
// replica that refuses the re-issue does not claim, so the state keeps its meaning for a retry.
export interface Reissue {
  kind: 'reissue';
  answered: Answered[];
  claim(): Message | undefined;
}

export interface Exchanges {
  // Follows a request running on `session`; `release` is called once it is over (answered, failed or expired).
  // `answered`: a re-issued call's answers so far, given to the upstream's repeated questions without asking again.
  start(session: InternalSession, response: Promise<Message>, bind: string, release: (discard?: boolean) => void, answered?: Answered[]): Promise<Round>;
  // Continues an exchange with the client's answers; an error response when the state is not acceptable; `reissue`
  // with every answer when the exchange is not pending on this process.
  resume(state: string, inputResponses: unknown, bind: string, id: RequestId): Promise<Round | Reissue>;
  close(): void;
}

interface Pending {
  session: InternalSession;
  response: Promise<Message>;
  inbox: Message[];
  wake?: (() => void) | undefined;
  // This round's questions by inputRequests key: the session's request id and the question's digest.
  asked: Map<string, { id: RequestId; digest: string }>;
  // Every question answered so far in this call (carried in the state, for a re-issue elsewhere).
  answered: Answered[];
  // Set when a re-issued call cannot go on: the round ends with it.
  failed?: Message;
  timer?: NodeJS.Timeout;
  release: (discard?: boolean) => void;
}

// How many resumed exchange ids a process remembers, so a state sent twice to the replica it was resumed on is refused.
const REMEMBERED = 10_000;

// `reissue`: a state whose exchange this process never had may be re-issued (replicas behind a load balancer); off, it
// is refused (stdio: one process, so such an exchange is over).
export function createExchanges(signer: StateSigner, ttlMs: number, reissue: boolean): Exchanges {
  const pending = new Map<string, Pending>();
  const resumed = new Set<string>();
  let asked = 0;

  async function round(p: Pending, bind: string): Promise<Round> {
    if (p.inbox.length === 0 && !p.failed) {
      const done = await Promise.race([p.response, new Promise<undefined>((resolve) => (p.wake = () => resolve(undefined)))]);
      p.wake = undefined;
      if (done) {
        p.release();
        return { kind: 'done', response: done };
      }
    }
    if (p.failed) {
      p.release(true);
      return { kind: 'done', response: p.failed };
    }
    const inputRequests: Record<string, unknown> = {};
    const q: Record<string, string> = {};
    for (const request of p.inbox.splice(0)) {
      const key = `input-${++asked}`;
      const digest = questionDigest(request);
      p.asked.set(key, { id: request.id as RequestId, digest });
      q[key] = digest;
      inputRequests[key] = { method: request.method, params: request.params ?? {} };
    }
    const x = randomUUID();
    pending.set(x, p);
    clearTimeout(p.timer);
    const exp = Date.now() + ttlMs;
    p.timer = setTimeout(() => expire(x), ttlMs);
    p.timer.unref();
    const requestState = signer.sign({ x, b: bind, exp, q, a: p.answered });
    return { kind: 'input', result: { resultType: 'input_required', inputRequests, requestState } };
  }

  // Marks an exchange resumed; false when it was already.
  function remember(x: string): boolean {
    if (resumed.has(x)) return false;
    resumed.add(x);
    if (resumed.size > REMEMBERED) resumed.delete(resumed.values().next().value as string);
    return true;
  }

  function expire(x: string): void {
    const p = pending.get(x);
    if (!p) return;
    pending.delete(x);
    // The upstream's question goes unanswered: closing the session fails it, and the call with it.
    p.release(true);
  }

  return {
    start(session, response, bind, release, answered = []) {
      const p: Pending = { session, inbox: [], asked: new Map(), answered: [...answered], release, response };
      const replay = answered.length > 0 ? createReplay(answered) : undefined;
      session.onServerRequest = (m) => {
        const verdict = replay?.take(m) ?? { kind: 'new' };
        if (verdict.kind === 'answer') return session.answer(m.id as RequestId, { result: verdict.answer });
        if (verdict.kind === 'mismatch') p.failed ??= errorResponse(null, -32602, `Invalid params: ${verdict.problem}`);
        else p.inbox.push(m);
        // Questions sent together are asked together: the wake waits for the rest of this turn.
        setImmediate(() => p.wake?.());
      };
      return round(p, bind);
    },
    async resume(state, inputResponses, bind, id) {
      const opened = signer.open(state, bind);
      if (!opened.ok) return { kind: 'done', response: errorResponse(id, -32602, `Invalid params: ${opened.problem}`) };
      const answers = (typeof inputResponses === 'object' && inputResponses !== null ? inputResponses : {}) as Record<string, unknown>;
      const { x, q = {}, a = [] } = opened.payload;
      const missing = Object.keys(q).filter((k) => !(k in answers));
      if (missing.length > 0) return { kind: 'done', response: errorResponse(id, -32602, `Invalid params: inputResponses has no answer for ${missing.join(', ')}`) };
      const p = pending.get(x);
      const over = () => errorResponse(id, -32602, 'Invalid params: the exchange this requestState continues is not pending on this gateway process: it was resumed already, or it finished. Send the request again without requestState to start over');
      if (!p && (!reissue || resumed.has(x))) return { kind: 'done', response: over() };
      if (!p) {
        const answered = [...a, ...Object.entries(q).map(([key, digest]): Answered => [digest, answers[key]])];
        return { kind: 'reissue', answered, claim: () => (remember(x) ? undefined : over()) };
      }
      pending.delete(x);
      remember(x);
      for (const [key, { id: serverId, digest }] of p.asked) {
        p.session.answer(serverId, { result: answers[key] });
        p.answered.push([digest, answers[key]]);
      }
      p.asked.clear();
      return round(p, bind);
    },
    close() {
      for (const x of [...pending.keys()]) expire(x);
    },
  };
}
