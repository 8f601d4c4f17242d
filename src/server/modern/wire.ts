// The 2026-07-28 wire as the gateway serves it to clients: which era a message claims, the version error, result stamps.
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../../version.js';

export const MODERN_VERSION = '2026-07-28';
// Every revision the gateway answers: 2026-07-28 per request, the 2025 ones through initialize.
export const SUPPORTED_VERSIONS: readonly string[] = [MODERN_VERSION, ...SUPPORTED_PROTOCOL_VERSIONS];
export const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
export const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
export const SUBSCRIPTION_ID_KEY = 'io.modelcontextprotocol/subscriptionId';
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;
export const HEADER_MISMATCH = -32020;
// How long a 2026 client may reuse a list (private: a list depends on the credential's group). Changes within that time
// reach clients that hold a subscriptions/listen stream.
export const LIST_TTL_MS = 10_000;

export type RequestId = string | number;
export type Message = { jsonrpc: '2.0'; id?: RequestId; method?: string; params?: Record<string, unknown>; result?: unknown; error?: unknown };
export interface ClientInfo {
  name: string;
  version: string;
}
// What a 2026 request declares about its client in `_meta`.
export interface Envelope {
  version: string;
  capabilities: Record<string, unknown>;
  client: ClientInfo;
}

// A message's era: a 2026 request (with its envelope), a version the gateway does not serve, a malformed envelope, or
// anything else (2025 traffic, served as today).
export type Era =
  | { kind: 'legacy' }
  | { kind: 'modern'; envelope: Envelope }
  | { kind: 'unsupported'; requested: string }
  | { kind: 'invalid'; problem: string };

export function eraOf(message: Message): Era {
  const meta = metaOf(message.params);
  const claim = meta?.[PROTOCOL_VERSION_KEY];
  if (claim === undefined || message.method === undefined) return { kind: 'legacy' };
  if (typeof claim !== 'string') return { kind: 'invalid', problem: `_meta["${PROTOCOL_VERSION_KEY}"] must be a string` };
  // A 2025 version named per request (no session of its own): the 2025 path serves it as before.
  if (claim !== MODERN_VERSION) return SUPPORTED_VERSIONS.includes(claim) ? { kind: 'legacy' } : { kind: 'unsupported', requested: claim };
  const caps = meta?.[CLIENT_CAPABILITIES_KEY];
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) {
    return { kind: 'invalid', problem: `_meta["${CLIENT_CAPABILITIES_KEY}"] is required on every ${MODERN_VERSION} request (an object; {} for none)` };
  }
  const info = meta?.[CLIENT_INFO_KEY] as Partial<ClientInfo> | undefined;
  const client = { name: typeof info?.name === 'string' ? info.name : 'unknown', version: typeof info?.version === 'string' ? info.version : '' };
  return { kind: 'modern', envelope: { version: claim, capabilities: caps as Record<string, unknown>, client } };
}

export function metaOf(params: unknown): Record<string, unknown> | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): Message {
  return { jsonrpc: '2.0', id: id as RequestId, error: { code, message, ...(data !== undefined && { data }) } };
}

// The -32022 answer: names the version asked for and every version the gateway serves.
export function versionError(id: RequestId | null, requested: string): Message {
  return errorResponse(
    id,
    UNSUPPORTED_PROTOCOL_VERSION,
    `Unsupported protocol version ${requested}: fast-gateway serves ${SUPPORTED_VERSIONS.join(', ')} (${MODERN_VERSION} per request, the others through initialize)`,
    { supported: [...SUPPORTED_VERSIONS], requested },
  );
}

export const SERVER_INFO: ClientInfo = { name: 'fast-gateway', version: VERSION };

// Every 2026 result names its type ('complete' unless it is an input_required) and carries the gateway's serverInfo.
export function stamp(result: Record<string, unknown>): Record<string, unknown> {
  return { resultType: 'complete', ...result, _meta: { ...(result._meta as Record<string, unknown> | undefined), [SERVER_INFO_KEY]: SERVER_INFO } };
}

// Stamps a result for a 2026 client, with cache hints on lists.
export function modernResult(method: string, result: Record<string, unknown>): Record<string, unknown> {
  const out = stamp(result);
  if (LISTS.has(method) || method === 'resources/read') Object.assign(out, { ttlMs: LIST_TTL_MS, cacheScope: 'private' });
  // 2026-07-28 tools carry no task `execution` hints: with the tasks extension the server decides (modern/tasks.ts).
  if (method === 'tools/list' && Array.isArray(out.tools)) {
    out.tools = (out.tools as Array<Record<string, unknown>>).map(({ execution: _execution, ...tool }) => tool);
  }
  return out;
}

const LISTS = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'skills/list']);
