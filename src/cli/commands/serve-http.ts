// The --http flags of `gw serve`, checked and turned into HTTP server options (secure defaults, tokens, limits).
import type { Command } from 'cac';
import type { GatewayConfig } from '../../config/schema.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../http/body.js';
import { resolveClientToken } from '../../http/client-token.js';
import { isLoopback } from '../../http/guard.js';
import { httpLimits, LOOPBACK_LIMITS, NETWORK_LIMITS } from '../../http/limits.js';
import { DEFAULT_READY_POLICY, READY_POLICIES, type ReadyPolicy } from '../../http/ready.js';
import type { ServeHttpOptions } from '../../http/server.js';
import { adminTokenFile, readOrCreateToken } from '../../http/token.js';
import type { Logger } from '../../log.js';
import { toArray, usageError } from '../usage.js';

export interface HttpFlags {
  http?: boolean;
  host?: string;
  port?: unknown;
  token?: string;
  tokenFile?: string;
  auth?: boolean;
  allowOrigin?: unknown;
  allowHost?: unknown;
  admin?: boolean;
  sessionIdle?: unknown;
  maxSessions?: unknown;
  maxBody?: unknown;
  maxConnections?: unknown;
  ready?: unknown;
  drainTimeout?: unknown;
}

export const DEFAULT_PORT = 7400;
const DEFAULT_IDLE_MS = 30 * 60_000;
const DEFAULT_MAX_SESSIONS = 256;
const DEFAULT_DRAIN_MS = 10_000;

