// The client sessions attached to a gateway, and which of them answers an upstream's server→client request.
import type { Request, Result } from '@modelcontextprotocol/sdk/types.js';
import { routeServerRequest, type SessionPort } from '../session-routing.js';

export interface SessionRegistry {
  // Returns the function that detaches the session.
  attach(session: SessionPort): () => void;
  // Sampling, elicitation or roots from `server`, sent to one attached session (session-routing.ts decides which).
  route(server: string, request: Request, signal: AbortSignal): Promise<Result>;
}

// `sees` says whether a session's group shows the server: one that does not never hears from it.
export function createSessionRegistry(
  sees: (group: string | undefined, server: string) => boolean,
): SessionRegistry {
  const sessions = new Set<SessionPort>();
  return {
    attach(session) {
      sessions.add(session);
      return () => sessions.delete(session);
    },
    route: (server, request, signal) => routeServerRequest(sessions, sees, server, request, signal),
  };
}
