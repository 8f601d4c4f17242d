// The routing tables of one shared upstream: which session each remapped call, progress token and server→client
// request belongs to, who subscribed to what, and at which log level each session listens.
import { resultBytes, wrapResultBytes } from '../relay/splice.js';
import type { Chunk } from '../relay/write-batch.js';
import { createListCache } from './list-cache.js';
import { createListens } from './listens.js';
import { createOwnRequests } from './own-requests.js';
import { spliceRequest, spliceResponse } from './splice.js';

export type Rpc = Record<string, unknown> & {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
};

// One session's attachment to a shared upstream.
export interface Member {
  readonly session: string;
  send(message: Rpc): void;
  // Serialized chunks as they are (a spliced line; a large result's bytes between two short lines).
  sendRaw(...chunks: Chunk[]): void;
  close(): void;
}

interface Call {
  member: Member;
  id: string | number;
  method: string;
  token?: unknown;
  // A first-page listing whose answer is kept for later sessions (the list generation it was asked in).
  listing?: number;
}

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

// Where the routes write to the upstream: a message, or a line already serialized (ending in \n).
export interface UpstreamSink {
  (message: Rpc): void;
  raw?: (line: string) => void;
}

// The broker's ids for sessions' requests: strings (so a large response is found by its id without being parsed) that
// neither a session's SDK Client (integers) nor the broker's own requests (`gw-N`) use.
const BROKER_PREFIX = 'b~';

