// The routing tables of a shared upstream, driven message by message: ids and tokens remapped per session,
// notifications to the sessions that asked, and nothing left behind when a session goes.
import { describe, expect, it } from 'vitest';
import type { Member } from '../../src/broker/routes.js';
import { routesWithMembers } from './routes-setup.js';

function setup() {
  const { routes, upstream, member } = routesWithMembers();
  // A tools/call from a session, with a progress token when given.
  const call = (m: Member, id: number, token?: string | number) =>
    routes.fromMember(m, {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: token === undefined ? {} : { _meta: { progressToken: token } },
    });
  return { routes, upstream, member, call, last: () => upstream[upstream.length - 1]! };
}

describe('broker routes', () => {
  it('remaps the same id from two sessions and answers each with its own id and progress token', () => {
    const { routes, upstream, member, call } = setup();
    const a = member('a');
    const b = member('b');
    call(a, 1, 1);
    call(b, 1, 1);
    const [ua, ub] = upstream;
    expect(ua!.id).not.toBe(ub!.id);
    routes.fromUpstream({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: ub!.id, progress: 1 },
    });
    routes.fromUpstream({ jsonrpc: '2.0', id: ub!.id!, result: { content: [] } });
    expect(b.got).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
      { jsonrpc: '2.0', id: 1, result: { content: [] } },
    ]);
    expect(a.got).toEqual([]);
    expect(routes.counters()).toMatchObject({ calls: 1 });
  });

  it("cancels only the session's own call, with the upstream's id", () => {
    const { routes, upstream, member, call, last } = setup();
    const a = member('a');
    const b = member('b');
    call(a, 7);
    call(b, 7);
    routes.fromMember(b, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } });
    expect(last()).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: upstream[1]!.id },
    });
    expect(routes.counters().calls).toBe(1);
  });

  it('sends a server request to the session named by its progress token, else fails it clearly', () => {
    const { routes, upstream, member, call, last } = setup();
    const a = member('a');
    const b = member('b');
    call(a, 1, 'ta');
    call(b, 1, 'tb');
    routes.fromUpstream({
      jsonrpc: '2.0',
      id: 0,
      method: 'sampling/createMessage',
      params: { _meta: { progressToken: upstream[1]!.id } },
    });
    expect(b.got[0]).toMatchObject({ method: 'sampling/createMessage' });
    routes.fromMember(b, { jsonrpc: '2.0', id: b.got[0]!.id!, result: { ok: true } });
    expect(last()).toEqual({ jsonrpc: '2.0', id: 0, result: { ok: true } });
    routes.fromUpstream({ jsonrpc: '2.0', id: 1, method: 'elicitation/create', params: {} });
    expect(last()).toMatchObject({
      id: 1,
      error: { message: expect.stringContaining('2 sessions have calls in flight') },
    });
  });

  it('fans out list changes to all, resource updates to subscribers, log messages by each level', () => {
    const { routes, upstream, member } = setup();
    const a = member('a');
    const b = member('b');
    routes.fromMember(a, { jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { uri: 'u' } });
    routes.fromMember(b, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'error' } });
    expect(upstream.filter((m) => m.method === 'resources/subscribe')).toHaveLength(1);
    expect(b.got).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
    routes.fromUpstream({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    routes.fromUpstream({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'u' } });
    routes.fromUpstream({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'info', data: 'x' },
    });
    expect(a.got.map((m) => m.method).filter(Boolean)).toEqual([
      'notifications/tools/list_changed',
      'notifications/resources/updated',
      'notifications/message',
    ]);
    expect(b.got.map((m) => m.method).filter(Boolean)).toEqual(['notifications/tools/list_changed']);
  });

  it('a session that goes leaves no call, server request or subscription behind', () => {
    const { routes, upstream, member, call } = setup();
    const a = member('a');
    call(a, 1);
    routes.fromMember(a, { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri: 'u' } });
    routes.fromUpstream({ jsonrpc: '2.0', id: 'r', method: 'roots/list', params: {} });
    expect(routes.counters()).toEqual({
      sessions: 1,
      calls: 2,
      serverRequests: 1,
      subscriptions: 1,
      listens: 0,
      streams: 0,
    });
    routes.fromUpstream({ jsonrpc: '2.0', id: upstream[1]!.id!, result: {} });
    routes.detach(a);
    expect(routes.counters()).toEqual({
      sessions: 0,
      calls: 0,
      serverRequests: 0,
      subscriptions: 0,
      listens: 0,
      streams: 0,
    });
    expect(upstream.map((m) => m.method ?? `answer ${String(m.id)}`)).toEqual([
      'tools/call',
      'resources/subscribe',
      'notifications/cancelled',
      'answer r',
      'resources/unsubscribe',
    ]);
  });
});
