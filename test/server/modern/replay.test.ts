import { describe, expect, it } from 'vitest';
import { createExchanges, type Reissue } from '../../../src/server/modern/exchanges.js';
import type { InternalSession } from '../../../src/server/modern/internal-session.js';
import { createReplay, questionDigest, reissueRefusal, type Answered } from '../../../src/server/modern/replay.js';
import { createStateSigner } from '../../../src/server/modern/request-state.js';
import type { Message, RequestId } from '../../../src/server/modern/wire.js';

const ask = (message: string, token?: string): Message => ({
  jsonrpc: '2.0',
  id: 9,
  method: 'elicitation/create',
  params: { message, requestedSchema: { type: 'object' }, ...(token && { _meta: { progressToken: token } }) },
});

// An internal session the test drives by hand: it records the answers given to its questions.
function scriptedSession(): InternalSession & { answers: Array<[RequestId, unknown]>; ask(m: Message): void } {
  const answers: Array<[RequestId, unknown]> = [];
  const session = {
    key: 'k',
    answers,
    request: () => ({ id: 1, response: new Promise<Message>(() => undefined) }),
    answer: (id: RequestId, reply: unknown) => void answers.push([id, reply]),
    notify: () => undefined,
    lookup: async () => undefined,
    renew: () => undefined,
    routable: () => undefined,
    close: async () => undefined,
    ask: (m: Message) => session.onServerRequest?.(m),
  } as InternalSession & { answers: Array<[RequestId, unknown]>; ask(m: Message): void };
  return session;
}

describe('replay of recorded answers', () => {
  it('answers a repeated question from the record (its _meta aside), then calls the next one new', () => {
    const replay = createReplay([[questionDigest(ask('Colour?', 'a')), { action: 'accept' }]]);
    expect(replay.take(ask('Colour?', 'b'))).toEqual({ kind: 'answer', answer: { action: 'accept' } });
    expect(replay.take(ask('Size?'))).toEqual({ kind: 'new' });
  });

  it('says the call cannot be resumed when the upstream asks something it did not ask the first time', () => {
    const replay = createReplay([[questionDigest(ask('Colour?')), { action: 'accept' }]]);
    expect(replay.take(ask('Shape?'))).toMatchObject({ kind: 'mismatch', problem: expect.stringContaining('asked something different') });
  });

  it('refuses to re-issue a tool marked destructive and not idempotent, only that', () => {
    expect(reissueRefusal({ destructiveHint: true }, 'fx_delete')).toContain('fx_delete is marked destructive');
    expect(reissueRefusal({ destructiveHint: true, idempotentHint: true }, 'fx_put')).toBeUndefined();
    expect(reissueRefusal(undefined, 'fx_read')).toBeUndefined();
  });
});

describe('exchanges across replicas', () => {
  const signer = createStateSigner(Buffer.from('s'.repeat(32)));

  it('hands a state it never issued back for a re-issue with every answer, and answers the repeated question itself', async () => {
    const started = createExchanges(signer, 60_000, true);
    const first = scriptedSession();
    const round = started.start(first, new Promise(() => undefined), 'bind', () => undefined);
    first.ask(ask('Colour?'));
    const input = await round;
    expect(input.kind).toBe('input');
    const { requestState, inputRequests } = (input as { result: Record<string, unknown> }).result as { requestState: string; inputRequests: object };
    const key = Object.keys(inputRequests)[0] as string;

    const other = createExchanges(signer, 60_000, true);
    const resumed = await other.resume(requestState, { [key]: { action: 'accept', content: { c: 'teal' } } }, 'bind', 1);
    expect(resumed).toMatchObject({ kind: 'reissue', answered: [[questionDigest(ask('Colour?')), { action: 'accept', content: { c: 'teal' } }]] });
    // Not claimed (the replica refused to re-issue it): the state is handed back again, unchanged.
    const unclaimed = await other.resume(requestState, { [key]: { action: 'accept', content: { c: 'teal' } } }, 'bind', 1);
    expect(unclaimed).toMatchObject({ kind: 'reissue' });
    expect((resumed as Reissue).claim()).toBeUndefined();
    // Claimed once: the same state again on the replica that re-issued it is refused, not run twice (even by a claim
    // that raced it).
    expect((unclaimed as Reissue).claim()).toMatchObject({ error: { message: expect.stringContaining('resumed already') } });
    expect(await other.resume(requestState, { [key]: {} }, 'bind', 1)).toMatchObject({ kind: 'done', response: { error: { message: expect.stringContaining('resumed already') } } });

    const again = scriptedSession();
    let finish: (m: Message) => void = () => undefined;
    const done = other.start(again, new Promise((resolve) => (finish = resolve)), 'bind', () => undefined, (resumed as { answered: Answered[] }).answered);
    again.ask({ ...ask('Colour?'), id: 4 });
    expect(again.answers).toEqual([[4, { result: { action: 'accept', content: { c: 'teal' } } }]]);
    finish({ jsonrpc: '2.0', id: 1, result: { content: [] } });
    expect(await done).toMatchObject({ kind: 'done', response: { result: { content: [] } } });
  });

  it('ends a re-issued call with a clear error when the upstream asks something else', async () => {
    const exchanges = createExchanges(signer, 60_000, true);
    const session = scriptedSession();
    let released: boolean | undefined;
    const round = exchanges.start(session, new Promise(() => undefined), 'bind', (discard) => (released = discard), [[questionDigest(ask('Colour?')), {}]]);
    session.ask(ask('Shape?'));
    expect(await round).toMatchObject({ kind: 'done', response: { error: { code: -32602, message: expect.stringContaining('cannot be resumed here') } } });
    expect(released).toBe(true);
  });

  it('refuses an exchange it does not hold when re-issue is off (stdio)', async () => {
    const exchanges = createExchanges(signer, 60_000, false);
    const state = signer.sign({ x: 'gone', b: 'bind', exp: Date.now() + 60_000, q: {}, a: [] });
    expect(await exchanges.resume(state, {}, 'bind', 1)).toMatchObject({ kind: 'done', response: { error: { message: expect.stringContaining('not pending') } } });
  });
});
