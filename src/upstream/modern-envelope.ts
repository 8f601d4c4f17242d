// The envelope a 2026-07-28 request carries in `_meta` (protocol version, client info and capabilities, log level), as
// the v2 client last sent it on a connection: the relay puts the same members into the requests it writes itself.
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { modernSdk } from './modern-sdk.js';
import type { UpstreamTransport } from './transports/index.js';

// Capabilities a 2026 upstream could ask the client to use mid-call (input_required): with any of them offered, calls
// stay with the v2 client, which runs the input_required rounds.
export function asksForInput(capabilities: ClientCapabilities): boolean {
  return capabilities.elicitation !== undefined || capabilities.sampling !== undefined || capabilities.roots !== undefined;
}

// Follows the requests the v2 client sends through `transport` and returns the envelope members of the last one, as
// JSON text without the braces (undefined until the client sent a request).
// Called once the v2 SDK is loaded (a 2026 connection is opened after it); the SDK stays unloaded for 2025 upstreams.
export function watchEnvelope(transport: UpstreamTransport): () => string | undefined {
  const sdk = modernSdk();
  const keys = [sdk.PROTOCOL_VERSION_META_KEY, sdk.CLIENT_INFO_META_KEY, sdk.CLIENT_CAPABILITIES_META_KEY, sdk.LOG_LEVEL_META_KEY];
  let members: string | undefined;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    members = envelopeOf(message, keys) ?? members;
    return send(message, options);
  };
  return () => members;
}

function envelopeOf(message: unknown, keys: readonly string[]): string | undefined {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  if (meta?.[keys[0] as string] === undefined) return undefined;
  const envelope = Object.fromEntries(keys.filter((key) => meta[key] !== undefined).map((key) => [key, meta[key]]));
  return JSON.stringify(envelope).slice(1, -1);
}