export function createRoutes(server: string, toUpstream: UpstreamSink) {
  const members = new Set<Member>();
  // Remapped id (also used as the progress token) → the session's own id and token.
  const calls = new Map<string, Call>();
  // Server→client requests handed to a session: our id → the upstream's id.
  const asked = new Map<number, { member: Member; id: string | number }>();
  const subscriptions = new Map<Member, Set<string>>();
  const levels = new Map<Member, number>();
  const own = createOwnRequests(toUpstream);
  // A 2026 upstream's one subscriptions/listen stream, shared by the sessions' listens.
  const listens = createListens(toUpstream);
  const lists = createListCache();
  const passed = { spliced: 0, bytes: 0, reserialized: 0 };
  let next = 1;

  const callOf = (member: Member, id: unknown) =>
    [...calls].find(([, c]) => c.member === member && c.id === id)?.[0];
  const subscribers = (uri: string) => [...subscriptions].filter(([, set]) => set.has(uri)).map(([m]) => m);
  const reply = (member: Member, id: string | number, result: Record<string, unknown>) =>
    member.send({ jsonrpc: '2.0', id, result });

  const quietly = (method: string, params: Record<string, unknown>) =>
    void own.send(method, params).catch(() => undefined);

  // The upstream hears the most verbose level any session asked for; each session gets only its own level's messages.
  const applyLevel = () => {
    if (levels.size > 0) quietly('logging/setLevel', { level: LEVELS[Math.min(...levels.values())] });
  };

  // The session whose call caused a server→client request: by progress token when the server echoes it, else the
  // only session with a call in flight. Undefined when it cannot be told.
  const causeOf = (params: Rpc['params']) => {
    const token = (params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
    if (typeof token === 'string' && calls.has(token)) return calls.get(token)?.member;
    const busy = busyMembers();
    return busy.size === 1 ? [...busy][0] : undefined;
  };
  // Sessions with a call in flight that may cause a server→client request (a listing does not).
  const busyMembers = () =>
    new Set([...calls.values()].filter((c) => !c.method.endsWith('/list')).map((c) => c.member));

  // `line` is the message's text when the caller has it: the request then goes upstream spliced.
  function fromMember(member: Member, m: Rpc, line?: string): void {
    const { id, method, params } = m;
    if (method === undefined) {
      // A session's answer to a server→client request.
      const entry = typeof id === 'number' ? asked.get(id) : undefined;
      if (!entry || entry.member !== member) return;
      asked.delete(id as number);
      toUpstream({ ...m, id: entry.id });
      return;
    }
    if (id === undefined) {
      if (method === 'notifications/cancelled' && listens.cancel(member, params?.requestId)) return;
      if (method === 'notifications/cancelled') {
        const bid = callOf(member, params?.requestId);
        if (bid === undefined) return;
        calls.delete(bid);
        toUpstream({ ...m, params: { ...params, requestId: bid } });
      } else toUpstream(m);
      return;
    }
    if (method === 'subscriptions/listen') return listens.open(member, id, params);
    if (method === 'logging/setLevel') {
      levels.set(member, Math.max(0, LEVELS.indexOf(String(params?.level))));
      applyLevel();
      return reply(member, id, {});
    }
    if (method === 'resources/subscribe' || method === 'resources/unsubscribe') {
      const uri = String(params?.uri);
      const set = subscriptions.get(member) ?? new Set<string>();
      subscriptions.set(member, set);
      const before = subscribers(uri).length;
      if (method === 'resources/subscribe') set.add(uri);
      else set.delete(uri);
      // Only the first subscribe and the last unsubscribe of a URI reach the upstream.
      if ((method === 'resources/subscribe' ? before : subscribers(uri).length) > 0)
        return reply(member, id, {});
    }
    const bid = `${BROKER_PREFIX}${next++}`;
    const meta = params?._meta as Record<string, unknown> | undefined;
    const token = meta?.progressToken;
    const listing = lists.begin(method, params);
    calls.set(bid, {
      member,
      id,
      method,
      ...(token !== undefined && { token }),
      ...(listing !== undefined && { listing }),
    });
    const spliced =
      line !== undefined &&
      toUpstream.raw &&
      (token === undefined || typeof token === 'string' || typeof token === 'number')
        ? spliceRequest(line, id, bid, token)
        : undefined;
    if (spliced !== undefined) {
      passed.spliced++;
      return toUpstream.raw?.(spliced);
    }
    passed.reserialized++;
    const remapped = token !== undefined ? { ...params, _meta: { ...meta, progressToken: bid } } : params;
    toUpstream({ ...m, id: bid, ...(remapped && { params: remapped }) });
  }

  // `line` is the message's text when the caller has it: a response then goes to its session spliced.
  function fromUpstream(m: Rpc, line?: string): void {
    const { id, method, params } = m;
    if (listens.fromUpstream(m)) return;
    if (method === undefined) {
      if (own.settle(m)) return;
      const call = typeof id === 'string' ? calls.get(id) : undefined;
      if (!call) return;
      calls.delete(id as string);
      if (call.listing !== undefined && m.result !== undefined)
        lists.store(call.method, m.result, call.listing);
      const spliced = line === undefined ? undefined : spliceResponse(line, id as string, call.id);
      passed[spliced === undefined ? 'reserialized' : 'spliced']++;
      if (spliced !== undefined) call.member.sendRaw(spliced);
      else call.member.send({ ...m, id: call.id });
      return;
    }
    if (id !== undefined) return serverRequest(m, id);
    lists.changed(method);
    if (method === 'notifications/progress') {
      const call = calls.get(params?.progressToken as string);
      if (call?.token !== undefined)
        call.member.send({ ...m, params: { ...params, progressToken: call.token } });
    } else if (method === 'notifications/cancelled') {
      const mine = [...asked].find(([, a]) => a.id === params?.requestId);
      if (!mine) return;
      asked.delete(mine[0]);
      mine[1].member.send({ ...m, params: { ...params, requestId: mine[0] } });
    } else if (method === 'notifications/resources/updated') {
      for (const member of subscribers(String(params?.uri))) member.send(m);
    } else if (method === 'notifications/message') {
      const level = LEVELS.indexOf(String(params?.level));
      for (const member of members) if (level >= (levels.get(member) ?? 0)) member.send(m);
    } else for (const member of members) member.send(m);
  }

  // A large response, unparsed: found by the id at one of its ends and sent on with the session's id around its bytes.
  function fromUpstreamBytes(bytes: Buffer): boolean {
    const found = resultBytes(bytes);
    const call = found && calls.get(found.id);
    if (!found || !call) return false;
    calls.delete(found.id);
    passed.bytes++;
    call.member.sendRaw(...wrapResultBytes(found.result, call.id));
    return true;
  }

  function serverRequest(m: Rpc, id: string | number): void {
    if (m.method === 'ping') return toUpstream({ jsonrpc: '2.0', id, result: {} });
    const member = causeOf(m.params);
    if (!member) {
      const busy = busyMembers().size;
      const why =
        busy === 0 ? 'no session has a call in flight to it' : `${busy} sessions have calls in flight to it`;
      const message = `fast-gateway broker: server '${server}' is shared and sent ${m.method} without saying which call it belongs to (${why}); set "share": false on this server to keep it per session`;
      return toUpstream({ jsonrpc: '2.0', id, error: { code: -32603, message } });
    }
    const ours = next++;
    asked.set(ours, { member, id });
    member.send({ ...m, id: ours });
  }

  // A session went away: its calls are cancelled upstream, its pending server→client requests refused, its
  // subscriptions dropped (the last subscriber of a URI unsubscribes upstream).
  function detach(member: Member): void {
    members.delete(member);
    listens.detach(member);
    for (const [bid, call] of calls) {
      if (call.member !== member) continue;
      calls.delete(bid);
      toUpstream({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: bid, reason: 'the session closed' },
      });
    }
    for (const [ours, a] of asked) {
      if (a.member !== member) continue;
      asked.delete(ours);
      toUpstream({
        jsonrpc: '2.0',
        id: a.id,
        error: { code: -32603, message: 'the session that caused this request has closed' },
      });
    }
    const uris = subscriptions.get(member) ?? new Set<string>();
    subscriptions.delete(member);
    for (const uri of uris) if (subscribers(uri).length === 0) quietly('resources/unsubscribe', { uri });
    if (levels.delete(member)) applyLevel();
  }

  return {
    members,
    fromMember,
    fromUpstream,
    fromUpstreamBytes,
    detach,
    internal: own.send,
    counters: () => ({
      sessions: members.size,
      calls: calls.size,
      serverRequests: asked.size,
      subscriptions: [...subscriptions.values()].reduce((n, s) => n + s.size, 0),
      ...listens.counters(),
    }),
    passed: () => ({ ...passed }),
    // The kept first-page listings, for the attach reply of a 2025 upstream.
    lists: lists.snapshot,
    // The upstream is gone: every session's channel to it closes (their calls fail at once) and internal requests fail.
    closeAll(): void {
      own.failAll(new Error('connection closed'));
      listens.clear();
      for (const member of [...members]) member.close();
      members.clear();
      calls.clear();
      asked.clear();
      subscriptions.clear();
      levels.clear();
    },
  };
}
