// The live MCP sessions of HTTP mode: one DownstreamSession and one transport each, ended on DELETE, idle timeout or beyond a cap.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { DownstreamSession } from '../server/session.js';

export interface HttpSession {
  readonly id: string;
  readonly kind: 'streamable' | 'sse';
  // The route it was created on ('/mcp', '/mcp/g/dev', '/sse'…): a session id is only valid there.
  readonly route: string;
  readonly session: DownstreamSession;
  lastActive: number;
  // Requests in progress (a long-lived GET stream does not count, or no session would ever be idle).
  inFlight: number;
  // Hands one HTTP request to the session's transport (a parsed body when the gateway already read it).
  handle(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void>;
  close(): Promise<void>;
}

// The registry's record of a new session; `handle` passes one HTTP request to the session's transport.
export function httpSession(kind: HttpSession['kind'], route: string, session: DownstreamSession, handle: HttpSession['handle']): HttpSession {
  return { id: session.id, kind, route, session, lastActive: Date.now(), inFlight: 0, handle, close: () => session.close() };
}

export interface SessionRegistry {
  get(id: string): HttpSession | undefined;
  add(session: HttpSession): void;
  // Makes room for one more session: evicts the oldest idle one when at the cap; false when every session is busy.
  makeRoom(): boolean;
  // Marks a request in progress on the session until `done` is called.
  begin(session: HttpSession): () => void;
  remove(id: string, why?: string): void;
  all(): HttpSession[];
  readonly size: number;
  closeAll(): Promise<void>;
}

export interface RegistryOptions {
  idleMs: number;
  max: number;
  log: Logger;
}

export function createSessionRegistry(options: RegistryOptions): SessionRegistry {
  const { log } = options;
  const sessions = new Map<string, HttpSession>();
  const end = (s: HttpSession, why: string) => {
    if (!sessions.delete(s.id)) return;
    log.info(`session ${s.id.slice(0, 8)} ended (${why})`);
    void s.close().catch(() => undefined);
  };
  // A session with a call in progress is not idle; its idle time counts from the end of its last call.
  const idle = (s: HttpSession, now: number) => {
    if (s.inFlight > 0 || s.session.busy()) {
      s.lastActive = now;
      return false;
    }
    return now - s.lastActive >= options.idleMs;
  };
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const s of [...sessions.values()]) if (idle(s, now)) end(s, `idle for ${Math.round((now - s.lastActive) / 1000)} s`);
    },
    Math.max(50, Math.min(options.idleMs / 4, 30_000)),
  );
  sweep.unref();
  return {
    get: (id) => sessions.get(id),
    add(s) {
      sessions.set(s.id, s);
      log.info(`session ${s.id.slice(0, 8)} started on ${s.route} (${sessions.size} open)`);
    },
    makeRoom() {
      if (sessions.size < options.max) return true;
      let oldest: HttpSession | undefined;
      for (const s of sessions.values()) if (s.inFlight === 0 && !s.session.busy() && (!oldest || s.lastActive < oldest.lastActive)) oldest = s;
      if (!oldest) return false;
      end(oldest, `evicted: at the cap of ${options.max} sessions`);
      return true;
    },
    begin(s) {
      s.inFlight++;
      s.lastActive = Date.now();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        s.inFlight--;
        s.lastActive = Date.now();
      };
    },
    remove(id, why = 'closed') {
      const s = sessions.get(id);
      if (s) end(s, why);
    },
    all: () => [...sessions.values()],
    get size() {
      return sessions.size;
    },
    async closeAll() {
      clearInterval(sweep);
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.close().catch(() => undefined)));
    },
  };
}
