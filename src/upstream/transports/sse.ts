// The legacy HTTP+SSE transport kind (protocol 2024-11-05): the 2025 era only; 2026-07-28 has no SSE binding.
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { RemoteServerConfig } from '../../config/schema.js';
import { remoteTarget } from './remote.js';
import type { TransportKind, UpstreamTransport } from './types.js';

export const sseKind: TransportKind<RemoteServerConfig> = {
  eras: ['legacy'],
  create(server, options) {
    const { url, headers, auth } = remoteTarget(server, options);
    return new SSEClientTransport(url, { requestInit: { headers }, ...auth }) as UpstreamTransport;
  },
  describe: (server) => `${server.url} (SSE)`,
};
