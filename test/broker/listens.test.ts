// The one subscriptions/listen stream of a shared 2026 upstream, driven message by message through the routes: one
// upstream stream for every session's listens, reopened when their union changes, notifications to those who asked.
import { describe, expect, it } from 'vitest';
import type { Member, Rpc } from '../../src/broker/routes.js';
import { routesWithMembers } from './routes-setup.js';

const SUB = 'io.modelcontextprotocol/subscriptionId';

function setup() {
  const { routes, upstream, member } = routesWithMembers('m');
  const listen = (m: Member, id: string, notifications: Record<string, unknown>) =>
    routes.fromMember(m, {
      jsonrpc: '2.0',
      id,
      method: 'subscriptions/listen',
      params: { _meta: { env: m.session }, notifications },
    });
  const streams = () => upstream.filter((m) => m.method === 'subscriptions/listen');
  const ack = (stream: Rpc) =>
    routes.fromUpstream({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { _meta: { [SUB]: stream.id }, notifications: stream.params?.notifications },
    });
  const notify = (stream: Rpc, method: string, params: Record<string, unknown> = {}) =>
    routes.fromUpstream({ jsonrpc: '2.0', method, params: { ...params, _meta: { [SUB]: stream.id } } });
  return { routes, upstream, member, listen, streams, ack, notify };
}

describe('the shared listen stream of a 2026 upstream', () => {
  it('serves two sessions with one stream, acknowledging each under its own id', () => {
    const { member, listen, streams, ack } = setup();
    const [a, b] = [member('a'), member('b')];
    listen(a, 'listen:0', { toolsListChanged: true });
    listen(b, 'listen:0', { toolsListChanged: true });
    expect(streams()).toHaveLength(1);
    expect(streams()[0]!.params).toEqual({ _meta: { env: 'a' }, notifications: { toolsListChanged: true } });
    ack(streams()[0]!);
    for (const m of [a, b])
      expect(m.got).toEqual([
        {
          jsonrpc: '2.0',
          method: 'notifications/subscriptions/acknowledged',
          params: { _meta: { [SUB]: 'listen:0' }, notifications: { toolsListChanged: true } },
        },
      ]);
  });

  it('widens the stream for a new resource, ends the old one once acknowledged, and routes updates to subscribers', () => {
    const { routes, upstream, member, listen, streams, ack, notify } = setup();
    const [a, b] = [member('a'), member('b')];
    listen(a, 'listen:0', { toolsListChanged: true });
    listen(b, 'listen:0', { toolsListChanged: true });
    ack(streams()[0]!);
    listen(a, 'listen:1', { toolsListChanged: true, resourceSubscriptions: ['note://one'] });
    const wide = streams()[1]!;
    expect(wide.params?.notifications).toEqual({
      toolsListChanged: true,
      resourceSubscriptions: ['note://one'],
    });
    ack(wide);
    expect(upstream.at(-1)).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: streams()[0]!.id },
    });
    // A closes its first listen: the union is unchanged, the upstream hears nothing.
    const sent = upstream.length;
    routes.fromMember(a, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'listen:0' },
    });
    expect(upstream).toHaveLength(sent);
    a.got.length = 0;
    b.got.length = 0;
    notify(wide, 'notifications/resources/updated', { uri: 'note://one' });
    notify(wide, 'notifications/tools/list_changed');
    expect(a.got.map((m) => [m.method, (m.params?._meta as Record<string, unknown>)[SUB]])).toEqual([
      ['notifications/resources/updated', 'listen:1'],
      ['notifications/tools/list_changed', 'listen:1'],
    ]);
    expect(b.got.map((m) => [m.method, (m.params?._meta as Record<string, unknown>)[SUB]])).toEqual([
      ['notifications/tools/list_changed', 'listen:0'],
    ]);
    expect(routes.counters()).toMatchObject({ listens: 2, streams: 1 });
  });

  it('ends the upstream stream when the last session goes, and tells sessions when the upstream ends it', () => {
    const { routes, upstream, member, listen, streams, ack } = setup();
    const [a, b] = [member('a'), member('b')];
    listen(a, 'listen:0', { toolsListChanged: true });
    listen(b, 'listen:5', { toolsListChanged: true });
    ack(streams()[0]!);
    routes.fromUpstream({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: streams()[0]!.id },
    });
    expect(b.got.at(-1)).toMatchObject({
      method: 'notifications/cancelled',
      params: { requestId: 'listen:5' },
    });
    expect(routes.counters()).toMatchObject({ listens: 0, streams: 0 });
    listen(a, 'listen:1', { toolsListChanged: true });
    routes.detach(a);
    expect(upstream.at(-1)).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: streams()[1]!.id },
    });
    expect(routes.counters()).toMatchObject({ listens: 0, streams: 0 });
  });

  it('a refused wider stream fails only the listen that asked for it; the acknowledged one serves on', () => {
    const { upstream, member, listen, streams, ack, notify, routes } = setup();
    const [a, b] = [member('a'), member('b')];
    listen(a, 'listen:0', { toolsListChanged: true });
    const first = streams()[0]!;
    ack(first);
    listen(b, 'listen:0', { toolsListChanged: true, resourceSubscriptions: ['note://x'] });
    const wide = streams()[1]!;
    routes.fromUpstream({ jsonrpc: '2.0', id: wide.id, error: { code: -32602, message: 'no resource subscriptions' } });
    expect(b.got).toEqual([{ jsonrpc: '2.0', id: 'listen:0', error: { code: -32602, message: 'no resource subscriptions' } }]);
    // A keeps its listen: no error, no cancellation, and the first stream was never ended upstream.
    expect(a.got.filter((m) => 'error' in m || m.method === 'notifications/cancelled')).toEqual([]);
    expect(upstream.filter((m) => m.method === 'notifications/cancelled')).toEqual([]);
    notify(first, 'notifications/tools/list_changed');
    expect(a.got.at(-1)).toMatchObject({ method: 'notifications/tools/list_changed', params: { _meta: { [SUB]: 'listen:0' } } });
    expect(b.got).toHaveLength(1);
  });
});

