// The internal sessions serving 2026 requests: taken one per request, kept for reuse per client declaration on a
// connection (stdio), or closed after each request (stateless HTTP).
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

const MAX_IDLE = 4;

export function createInternalPool(gateway: Gateway, options: InternalOptions & { keep: boolean }): InternalPool {
  const idle: InternalSession[] = [];
  const open = new Set<InternalSession>();
  // Taken and not yet given back: a second release of the same taking is ignored.
  const inUse = new Set<InternalSession>();
  let closed = false;
  return {
    async acquire(envelope) {
      const key = envelopeKey(envelope);
      const at = idle.findIndex((s) => s.key === key);
      const session = at >= 0 ? (idle.splice(at, 1)[0] as InternalSession) : await openInternalSession(gateway, envelope, options);
      open.add(session);
      inUse.add(session);
      return session;
    },
    release(session, discard = false) {
      if (!inUse.delete(session)) return;
      session.onServerRequest = undefined;
      session.onNotification = undefined;
      if (options.keep && !closed && !discard) {
        idle.push(session);
        if (idle.length <= MAX_IDLE) return;
        session = idle.shift() as InternalSession;
      }
      open.delete(session);
      void session.close();
    },
    async close() {
      closed = true;
      idle.length = 0;
      const all = [...open];
      open.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
