// The drain on SIGTERM: wait for the HTTP requests and tool calls in flight to finish, up to a deadline.
import type { Logger } from '../log.js';
import type { SessionRegistry } from './sessions.js';

const POLL_MS = 50;

// Resolves when no session has a request or call in progress and no stateless (2026) request is being answered
// (`stateless` counts them), or when `deadlineMs` has passed (then says how many were cut).
export async function drain(registry: SessionRegistry, deadlineMs: number, log: Logger, stateless: () => number = () => 0): Promise<void> {
  const busy = () => registry.all().filter((s) => s.inFlight > 0 || s.session.busy()).length;
  const first = describe(busy(), stateless());
  if (!first) return;
  log.info(`draining: ${first} with calls in flight; waiting up to ${deadlineMs} ms (--drain-timeout)`);
  const until = Date.now() + deadlineMs;
  while (describe(busy(), stateless()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const left = describe(busy(), stateless());
  if (left) log.warn(`drain deadline passed: ending ${left} with calls still in flight`);
  else log.info('drained: every call in flight finished');
}

// "2 sessions and 1 stateless request"; empty when there are none.
function describe(sessions: number, requests: number): string {
  const parts = [
    ...(sessions > 0 ? [`${sessions} session${sessions === 1 ? '' : 's'}`] : []),
    ...(requests > 0 ? [`${requests} stateless request${requests === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' and ');
}
