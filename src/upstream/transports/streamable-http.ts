// The Streamable HTTP transport kind: the v1 SDK's transport for the 2025 era (sessions, Mcp-Session-Id), the v2
// SDK's for 2026-07-28 (stateless, Mcp-Method / Mcp-Name headers, one stream per request).
import type { StreamableHTTPClientTransport as ModernHttpTransport } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RemoteServerConfig } from '../../config/schema.js';
import { modernSdk } from '../modern-sdk.js';
import { remoteTarget } from './remote.js';
import type { TransportKind, UpstreamTransport } from './types.js';

export const streamableHttpKind: TransportKind<RemoteServerConfig> = {
  eras: ['legacy', 'modern'],
  create(server, options, era) {
    const { url, headers, auth } = remoteTarget(server, options);
    if (era === 'legacy') return new StreamableHTTPClientTransport(url, { requestInit: { headers }, ...auth }) as UpstreamTransport;
    // The two SDKs' OAuth provider and fetch contracts are the same shape; the types are declared twice.
    const modernAuth = auth as ConstructorParameters<typeof ModernHttpTransport>[1];
    // The connection loads the v2 SDK before it builds a modern transport.
    return new (modernSdk().StreamableHTTPClientTransport)(url, { requestInit: { headers }, ...modernAuth }) as unknown as UpstreamTransport;
  },
  describe: (server) => `${server.url} (Streamable HTTP)`,
};
