// An internal 2025 session of the gateway (the same DownstreamSession a 2025 client gets: group, rules, hooks, confirm,
// audit, redact, rate limits) driven over an in-memory pipe on behalf of a 2026 client.
import { randomUUID } from 'node:crypto';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEntry } from '../../catalog/catalog.js';
import type { Gateway } from '../../gateway.js';
import { createSession } from '../session.js';
import type { Envelope, Message, RequestId } from './wire.js';

export interface InternalSession {
  readonly key: string;
  // Sends a request; resolves with the session's response (result or error), never rejects.
  request(method: string, params: Record<string, unknown> | undefined): { id: number; response: Promise<Message> };
  // Answers a server→client request the session sent (elicitation, sampling, roots).
  answer(id: RequestId, reply: { result: unknown } | { error: unknown }): void;
  notify(method: string, params: Record<string, unknown>): void;
  // A tool as this session sees it (group, rules, list hooks), waiting while its server starts.
  lookup(name: string): Promise<ToolEntry | undefined>;
  // The session id hooks, audit, rate limits and traces see from now on (a pooled session taken for a new request).
  renew(id: string): void;
  // Off while idle in a pool: an upstream's request outside any call then goes to a session that can answer it.
  routable(on: boolean): void;
  // Where the session's server→client requests and notifications go (one consumer at a time).
  onServerRequest?: (message: Message) => void;
  onNotification?: (message: Message) => void;
  close(): Promise<void>;
}

export interface InternalOptions {
  group?: string | undefined;
  mode: 'stdio' | 'http';
  // Shared by the internal sessions of one connection, so session-scoped rules (rate limits, remembered confirms) hold.
  sessionId?: string;
}

// The key under which sessions with the same client declaration can be reused.
export function envelopeKey(envelope: Envelope): string {
  return JSON.stringify([envelope.capabilities, envelope.client]);
}

export async function openInternalSession(gateway: Gateway, envelope: Envelope, options: InternalOptions): Promise<InternalSession> {
  const session = createSession(gateway, {
    ...(options.group !== undefined && { group: options.group }),
    id: options.sessionId ?? randomUUID(),
    mode: options.mode,
  });
  const [near, far] = InMemoryTransport.createLinkedPair();
  const waiting = new Map<RequestId, (m: Message) => void>();
  let nextId = 1;
  const internal: InternalSession = {
    key: envelopeKey(envelope),
    request(method, params) {
      const id = nextId++;
      const response = new Promise<Message>((resolve) => waiting.set(id, resolve));
      void near.send({ jsonrpc: '2.0', id, method, ...(params && { params }) } as JSONRPCMessage);
      return { id, response };
    },
    answer(id, reply) {
      void near.send({ jsonrpc: '2.0', id, ...reply } as JSONRPCMessage);
    },
    notify(method, params) {
      void near.send({ jsonrpc: '2.0', method, params } as JSONRPCMessage);
    },
    lookup: (name) => session.visibility.lookupOrWait(name),
    renew(id) {
      session.info.id = id;
    },
    routable: (on) => session.routable(on),
    async close() {
      for (const resolve of waiting.values()) resolve({ jsonrpc: '2.0', error: { code: -32603, message: 'the gateway session closed' } });
      waiting.clear();
      await session.close();
      await near.close().catch(() => undefined);
    },
  };
  near.onmessage = (raw) => {
    const message = raw as Message;
    if (message.method === undefined) {
      const resolve = waiting.get(message.id as RequestId);
      waiting.delete(message.id as RequestId);
      resolve?.(message);
    } else if (message.id !== undefined) {
      if (internal.onServerRequest) internal.onServerRequest(message);
      else internal.answer(message.id, { error: { code: -32601, message: `${message.method} has no one to answer it` } });
    } else internal.onNotification?.(message);
  };
  await near.start();
  await session.connect(far);
  const init = internal.request('initialize', {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: envelope.capabilities,
    clientInfo: envelope.client,
  });
  const answer = await init.response;
  if (answer.error) throw new Error(`the gateway session refused to start: ${JSON.stringify(answer.error)}`);
  internal.notify('notifications/initialized', {});
  return internal;
}
