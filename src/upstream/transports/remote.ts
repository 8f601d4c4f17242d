// What both remote transport kinds share: the expanded URL (its credentials registered for masking) and the request
// headers (the entry's, then a preConnect hook's) plus what src/auth adds (an OAuth provider, a fetch that knows 401s).
import { transportAuth, type TransportAuth } from '../../auth/transport-auth.js';
import { expandMap, expandString } from '../../config/expand.js';
import type { RemoteServerConfig } from '../../config/schema.js';
import { isSecretName, registerCredential } from '../../secrets.js';
import type { TransportOptions } from './types.js';

export interface RemoteTarget {
  url: URL;
  headers: Record<string, string>;
  auth: TransportAuth;
}

export function remoteTarget(server: RemoteServerConfig, options: TransportOptions): RemoteTarget {
  const { env, additions } = options;
  const url = new URL(expandString(server.url, env, { server: server.name, field: 'url' }));
  if (url.password) registerCredential(decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams) if (isSecretName(name)) registerCredential(value);
  // Headers from hooks override the entry's static headers.
  const headers = { ...expandMap(server.headers, env, server.name, 'headers'), ...additions?.headers };
  return { url, headers, auth: transportAuth(server, options.stateDir, env, options.log) };
}
