// Which URLs an OAuth flow may fetch or open: https anywhere, plain http only to this machine (loopback).
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { GatewayError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isAllowedUrl(raw: string | URL): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname));
}

// Throws a clear error naming the server when `raw` is neither https nor loopback http.
export function assertAllowedUrl(server: string, what: string, raw: string | URL): void {
  if (isAllowedUrl(raw)) return;
  throw new GatewayError(
    'UPSTREAM_AUTH',
    `server '${server}': refusing the OAuth ${what} ${JSON.stringify(String(raw))}: only https:// URLs (or http:// to this machine) are used; nothing was stored`,
  );
}

// fetch for the OAuth flow: every URL it is asked for (metadata, registration, token, revocation) passes the policy,
// and redirects are not followed to places the policy would refuse.
export function createGuardedFetch(server: string): FetchLike {
  return async function guardedFetch(input, init) {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : (input as Request).url;
    assertAllowedUrl(server, 'endpoint', url);
    const response = await fetch(input, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      assertAllowedUrl(server, 'redirect', next);
      return guardedFetch(next, init);
    }
    return response;
  };
}
