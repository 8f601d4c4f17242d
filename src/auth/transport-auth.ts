// What a remote transport gets from src/auth: our provider when the server uses OAuth (configured, or logged in
// before), else a fetch that turns an OAuth challenge (401 with resource_metadata) into "needs a login".
import { extractWWWAuthenticateParams, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createAuthProvider, needsLogin, type GatewayAuthProvider } from './provider.js';
import { findRecord } from './store.js';

export interface TransportAuth {
  authProvider?: OAuthClientProvider;
  fetch?: FetchLike;
}

export function transportAuth(server: RemoteServerConfig, stateDir: string | undefined, env: NodeJS.ProcessEnv, log?: Logger): TransportAuth {
  if (stateDir === undefined) return {};
  if (server.oauth || findRecord(stateDir, server.name, server.url)) {
    const provider = createAuthProvider({ server, stateDir, env, mode: 'serve', ...(log && { log }) });
    return { authProvider: provider, fetch: retryAfterRefresh(provider) };
  }
  return {
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401 && /resource_metadata\s*=/i.test(response.headers.get('www-authenticate') ?? '')) {
        await response.body?.cancel().catch(() => undefined);
        throw needsLogin(server.name, 'it asks for an OAuth login');
      }
      return response;
    },
  };
}

// A 403 insufficient_scope fails the call and asks for a login with the wider scope. A 401 to a token we sent: refresh once under the store lock (so several processes refresh once) and retry; the
// SDK's own handling (discovery, a new login) takes over only when that does not help.
function retryAfterRefresh(provider: GatewayAuthProvider): FetchLike {
  return async function refreshingFetch(input, init) {
    const response = await fetch(input, init);
    if (response.status === 403) {
      const challenge = extractWWWAuthenticateParams(response);
      if (challenge.error === 'insufficient_scope') {
        await response.body?.cancel().catch(() => undefined);
        throw await provider.stepUp(challenge.scope);
      }
    }
    const sent = /^Bearer (.+)$/i.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
    if (response.status !== 401 || sent === undefined) return response;
    const fresh = await provider.refreshAfter401(sent);
    if (!fresh || fresh.access_token === sent) return response;
    await response.body?.cancel().catch(() => undefined);
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${fresh.access_token}`);
    return fetch(input, { ...init, headers });
  };
}
