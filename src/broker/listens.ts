// The one subscriptions/listen stream of a shared 2026-07-28 upstream: every session's listens (each with its own id and
// filter) are served by a single upstream stream whose filter is their union, reopened when the union changes (the new
// stream before the old one closes), and each change notification goes to the sessions whose filter asked for it,
// under their own subscription id.
import { SUBSCRIPTION_ID_META_KEY, type SubscriptionFilter } from '@modelcontextprotocol/client';
import type { Member, Rpc, UpstreamSink } from './routes.js';

interface Stream {
  id: string;
  filter: SubscriptionFilter;
  // The filter the upstream agreed to honour (set by its acknowledgement).
  honored?: SubscriptionFilter;
}

const FLAGS = ['toolsListChanged', 'promptsListChanged', 'resourcesListChanged'] as const;
const LIST_FLAG = new Map<string, (typeof FLAGS)[number]>([
  ['notifications/tools/list_changed', 'toolsListChanged'],
  ['notifications/prompts/list_changed', 'promptsListChanged'],
  ['notifications/resources/list_changed', 'resourcesListChanged'],
]);

export function createListens(toUpstream: UpstreamSink) {
  // Each session's open listens, by the session's own listen id, in the order they were opened.
  const wanted = new Map<Member, Map<string | number, SubscriptionFilter>>();
  // Listens waiting for the upstream's acknowledgement of a stream that covers them.
  const pending = new Map<Member, Set<string | number>>();
  const streams = new Map<string, Stream>();
  // Streams replaced by a wider or narrower one, ended once that one is acknowledged.
  const previousStreams = new Set<Stream>();
  let current: Stream | undefined;
  // The request envelope of the newest session listen (2026 requests carry the protocol version and client in _meta).
  let envelope: unknown;
  let next = 1;

  const streamOf = (m: Rpc): Stream | undefined => {
    const meta = m.params?._meta as Record<string, unknown> | undefined;
    const id =
      m.method === 'notifications/cancelled'
        ? m.params?.requestId
        : (meta?.[SUBSCRIPTION_ID_META_KEY] ?? m.id);
    return typeof id === 'string' ? streams.get(id) : undefined;
  };

  const ack = (member: Member, id: string | number, honored: SubscriptionFilter) => {
    const filter = wanted.get(member)?.get(id);
    if (!filter) return;
    member.send({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { _meta: { [SUBSCRIPTION_ID_META_KEY]: id }, notifications: intersect(filter, honored) },
    });
  };

  // Opens a stream for the union of every session's filter when that union changed; closes the last one when no session
  // listens any more.
  function reconcile(): void {
    const union = unionOf([...wanted.values()].flatMap((m) => [...m.values()]));
    if (current && same(current.filter, union)) {
      if (current.honored) flushPending(current.honored);
      return;
    }
    const previous = current;
    current = undefined;
    if (Object.keys(union).length > 0) {
      current = { id: `gw-listen-${next++}`, filter: union };
      streams.set(current.id, current);
      toUpstream({
        jsonrpc: '2.0',
        id: current.id,
        method: 'subscriptions/listen',
        params: { ...(envelope !== undefined && { _meta: envelope }), notifications: union },
      });
    }
    // The previous stream ends once the new one is acknowledged (or now, when no session listens).
    if (previous) previousStreams.add(previous);
    if (current) return;
    for (const stream of previousStreams) end(stream);
    previousStreams.clear();
  }

  function end(stream: Stream): void {
    streams.delete(stream.id);
    toUpstream({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: stream.id } });
  }

  function flushPending(honored: SubscriptionFilter): void {
    for (const [member, ids] of pending) for (const id of ids) ack(member, id, honored);
    pending.clear();
  }

  // The upstream refused a replacing stream (a filter it cannot serve): only the listens waiting for it get the error,
  // and the stream it was to replace serves the others on.
  function refuse(error: unknown): void {
    for (const [member, ids] of pending)
      for (const id of ids) {
        member.send({ jsonrpc: '2.0', id, error });
        const mine = wanted.get(member);
        mine?.delete(id);
        if (mine?.size === 0) wanted.delete(member);
      }
    pending.clear();
    current = [...previousStreams].pop();
    if (current) previousStreams.delete(current);
    reconcile();
  }

  // Every session listening on `stream` is told it ended: as the upstream said it (an error before the
  // acknowledgement), or as a cancellation of its own listen.
  function failAll(error?: unknown): void {
    for (const [member, listens] of wanted)
      for (const id of listens.keys())
        member.send(
          error !== undefined
            ? { jsonrpc: '2.0', id, error }
            : {
                jsonrpc: '2.0',
                method: 'notifications/cancelled',
                params: { requestId: id, reason: 'the server ended the subscription' },
              },
        );
    wanted.clear();
    pending.clear();
    streams.clear();
    previousStreams.clear();
    current = undefined;
  }

  return {
    // A session's subscriptions/listen request.
    open(member: Member, id: string | number, params: Rpc['params']): void {
      const filter = (params?.notifications ?? {}) as SubscriptionFilter;
      const mine = wanted.get(member) ?? new Map<string | number, SubscriptionFilter>();
      wanted.set(member, mine);
      mine.set(id, filter);
      const waiting = pending.get(member) ?? new Set<string | number>();
      pending.set(member, waiting);
      waiting.add(id);
      envelope = params?._meta ?? envelope;
      reconcile();
    },
    // A session's notifications/cancelled for one of its listens; false when `id` is not a listen of that session.
    cancel(member: Member, id: unknown): boolean {
      const mine = wanted.get(member);
      if ((typeof id !== 'string' && typeof id !== 'number') || !mine?.delete(id)) return false;
      pending.get(member)?.delete(id);
      if (mine.size === 0) wanted.delete(member);
      reconcile();
      return true;
    },
    detach(member: Member): void {
      pending.delete(member);
      if (wanted.delete(member)) reconcile();
    },
    // Takes what belongs to a stream of ours: its acknowledgement, its change notifications, its end. False otherwise.
    fromUpstream(m: Rpc): boolean {
      const stream = streamOf(m);
      if (!stream) return false;
      if (m.method === undefined || m.method === 'notifications/cancelled') {
        // The upstream ended (or refused) a stream: a replaced one is simply gone; the current one ends every listen.
        streams.delete(stream.id);
        if (previousStreams.delete(stream)) return true;
        const refused = m.method === undefined && !stream.honored;
        if (stream === current && refused && previousStreams.size > 0) refuse(m.error);
        else if (stream === current) failAll(refused ? m.error : undefined);
        return true;
      }
      if (m.method === 'notifications/subscriptions/acknowledged') {
        stream.honored = (m.params?.notifications ?? {}) as SubscriptionFilter;
        if (stream !== current) return true;
        for (const previous of previousStreams) end(previous);
        previousStreams.clear();
        flushPending(stream.honored);
        return true;
      }
      fanOut(m);
      return true;
    },
    clear(): void {
      wanted.clear();
      pending.clear();
      streams.clear();
      previousStreams.clear();
      current = undefined;
    },
    counters: () => ({
      listens: [...wanted.values()].reduce((n, m) => n + m.size, 0),
      streams: streams.size,
    }),
  };

  // A change notification to each session whose listen asked for it, once (on its newest matching listen).
  function fanOut(m: Rpc): void {
    const flag = LIST_FLAG.get(String(m.method));
    const uri = m.method === 'notifications/resources/updated' ? String(m.params?.uri) : undefined;
    const wants = (f: SubscriptionFilter) =>
      flag !== undefined
        ? f[flag] === true
        : uri !== undefined
          ? (f.resourceSubscriptions ?? []).includes(uri)
          : true;
    for (const [member, listens] of wanted) {
      const id = [...listens].reverse().find(([, f]) => wants(f))?.[0];
      if (id === undefined) continue;
      const meta = {
        ...(m.params?._meta as Record<string, unknown> | undefined),
        [SUBSCRIPTION_ID_META_KEY]: id,
      };
      member.send({ ...m, params: { ...m.params, _meta: meta } });
    }
  }
}

function unionOf(filters: SubscriptionFilter[]): SubscriptionFilter {
  const out: SubscriptionFilter = {};
  for (const flag of FLAGS) if (filters.some((f) => f[flag] === true)) out[flag] = true;
  const uris = [...new Set(filters.flatMap((f) => f.resourceSubscriptions ?? []))].sort();
  if (uris.length > 0) out.resourceSubscriptions = uris;
  return out;
}

function intersect(filter: SubscriptionFilter, honored: SubscriptionFilter): SubscriptionFilter {
  const out: SubscriptionFilter = {};
  for (const flag of FLAGS) if (filter[flag] === true && honored[flag] === true) out[flag] = true;
  const uris = (filter.resourceSubscriptions ?? []).filter((u) => honored.resourceSubscriptions?.includes(u));
  if (filter.resourceSubscriptions) out.resourceSubscriptions = uris;
  return out;
}

function same(a: SubscriptionFilter, b: SubscriptionFilter): boolean {
  return JSON.stringify(unionOf([a])) === JSON.stringify(unionOf([b]));
}
