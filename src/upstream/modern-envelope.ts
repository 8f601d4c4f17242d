// The envelope a 2026-07-28 request carries in `_meta` (protocol version, client info and capabilities, log level), as
// the v2 client last sent it on a connection: the relay puts the same members into the requests it writes itself.
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, LOG_LEVEL_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/client';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamTransport } from './transports/index.js';

const ENVELOPE_KEYS = [PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY];

// Capabilities a 2026 upstream could ask the client to use mid-call (input_required): with any of them offered, calls
// stay with the v2 client, which runs the input_required rounds.
export function asksForInput(capabilities: ClientCapabilities): boolean {
  return capabilities.elicitation !== undefined || capabilities.sampling !== undefined || capabilities.roots !== undefined;
}

// Follows the requests the v2 client sends through `transport` and returns the envelope members of the last one, as
// JSON text without the braces (undefined until the client sent a request).
export function watchEnvelope(transport: UpstreamTransport): () => string | undefined {
  let members: string | undefined;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    members = envelopeOf(message) ?? members;
    return send(message, options);
  };
  return () => members;
}

function envelopeOf(message: unknown): string | undefined {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  if (meta?.[PROTOCOL_VERSION_META_KEY] === undefined) return undefined;
  const envelope = Object.fromEntries(ENVELOPE_KEYS.filter((key) => meta[key] !== undefined).map((key) => [key, meta[key]]));
  return JSON.stringify(envelope).slice(1, -1);
}
