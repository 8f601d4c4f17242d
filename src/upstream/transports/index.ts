// The transport kinds by config kind: adding a transport is one file beside this one, one line here, and its config schema.
import type { ServerConfig } from '../../config/schema.js';
import { sseKind } from './sse.js';
import { stdioKind } from './stdio.js';
import { streamableHttpKind } from './streamable-http.js';
import type { TransportKind } from './types.js';

const KINDS = new Map<ServerConfig['kind'], TransportKind<never>>([
  ['stdio', stdioKind],
  ['http', streamableHttpKind],
  ['sse', sseKind],
]);

export function transportKind(server: ServerConfig): TransportKind {
  const kind = KINDS.get(server.kind);
  if (!kind) throw new Error(`no transport for kind '${server.kind}'`);
  return kind as TransportKind;
}

export { GATEWAY_CHAIN_ENV } from './stdio.js';
export type { ConnectAdditions, ProtocolEra, TransportOptions, UpstreamTransport } from './types.js';
