// `gw auth login`: discovery from the server's 401 challenge, client identity, authorization code + PKCE through the
// browser and the loopback callback (or client_credentials), tokens stored only when all of it succeeded.
import { auth, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import type { RemoteServerConfig } from '../config/schema.js';
import { GatewayError, isGatewayError, messageOf } from '../errors.js';
import { maskSecrets } from '../secrets.js';
import { startCallback } from './callback.js';
import { createAuthProvider, oauthOf } from './provider.js';
import { findRecord } from './store.js';
import { assertAllowedUrl, createGuardedFetch } from './url-policy.js';

export interface LoginOptions {
  stateDir: string;
  env: NodeJS.ProcessEnv;
  // Called with the authorization URL: opens the browser, or prints the URL (--no-browser).
  open: (url: URL) => Promise<void>;
  timeoutMs?: number;
}

export async function login(server: RemoteServerConfig, options: LoginOptions): Promise<void> {
  const name = server.name;
  assertAllowedUrl(name, 'server URL', server.url);
  const fetchFn = createGuardedFetch(name);
  try {
    const challenge = await probeChallenge(server.url, fetchFn);
    const oauth = oauthOf(server);
    const base = oauth.scopes.length > 0 ? oauth.scopes.join(' ') : challenge.scope;
    const scope = joinScopes(base, findRecord(options.stateDir, name, server.url)?.stepUpScope);
    const flow = { serverUrl: server.url, fetchFn, ...(scope && { scope }), ...(challenge.resourceMetadataUrl && { resourceMetadataUrl: challenge.resourceMetadataUrl }) };
    if (oauth.grant === 'client_credentials') {
      const provider = createAuthProvider({ server, stateDir: options.stateDir, env: options.env, mode: 'login' });
      await auth(provider, flow);
      return;
    }
    const callback = await startCallback(name, keptRedirectPort(server, options.stateDir));
    try {
      const provider = createAuthProvider({
        server,
        stateDir: options.stateDir,
        env: options.env,
        mode: 'login',
        redirectUrl: callback.redirectUrl,
        onAuthorizationUrl: options.open,
      });
      const started = await auth(provider, flow);
      if (started === 'AUTHORIZED') return;
      const code = await callback.code(provider.expectedState, options.timeoutMs ?? 300_000);
      await auth(provider, { ...flow, authorizationCode: code });
    } finally {
      callback.close();
    }
  } catch (error) {
    if (isGatewayError(error)) throw error;
    throw new GatewayError('UPSTREAM_AUTH', maskSecrets(`server '${name}': login failed: ${describe(error)}; nothing was stored`), { cause: error });
  }
}

// The loopback port a kept dynamic registration was made for (0 when none): reusing it keeps the registration valid.
function keptRedirectPort(server: RemoteServerConfig, stateDir: string): number {
  const uri = (findRecord(stateDir, server.name, server.url)?.client as { redirect_uris?: string[] } | undefined)?.redirect_uris?.[0];
  const port = uri ? Number(new URL(uri).port) : 0;
  return Number.isInteger(port) ? port : 0;
}

// The server's answer to an unauthenticated request: the resource metadata URL and scope of its 401 challenge.
// Whether a remote server asks for an OAuth login (401 with a Bearer challenge); undefined when it cannot be told
// (not reachable in time, or a URL the gateway would not fetch). Used by `gw add --url` to say what to do next.
export async function asksForLogin(name: string, url: string, timeoutMs = 5000): Promise<boolean | undefined> {
  try {
    assertAllowedUrl(name, 'server URL', url);
    const response = await createGuardedFetch(name)(url, { ...initializeRequest(), signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return response.status === 401 && /^\s*bearer\b/i.test(response.headers.get('www-authenticate') ?? '');
  } catch {
    return undefined;
  }
}

function initializeRequest(): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fast-gateway', version: '0' } } }),
  };
}

async function probeChallenge(url: string, fetchFn: ReturnType<typeof createGuardedFetch>): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const response = await fetchFn(url, initializeRequest());
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 401) return {};
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
  return { ...(resourceMetadataUrl && { resourceMetadataUrl }), ...(scope && { scope }) };
}

// Space-separated scopes, each once (a step-up adds to what the login asks for).
function joinScopes(...lists: (string | undefined)[]): string | undefined {
  const all = [...new Set(lists.flatMap((l) => l?.split(/\s+/).filter(Boolean) ?? []))];
  return all.length > 0 ? all.join(' ') : undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED') return `${messageOf(error)} (connection refused: is the authorization server up?)`;
  return messageOf(error);
}
