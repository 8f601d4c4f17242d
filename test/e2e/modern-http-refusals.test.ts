// A 2026-07-28 call that needs input, resumed on a replica that did not start it, where it cannot go on: two real
// `gw serve --http` replicas sharing a signing key, addressed directly (so which one gets each request is certain), in
// front of a fixture whose tools ask for input. Each refusal reaches the client as -32602 saying why, and a destructive
// tool is never run twice.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateSigner } from '../../src/server/modern/request-state.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';
import { textOf } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http.js';
import { modernFetch, type Rpc } from '../helpers/modern.js';

const KEY = 'the-signing-key-both-replicas-share';
const CAPS = { elicitation: {} };
const ACCEPT = { action: 'accept', content: { reply: 'yes' } };

// Two replicas of one config but for b's upstream, which stays starting until `release()` (own state directories, one
// key); `runs` reads what the fixtures' tools did, in order.
async function replicas(): Promise<{ a: HttpGateway; b: HttpGateway; release: () => void; runs: () => string[] }> {
  const dir = tempDir('gw-runs-');
  const runLog = path.join(dir, 'runs.log');
  const gate = path.join(dir, 'b-may-start');
  writeFileSync(runLog, '');
  const start = (env: Record<string, string>) =>
    startHttpGateway({ mcpServers: { fx: fixtureEntry('asking.ts', { FIXTURE_RUN_LOG: runLog, ...env }) } }, { env: { GW_SIGNING_KEY: KEY, GW_STATE_DIR: tempDir('gw-state-') } });
  const [a, b] = await Promise.all([start({}), start({ FIXTURE_WAIT_FOR_FILE: gate })]);
  for (;;) {
    const { body } = await modernFetch(a.base, a.auth, 'tools/list');
    if ((body.result?.tools as Array<{ name: string }> | undefined)?.some((t) => t.name === 'fx_order')) break;
  }
  return { a, b, release: () => writeFileSync(gate, ''), runs: () => readFileSync(runLog, 'utf8').split('\n').filter(Boolean) };
}

const call = (gw: HttpGateway, params: Record<string, unknown>) => modernFetch(gw.base, gw.auth, 'tools/call', params, { capabilities: CAPS });

// Starts a call on `gw` up to its input_required; returns what a resume sends (the state, an answer to every question).
async function started(gw: HttpGateway, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const first = await call(gw, params);
  expect(first.body.result?.resultType, JSON.stringify(first.body)).toBe('input_required');
  const keys = Object.keys(first.body.result?.inputRequests as object);
  return { ...params, requestState: first.body.result?.requestState, inputResponses: Object.fromEntries(keys.map((k) => [k, ACCEPT])) };
}

function refusal(answer: { status: number; body: Rpc }): string {
  expect(answer.status).toBe(200);
  expect(answer.body.result, JSON.stringify(answer.body)).toBeUndefined();
  expect(answer.body.error?.code).toBe(-32602);
  return answer.body.error?.message ?? '';
}

// The state's payload with `change` applied, signed with `key`.
function resigned(state: string, key: string, change: (payload: Record<string, unknown>) => void): string {
  const payload = JSON.parse(Buffer.from(state.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(payload);
  return createStateSigner(Buffer.from(key)).sign(payload as never);
}

describe('2026-07-28 resumes a replica refuses, end to end', () => {
  it('refuses tampered, foreign, expired and misapplied states, a destructive tool (run once), and a changed question', async () => {
    const { a, b, release, runs } = await replicas();
    const order = await started(a, { name: 'fx_order', arguments: { item: 'lamp' } });
    const state = order.requestState as string;

    // Altered: one character of the payload changed (the middle one: every bit of it counts).
    const [v, body, tag] = state.split('.') as [string, string, string];
    const at = Math.floor(body.length / 2);
    const altered = `${v}.${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}.${tag}`;
    expect(refusal(await call(b, { ...order, requestState: altered }))).toBe(
      'Invalid params: requestState was not issued by this gateway or was altered (replicas must share GW_SIGNING_KEY)',
    );
    // Foreign: the same payload signed by a gateway with another key.
    const foreign = resigned(state, 'another-gateway-with-its-own-key', () => undefined);
    expect(refusal(await call(b, { ...order, requestState: foreign }))).toBe(
      'Invalid params: requestState was not issued by this gateway or was altered (replicas must share GW_SIGNING_KEY)',
    );
    // Expired: what the state reads like once its ten minutes are over (signed with the shared key).
    const exp = Date.now() - 1000;
    const expired = resigned(state, KEY, (p) => (p.exp = exp));
    expect(refusal(await call(b, { ...order, requestState: expired }))).toBe(
      `Invalid params: requestState expired at ${new Date(exp).toISOString()}; send the request again without requestState`,
    );
    // Another request (other arguments) with this state.
    expect(refusal(await call(b, { ...order, arguments: { item: 'sofa' } }))).toBe(
      'Invalid params: requestState belongs to a different request (method, name, arguments or route differ)',
    );

    // The destructive, non-idempotent tool is not re-issued on b: not while b's upstream is still starting (b waits to
    // learn the tool's annotations rather than take it for safe), nor asked again (refused the same way, not as resumed)…
    const destructive =
      'Invalid params: the exchange was started on another replica, where the upstream is waiting for the answer, and fx_order is marked destructive ' +
      'and not idempotent, so it is not re-issued here. Send the request again without requestState to start over (or route the client back to the replica that started it)';
    const early = call(b, order);
    release();
    expect(refusal(await early)).toBe(destructive);
    expect(refusal(await call(b, order))).toBe(destructive);
    expect(b.stderr()).not.toContain('re-issued');
    // …and a, where the upstream still waits, finishes it: the order was started once and placed once.
    const placed = await call(a, order);
    expect(textOf(placed.body.result), JSON.stringify(placed.body)).toBe('order accept: {"reply":"yes"}');
    const orders = runs().filter((line) => line.startsWith('order '));
    expect(orders.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['order started', 'order done']);
    expect(new Set(orders.map((line) => line.split(' ')[2])).size).toBe(1);

    // A tool that asks something new each run: b re-issues it, the upstream asks a different code, and b says so.
    const code = await started(a, { name: 'fx_ask_code', arguments: {} });
    expect(refusal(await call(b, code))).toBe(
      'Invalid params: the exchange was started on another replica, so this one re-issued the call, but the upstream asked something different this time ' +
        '(elicitation/create does not match what the client answered); the call cannot be resumed here. Send the request again without requestState to start over',
    );
    expect(b.stderr()).toContain('re-issued with 1 recorded answer');
    expect(runs().filter((line) => line.startsWith('ask_code started'))).toHaveLength(2);
    // The replica that started it still can finish it.
    expect(textOf((await call(a, code)).body.result)).toBe('ask_code accept: {"reply":"yes"}');
  });
});
