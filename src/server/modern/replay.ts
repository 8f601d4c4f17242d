// Re-issuing a 2026 call on a replica that did not start it: the upstream's questions (elicitation, sampling, roots)
// are matched by digest against the answers the signed requestState carries, and a repeated question is answered from
// the state without a round-trip to the client; a question the first run did not ask means the call cannot be re-issued.
import { createHash } from 'node:crypto';
import type { Message } from './wire.js';

// One answered question: the digest of what the upstream asked, and what the client answered.
export type Answered = [digest: string, answer: unknown];

export type Verdict = { kind: 'answer'; answer: unknown } | { kind: 'new' } | { kind: 'mismatch'; problem: string };

export interface Replay {
  // What to do with a question the re-issued call's upstream asks.
  take(question: Message): Verdict;
}

// The digest of a server→client request: its method and params without `_meta` (progress tokens and related-request
// ids differ from one run to the next; what is asked does not).
export function questionDigest(question: Message): string {
  const { _meta: _m, ...params } = question.params ?? {};
  return createHash('sha256').update(JSON.stringify([question.method, params])).digest('base64url').slice(0, 22);
}

export function createReplay(answered: readonly Answered[]): Replay {
  const left = [...answered];
  return {
    take(question) {
      const digest = questionDigest(question);
      const at = left.findIndex(([d]) => d === digest);
      if (at >= 0) return { kind: 'answer', answer: (left.splice(at, 1)[0] as Answered)[1] };
      // Every recorded answer used: the call has gone past where it stopped, so this is the next round's question.
      if (left.length === 0) return { kind: 'new' };
      return {
        kind: 'mismatch',
        problem:
          `the exchange was started on another replica, so this one re-issued the call, but the upstream asked something different this time (${question.method} ` +
          'does not match what the client answered); the call cannot be resumed here. Send the request again without requestState to start over',
      };
    },
  };
}

// Whether a tool may be run again from the start on another replica: not when it says it is destructive and not
// idempotent (running it twice could do the harm twice).
export function reissueRefusal(annotations: { destructiveHint?: boolean; idempotentHint?: boolean } | undefined, name: string): string | undefined {
  if (annotations?.destructiveHint !== true || annotations.idempotentHint === true) return undefined;
  return (
    `the exchange was started on another replica, where the upstream is waiting for the answer, and ${name} is marked destructive and not idempotent, ` +
    'so it is not re-issued here. Send the request again without requestState to start over (or route the client back to the replica that started it)'
  );
}
