// Server→client requests (sampling, elicitation, roots) from an upstream, routed to the one client session that
// should answer them; and the per-session in-flight counts that routing reads.
import type { ClientCapabilities, Request, Result } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from './errors.js';

// What the gateway needs from a session to route server→client requests to it.
export interface SessionPort {
  readonly id: string;
  // The session's group: server→client requests reach only sessions whose view has the server.
  readonly group?: string | undefined;
  readonly capabilities: ClientCapabilities;
  lastActive: number;
  inFlight: Map<string, number>;
  forwardRequest(server: string, request: Request, signal: AbortSignal): Promise<Result>;
}

// Counts a session's calls in flight on one server (both call paths; server→client requests are routed by it).
export function countInFlight(port: SessionPort, server: string, delta: 1 | -1): void {
  port.inFlight.set(server, Math.max(0, (port.inFlight.get(server) ?? 0) + delta));
}

// Server→client requests go to the session with calls in flight on that server, else the most recently active one.
// Two sessions busy on the same server cannot be told apart: a sampling or elicitation request (which carries the
// conversation, or asks the user) is then refused rather than shown to the wrong client.
// A session whose group does not include the server never hears from it.
export function routeServerRequest(
  sessions: Iterable<SessionPort>,
  sees: (group: string | undefined, server: string) => boolean,
  server: string,
  request: Request,
  signal: AbortSignal,
): Promise<Result> {
  const members = [...sessions].filter((s) => sees(s.group, server));
  const busy = members.filter((s) => (s.inFlight.get(server) ?? 0) > 0);
  const sensitive = request.method === 'sampling/createMessage' || request.method === 'elicitation/create';
  if (busy.length > 1 && sensitive) {
    return Promise.reject(
      new GatewayError(
        'INVALID_REQUEST',
        `${request.method} from '${server}' is ambiguous: ${busy.length} clients have calls in flight on it`,
      ),
    );
  }
  const candidates = busy.length > 0 ? busy : members;
  const best = candidates.reduce<SessionPort | undefined>(
    (a, b) => (!a || b.lastActive > a.lastActive ? b : a),
    undefined,
  );
  if (!best)
    return Promise.reject(
      new GatewayError('UPSTREAM_UNAVAILABLE', `no client is connected to answer ${request.method}`),
    );
  return best.forwardRequest(server, request, signal);
}
