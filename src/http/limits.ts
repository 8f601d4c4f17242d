// Bounds on slow and numerous clients: header, request and keep-alive timeouts and a connection cap, tighter on an address other machines can reach.
import type { Server, ServerOptions } from 'node:http';
import type { Logger } from '../log.js';

export interface HttpLimits {
  // A client must send its whole header block within this time (slowloris).
  headersTimeoutMs: number;
  // ...and its whole request, body included, within this time.
  requestTimeoutMs: number;
  // An idle keep-alive connection is closed after this time.
  keepAliveTimeoutMs: number;
  // Connections beyond this many are dropped at once.
  maxConnections: number;
}

export const LOOPBACK_LIMITS: HttpLimits = { headersTimeoutMs: 30_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024 };
export const NETWORK_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 256 };

// The limits for a bind; $GW_HTTP_HEADERS_TIMEOUT_MS shortens the header timeout (for tests of it).
export function httpLimits(loopback: boolean, maxConnections: number | undefined, env: NodeJS.ProcessEnv = process.env): HttpLimits {
  const base = loopback ? LOOPBACK_LIMITS : NETWORK_LIMITS;
  const headers = Number(env.GW_HTTP_HEADERS_TIMEOUT_MS);
  return {
    ...base,
    ...(Number.isInteger(headers) && headers > 0 && { headersTimeoutMs: Math.min(headers, base.requestTimeoutMs) }),
    ...(maxConnections !== undefined && { maxConnections }),
  };
}

// Options for createServer: the timeouts, checked often enough that a timeout fires close to its time (Node's default check is every 30 s).
export function serverOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

// Applies what createServer does not take, and reports the limits (debug) and dropped connections (warn, at most once a minute).
export function applyLimits(server: Server, limits: HttpLimits, log: Logger): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  log.debug(
    `http limits: headersTimeout ${limits.headersTimeoutMs} ms, requestTimeout ${limits.requestTimeoutMs} ms, keepAliveTimeout ${limits.keepAliveTimeoutMs} ms, maxConnections ${limits.maxConnections}`,
  );
  let warnedAt = 0;
  server.on('drop', () => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    log.warn(`refused a connection: ${limits.maxConnections} are open (--max-connections)`);
  });
}
