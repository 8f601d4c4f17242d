// The --http flags of `gw serve`, checked and turned into HTTP server options (secure defaults, token resolution).
import type { Command } from 'cac';
import type { GatewayConfig } from '../../config/schema.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../http/body.js';
import { isLoopback } from '../../http/guard.js';
import type { ServeHttpOptions } from '../../http/server.js';
import { createTokenCheck } from '../../http/token.js';
import type { Logger } from '../../log.js';
import { toArray, usageError } from '../usage.js';

export interface HttpFlags {
  http?: boolean;
  host?: string;
  port?: unknown;
  token?: string;
  auth?: boolean;
  allowOrigin?: unknown;
  allowHost?: unknown;
  admin?: boolean;
  sessionIdle?: unknown;
  maxSessions?: unknown;
  maxBody?: unknown;
}

export const DEFAULT_PORT = 7400;
const DEFAULT_IDLE_MS = 30 * 60_000;
const DEFAULT_MAX_SESSIONS = 256;

export function httpFlags(command: Command): void {
  command
    .option('--http', 'Serve over HTTP: Streamable HTTP at /mcp and /mcp/g/{group}, legacy SSE at /sse, admin API at /admin')
    .option('--host <address>', 'HTTP: address to bind (default 127.0.0.1; anything else requires a token)')
    .option('--port <port>', `HTTP: port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--token <token>', 'HTTP: bearer token clients must send (default: $GW_TOKEN, else the generated one `gw token` prints)')
    .option('--no-auth', 'HTTP: no token (only on a loopback address)')
    .option('--allow-origin <origin>', 'HTTP: a browser Origin to allow, with CORS headers (repeatable; loopback origins are always allowed)')
    .option('--allow-host <host>', 'HTTP: an extra Host header name to accept, e.g. behind a reverse proxy (repeatable)')
    .option('--no-admin', 'HTTP: do not serve the admin API')
    .option('--session-idle <ms>', `HTTP: end sessions idle this long (default ${DEFAULT_IDLE_MS})`)
    .option('--max-sessions <n>', `HTTP: at most this many sessions; the oldest idle one is evicted (default ${DEFAULT_MAX_SESSIONS})`)
    .option('--max-body <bytes>', `HTTP: request body limit (default ${DEFAULT_MAX_BODY_BYTES})`);
}

type HttpOptions = Omit<ServeHttpOptions, 'gateway' | 'watchFile' | 'loadedText' | 'adjust' | 'onListening'>;

export function resolveHttpOptions(flags: HttpFlags, config: GatewayConfig, log: Logger): HttpOptions {
  const host = flags.host === undefined ? '127.0.0.1' : String(flags.host);
  const loopback = isLoopback(host);
  const port = integer(flags.port, '--port', DEFAULT_PORT, 0);
  if (port > 65535) throw usageError(`--port must be 0-65535 (got ${port})`);
  const noAuth = flags.auth === false;
  if (noAuth && !loopback) throw usageError(`--no-auth is only allowed on a loopback address (got --host ${host})`);
  if (noAuth && flags.token !== undefined) throw usageError('give either --token or --no-auth, not both');
  // A token a client can send: not empty, no spaces (the Authorization header holds one word after "Bearer").
  if (flags.token !== undefined && !/^\S+$/.test(String(flags.token))) throw usageError('--token must be one word, not empty and without spaces');
  // Every other flag is checked before a token file may be generated.
  const idleMs = integer(flags.sessionIdle, '--session-idle', DEFAULT_IDLE_MS, 1);
  const maxSessions = integer(flags.maxSessions, '--max-sessions', DEFAULT_MAX_SESSIONS, 1);
  const maxBody = integer(flags.maxBody, '--max-body', DEFAULT_MAX_BODY_BYTES, 1);
  const allowOrigins = toArray(flags.allowOrigin);
  for (const origin of allowOrigins) {
    if (!/^https?:\/\/[^/]+$/i.test(origin.replace(/\/$/, ''))) throw usageError(`--allow-origin expects an origin such as https://app.example.com (got ${JSON.stringify(origin)})`);
  }
  const token = noAuth
    ? undefined
    : createTokenCheck({
        ...(flags.token !== undefined && { flag: String(flags.token) }),
        ...(process.env.GW_TOKEN && { env: process.env.GW_TOKEN }),
        stateDir: config.settings.stateDir,
      });
  if (token && 'created' in token && token.created) log.info(`generated a bearer token in ${token.file ?? ''} (0600); print it with \`gw token\``);
  if (!loopback) log.warn(`listening on ${host}, reachable from other machines: clients need the bearer token (${token?.source ?? ''}); keep it secret`);
  if (noAuth) log.warn('--no-auth: any local process can use this gateway');
  return {
    host,
    port,
    token,
    allowOrigins,
    allowHosts: toArray(flags.allowHost),
    admin: flags.admin !== false,
    idleMs,
    maxSessions,
    maxBody,
  };
}

// HTTP flags given without --http (a mistake worth an error, not silence).
export function strayHttpFlags(flags: HttpFlags): string[] {
  const given: Array<[boolean, string]> = [
    [flags.host !== undefined, '--host'],
    [flags.port !== undefined, '--port'],
    [flags.token !== undefined, '--token'],
    [flags.auth === false, '--no-auth'],
    [flags.allowOrigin !== undefined, '--allow-origin'],
    [flags.allowHost !== undefined, '--allow-host'],
    [flags.admin === false, '--no-admin'],
    [flags.sessionIdle !== undefined, '--session-idle'],
    [flags.maxSessions !== undefined, '--max-sessions'],
    [flags.maxBody !== undefined, '--max-body'],
  ];
  return given.filter(([yes]) => yes).map(([, flag]) => flag);
}

function integer(value: unknown, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be an integer ≥ ${min} (got ${JSON.stringify(value)})`);
  return n;
}