export function httpFlags(command: Command): void {
  command
    .option('--http', 'Serve over HTTP: Streamable HTTP at /mcp and /mcp/g/{group}, legacy SSE at /sse')
    .option('--host <address>', 'HTTP: address to bind (default 127.0.0.1; anything else requires a token of 32+ characters)')
    .option('--port <port>', `HTTP: port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--token-file <path>', 'HTTP: read the client bearer token from this file (keep it 0600); default: $GW_TOKEN, else the generated one `gw token` prints')
    .option('--token <token>', 'HTTP: the client bearer token (visible to every local user in ps: prefer --token-file or $GW_TOKEN)')
    .option('--no-auth', 'HTTP: no client token (only on a loopback address; the admin API still needs its token)')
    .option('--allow-origin <origin>', 'HTTP: a browser Origin to allow, with CORS headers (repeatable; loopback origins are always allowed)')
    .option('--allow-host <host>', 'HTTP: an extra Host header name to accept, e.g. behind a reverse proxy (repeatable)')
    .option('--admin', 'HTTP: serve the admin API at /admin (it can start commands); only the admin token `gw token --admin` opens it')
    .option('--session-idle <ms>', `HTTP: end sessions idle this long (default ${DEFAULT_IDLE_MS})`)
    .option('--max-sessions <n>', `HTTP: at most this many sessions; the oldest idle one is evicted (default ${DEFAULT_MAX_SESSIONS})`)
    .option('--max-body <bytes>', `HTTP: request body limit (default ${DEFAULT_MAX_BODY_BYTES})`)
    .option('--ready <policy>', `HTTP: when /readyz answers 200: ${READY_POLICIES.join('|')} upstreams ready (default ${DEFAULT_READY_POLICY}; none: once listening)`)
    .option('--drain-timeout <ms>', `HTTP: on SIGTERM, how long calls in flight may take to finish before exit (default ${DEFAULT_DRAIN_MS})`)
    .option(
      '--max-connections <n>',
      `HTTP: connections open at once; more are dropped (default ${LOOPBACK_LIMITS.maxConnections} on loopback, ${NETWORK_LIMITS.maxConnections} on other addresses)`,
    );
}

type HttpOptions = Omit<ServeHttpOptions, 'gateway' | 'watchFile' | 'loadedText' | 'adjust' | 'onListening'>;

export function resolveHttpOptions(flags: HttpFlags, config: GatewayConfig, log: Logger): HttpOptions {
  const host = flags.host === undefined ? '127.0.0.1' : String(flags.host);
  const loopback = isLoopback(host);
  const port = integer(flags.port, '--port', DEFAULT_PORT, 0);
  if (port > 65535) throw usageError(`--port must be 0-65535 (got ${port})`);
  const noAuth = flags.auth === false;
  if (noAuth && !loopback) throw usageError(`--no-auth is only allowed on a loopback address (got --host ${host})`);
  if (noAuth && (flags.token !== undefined || flags.tokenFile !== undefined)) throw usageError('give either a token (--token, --token-file) or --no-auth, not both');
  // Every other flag is checked before a token file may be generated.
  const idleMs = integer(flags.sessionIdle, '--session-idle', DEFAULT_IDLE_MS, 1);
  const maxSessions = integer(flags.maxSessions, '--max-sessions', DEFAULT_MAX_SESSIONS, 1);
  const maxBody = integer(flags.maxBody, '--max-body', DEFAULT_MAX_BODY_BYTES, 1);
  const maxConnections = flags.maxConnections === undefined ? undefined : integer(flags.maxConnections, '--max-connections', 0, 1);
  const ready = flags.ready === undefined ? DEFAULT_READY_POLICY : String(flags.ready);
  if (!isReadyPolicy(ready)) throw usageError(`--ready must be one of ${READY_POLICIES.join(', ')} (got ${JSON.stringify(ready)})`);
  const drainMs = integer(flags.drainTimeout, '--drain-timeout', DEFAULT_DRAIN_MS, 0);
  const allowOrigins = toArray(flags.allowOrigin);
  for (const origin of allowOrigins) {
    if (!/^https?:\/\/[^/]+$/i.test(origin.replace(/\/$/, ''))) throw usageError(`--allow-origin expects an origin such as https://app.example.com (got ${JSON.stringify(origin)})`);
  }
  const { stateDir } = config.settings;
  const token = noAuth
    ? undefined
    : resolveClientToken({
        ...(flags.token !== undefined && { flag: String(flags.token) }),
        ...(flags.tokenFile !== undefined && { file: String(flags.tokenFile) }),
        ...(process.env.GW_TOKEN && { env: process.env.GW_TOKEN }),
        stateDir,
        loopback,
        log,
      });
  // cac reads the old --no-admin as admin: false; admin is off unless --admin, so it changes nothing.
  if (flags.admin === false) log.warn('--no-admin is deprecated and does nothing: the admin API is off unless --admin is given');
  const admin = flags.admin === true;
  if (admin) {
    const { file, created } = readOrCreateToken(adminTokenFile(stateDir));
    log.info(`admin API on: only the admin token opens it (${created ? 'generated' : 'kept'} in ${file}, 0600; print it with \`gw token --admin\`)`);
  }
  if (!loopback) log.warn(`listening on ${host}, reachable from other machines: clients need the bearer token (${token?.source ?? ''}); keep it secret`);
  if (!loopback && !process.env.GW_SIGNING_KEY && !process.env.GW_SIGNING_KEY_FILE)
    log.warn('no GW_SIGNING_KEY: a 2026 client\'s call that needs input, or its task, resumes only on this process; replicas behind a load balancer need the same GW_SIGNING_KEY (docs/deploy.md)');
  if (noAuth) log.warn(`--no-auth: any local process can use this gateway${admin ? ' (the admin API still needs the admin token)' : ''}`);
  return {
    host,
    port,
    token,
    allowOrigins,
    allowHosts: toArray(flags.allowHost),
    admin,
    stateDir,
    idleMs,
    maxSessions,
    maxBody,
    limits: httpLimits(loopback, maxConnections),
    ready,
    drainMs,
  };
}

// HTTP flags given without --http (a mistake worth an error, not silence).
export function strayHttpFlags(flags: HttpFlags): string[] {
  const given: Array<[boolean, string]> = [
    [flags.host !== undefined, '--host'],
    [flags.port !== undefined, '--port'],
    [flags.token !== undefined, '--token'],
    [flags.tokenFile !== undefined, '--token-file'],
    [flags.auth === false, '--no-auth'],
    [flags.allowOrigin !== undefined, '--allow-origin'],
    [flags.allowHost !== undefined, '--allow-host'],
    [flags.admin !== undefined, flags.admin === false ? '--no-admin' : '--admin'],
    [flags.sessionIdle !== undefined, '--session-idle'],
    [flags.maxSessions !== undefined, '--max-sessions'],
    [flags.maxBody !== undefined, '--max-body'],
    [flags.maxConnections !== undefined, '--max-connections'],
    [flags.ready !== undefined, '--ready'],
    [flags.drainTimeout !== undefined, '--drain-timeout'],
  ];
  return given.filter(([yes]) => yes).map(([, flag]) => flag);
}

function integer(value: unknown, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be an integer ≥ ${min} (got ${JSON.stringify(value)})`);
  return n;
}

function isReadyPolicy(value: string): value is ReadyPolicy {
  return (READY_POLICIES as readonly string[]).includes(value);
}
