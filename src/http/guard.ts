// Request checks made before any body is read: one Host naming this gateway (DNS rebinding) and Origin (allowlist).
import { isIP } from 'node:net';
import os from 'node:os';
import type { IncomingMessage } from 'node:http';

export interface GuardOptions {
  // The address bound and the port actually listened on.
  host: string;
  port: number;
  // Extra Host header values accepted (a reverse proxy's name).
  allowHosts: readonly string[];
  // Origins allowed besides loopback ones; when non-empty, CORS headers are sent to them.
  allowOrigins: readonly string[];
}

export interface Guard {
  // A reason to answer 400: two Host headers (which one names the target is ambiguous, so neither is trusted).
  malformed(req: IncomingMessage): string | undefined;
  // A reason to answer 403, or undefined when Host and Origin are acceptable.
  forbidden(req: IncomingMessage): string | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
// What an allowlisted Origin's CORS preflight is told (hono's cors middleware sends it; see app.ts).
export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const CORS_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'Mcp-Session-Id', 'Mcp-Protocol-Version', 'Last-Event-ID'];

// Only real loopback addresses: `127.0.0.1.evil.com` starts with "127." too.
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export function createGuard(options: GuardOptions): Guard {
  const hosts = allowedHosts(options);
  const origins = new Set(options.allowOrigins.map(normalizeOrigin));
  return {
    malformed(req) {
      const count = req.headersDistinct.host?.length ?? 0;
      return count > 1 ? `the request has ${count} Host headers; send exactly one` : undefined;
    },
    forbidden(req) {
      const host = (req.headers.host ?? '').toLowerCase();
      if (!hosts.has(host)) return `Host header ${JSON.stringify(req.headers.host ?? '')} is not this gateway (DNS rebinding protection)`;
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(origin, origins)) {
        return `Origin ${JSON.stringify(origin)} is not allowed; start the gateway with --allow-origin ${origin} to allow it`;
      }
      return undefined;
    },
  };
}

// Host header values naming this listener: host:port, loopback names when loopback, every local address when bound to all.
function allowedHosts(options: GuardOptions): Set<string> {
  const { host, port } = options;
  const names = new Set<string>([formatHost(host)]);
  if (isLoopback(host)) LOOPBACK_NAMES.forEach((n) => names.add(n));
  if (host === '0.0.0.0' || host === '::') {
    LOOPBACK_NAMES.forEach((n) => names.add(n));
    names.add(os.hostname());
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(formatHost(a.address));
  }
  const out = new Set<string>();
  for (const n of names) {
    const lower = n.toLowerCase();
    out.add(`${lower}:${port}`);
    // Browsers and curl omit the default port.
    if (port === 80) out.add(lower);
  }
  // --allow-host names a Host as a client sends it: behind a reverse proxy often without a port, or with the proxy's.
  for (const n of options.allowHosts) {
    const lower = n.toLowerCase();
    out.add(lower);
    if (!/:\d+$/.test(lower) || lower.endsWith(']')) out.add(`${lower}:${port}`);
  }
  return out;
}

function formatHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function originAllowed(origin: string, allowlist: Set<string>): boolean {
  if (allowlist.has(normalizeOrigin(origin))) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}
