// What a remote transport gets from src/auth: our provider when the server uses OAuth (configured, or logged in
// before), else a fetch that turns an OAuth challenge (401 with resource_metadata) into "needs a login".
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerConfig } from '../config/schema.js';
import { createAuthProvider, needsLogin } from './provider.js';
import { findRecord } from './store.js';

export interface TransportAuth {
  authProvider?: OAuthClientProvider;
  fetch?: FetchLike;
}

export function transportAuth(server: RemoteServerConfig, stateDir: string | undefined, env: NodeJS.ProcessEnv): TransportAuth {
  if (stateDir === undefined) return {};
  if (server.oauth || findRecord(stateDir, server.name, server.url)) {
    return { authProvider: createAuthProvider({ server, stateDir, env, mode: 'serve' }) };
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
