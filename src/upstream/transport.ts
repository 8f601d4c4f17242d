// Builds the transport for one upstream entry and connection era: registers the entry's literal credentials for
// masking, then hands over to the entry's transport kind (transports/).
import type { ServerConfig } from '../config/schema.js';
import { isSecretName, registerCredential } from '../secrets.js';
import { transportKind, type ProtocolEra, type TransportOptions, type UpstreamTransport } from './transports/index.js';

export { GATEWAY_CHAIN_ENV, type ConnectAdditions, type TransportOptions } from './transports/index.js';

export function createTransport(server: ServerConfig, options: TransportOptions, era: ProtocolEra = 'legacy'): UpstreamTransport {
  const { additions } = options;
  // Literal credentials (a GITHUB_TOKEN written into the entry, an Authorization header, a hook's headers) are masked
  // like ${VAR} values; expandString registers those.
  const literal = server.kind === 'stdio' ? server.env : server.headers;
  for (const [name, value] of [...Object.entries(literal), ...Object.entries({ ...additions?.headers, ...additions?.env })]) {
    if (isSecretName(name)) registerCredential(value);
  }
  return transportKind(server).create(server, options, era);
}

// A printable description of where an upstream runs, with secrets left unexpanded.
export function describeTarget(server: ServerConfig): string {
  return transportKind(server).describe(server);
}
