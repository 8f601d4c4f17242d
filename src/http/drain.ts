// The drain on SIGTERM: wait for the HTTP requests and tool calls in flight to finish, up to a deadline.
import type { Logger } from '../log.js';
import type { SessionRegistry } from './sessions.js';

const POLL_MS = 50;

// Resolves when no session has a request or call in progress, or when `deadlineMs` has passed (then says how many were cut).
export async function drain(registry: SessionRegistry, deadlineMs: number, log: Logger): Promise<void> {
  const busy = () => registry.all().filter((s) => s.inFlight > 0 || s.session.busy()).length;
  const first = busy();
  if (first === 0) return;
  log.info(`draining: ${first} session${first === 1 ? '' : 's'} with calls in flight; waiting up to ${deadlineMs} ms (--drain-timeout)`);
  const until = Date.now() + deadlineMs;
  while (busy() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const left = busy();
  if (left > 0) log.warn(`drain deadline passed: ending ${left} session${left === 1 ? '' : 's'} with calls still in flight`);
  else log.info('drained: every call in flight finished');
}
