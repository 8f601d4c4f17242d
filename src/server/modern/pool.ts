// The internal sessions serving 2026 requests: one taken per request and given back for reuse by a later request with
// the same client declaration (capabilities and clientInfo: what governance and the upstreams see of a client; the
// route's group is the pool's), closed once unused for IDLE_MS or when more than MAX_IDLE wait.
import { randomUUID } from 'node:crypto';
import type { Gateway } from '../../gateway.js';
import { envelopeKey, openInternalSession, type InternalOptions, type InternalSession } from './internal-session.js';
import type { Envelope } from './wire.js';

export interface InternalPool {
  // A session no other request is using (one request at a time, so a server→client request is the caller's).
  acquire(envelope: Envelope): Promise<InternalSession>;
  // `discard` closes it instead (a session left waiting on an unanswered question is not reused).
  release(session: InternalSession, discard?: boolean): void;
  close(): Promise<void>;
}

export interface InternalPoolOptions extends InternalOptions {
  // Without a shared `sessionId` (HTTP, stateless) each taking is a session of its own to governance: a new session id
  // for hooks, audit, session-scoped rate limits and remembered confirmations, as a session opened for it would have.
  sessionId?: string;
}

const MAX_IDLE = 8;
const IDLE_MS = 30_000;

export function createInternalPool(gateway: Gateway, options: InternalPoolOptions): InternalPool {
  // Idle sessions, oldest first, each with the timer that closes it.
  const idle = new Map<InternalSession, NodeJS.Timeout>();
  const open = new Set<InternalSession>();
  // Taken and not yet given back: a second release of the same taking is ignored.
  const inUse = new Set<InternalSession>();
  let closed = false;

  const end = (session: InternalSession) => {
    clearTimeout(idle.get(session));
    idle.delete(session);
    open.delete(session);
    void session.close();
  };

  return {
    async acquire(envelope) {
      const key = envelopeKey(envelope);
      let session = [...idle.keys()].find((s) => s.key === key);
      if (session) {
        clearTimeout(idle.get(session));
        idle.delete(session);
        session.routable(true);
      } else session = await openInternalSession(gateway, envelope, options);
      if (options.sessionId === undefined) session.renew(randomUUID());
      open.add(session);
      inUse.add(session);
      return session;
    },
    release(session, discard = false) {
      if (!inUse.delete(session)) return;
      session.onServerRequest = undefined;
      session.onNotification = undefined;
      if (closed || discard) return end(session);
      session.routable(false);
      const timer = setTimeout(() => end(session), IDLE_MS);
      timer.unref();
      idle.set(session, timer);
      if (idle.size > MAX_IDLE) end(idle.keys().next().value as InternalSession);
    },
    async close() {
      closed = true;
      for (const timer of idle.values()) clearTimeout(timer);
      idle.clear();
      const all = [...open];
      open.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
