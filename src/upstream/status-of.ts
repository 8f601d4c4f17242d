// The status report of one upstream, and the words for an upstream calls cannot reach (gw status, the status file, gateway://status, the admin API, --json).
import { GatewayError } from '../errors.js';
import type { UpstreamStatus } from './context.js';
import { EMPTY_SNAPSHOT } from './lists.js';
import type { ServerView } from './pool-api.js';
import type { Upstream } from './upstream.js';

export function statusOf(u: Upstream, pid: number | undefined, cachedAt: number | undefined, shared = false): UpstreamStatus {
  return {
    name: u.name,
    kind: u.config.kind,
    state: u.state,
    since: u.since,
    restarts: u.restarts,
    ...(u.lastError !== undefined && { lastError: u.lastError }),
    toolCount: u.snapshot.tools.length,
    // Set while the tools listed are the cached ones of an earlier run, not yet the live list.
    ...(!u.fresh && cachedAt !== undefined && u.snapshot !== EMPTY_SNAPSHOT && { cachedAt }),
    ...(u.connectMs !== undefined && { connectMs: u.connectMs }),
    ...(pid !== undefined && { pid }),
    ...(shared && { shared: true }),
    ...(u.protocol && { protocol: u.protocol }),
  };
}

// The error a call gets while the upstream is failed or stopped.
export function unavailable(u: ServerView): GatewayError {
  const why = `${u.state === 'stopped' ? 'stopped' : 'unavailable'}${u.lastError ? `: ${u.lastError}` : ''}`;
  return new GatewayError('UPSTREAM_UNAVAILABLE', `server '${u.name}' is ${why}`);
}

// The error a call gets while the upstream waits for an OAuth login (`gw auth login NAME`).
export function needsLogin(u: ServerView): GatewayError {
  return new GatewayError('AUTH_REQUIRED', u.lastError ?? `server '${u.name}' needs a login: run \`gw auth login ${u.name}\``);
}

// The error a call gets when it waited its whole timeout for the upstream to start.
export function stillStarting(u: ServerView, timeoutMs: number): GatewayError {
  const last = u.lastError ? ` (last error: ${u.lastError})` : '';
  return new GatewayError('UPSTREAM_TIMEOUT', `server '${u.name}' is still ${u.state} after ${timeoutMs} ms${last}`);
}

// The log's words when retries ran out.
export function gaveUp(failures: number, name: string, probeMs?: number): string {
  const next = probeMs ? `; trying again every ${Math.round(probeMs / 100) / 10} s, or run` : '; fix the config or run';
  return ` (gave up after ${failures} attempts${next} \`gw restart ${name}\`)`;
}
