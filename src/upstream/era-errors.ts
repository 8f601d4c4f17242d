// Era failures in words: a version mismatch names both sides' versions, and an era probe that found no 2026 server is
// told apart from other connect failures (auto mode then falls back to the 2025 handshake).
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { MODERN_VERSION } from './client.js';
import { loadedModernSdk } from './modern-sdk.js';

const UNSUPPORTED_VERSION = -32022;

// The modern connect found a 2025-only server (no usable server/discover answer).
export function isEraMismatch(error: unknown): boolean {
  const sdk = loadedModernSdk();
  return sdk !== undefined && error instanceof sdk.SdkError && error.code === sdk.SdkErrorCode.EraNegotiationFailed;
}

// "protocol version mismatch: …" when the error is one, naming what the gateway asked for and what the server speaks.
export function describeVersionMismatch(error: unknown): string | undefined {
  if (isEraMismatch(error)) {
    return `protocol version mismatch: the gateway asked for ${MODERN_VERSION}, the server speaks ${LATEST_PROTOCOL_VERSION} or earlier (it has no server/discover); set "protocol" to "auto" or "2025-11-25"`;
  }
  const { code, data, message } = (error ?? {}) as { code?: unknown; data?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (code !== UNSUPPORTED_VERSION && !/-32022|unsupported protocol version|protocol version is not supported/i.test(text)) return undefined;
  const supported = supportedOf(data) ?? supportedOf(parseJsonTail(text));
  const theirs = supported ? supported.join(', ') : (/not supported: (\S+)/.exec(text)?.[1] ?? 'another version');
  const requested = (data as { requested?: unknown } | undefined)?.requested;
  const asked = typeof requested === 'string' ? requested : LATEST_PROTOCOL_VERSION;
  return `protocol version mismatch: the gateway asked for ${asked}, the server supports ${theirs}; set "protocol" to "auto" or "${supported?.[0] ?? MODERN_VERSION}"`;
}


function supportedOf(data: unknown): string[] | undefined {
  const list = (data as { supported?: unknown; error?: { data?: { supported?: unknown } } } | undefined)?.supported ?? (data as { error?: { data?: { supported?: unknown } } } | undefined)?.error?.data?.supported;
  return Array.isArray(list) && list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
}

function parseJsonTail(text: string): unknown {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start)) as unknown;
  } catch {
    return undefined;
  }
}

// A 2026 upstream's -32021: the client lacks a capability the call needs (through input_required).
export const MISSING_CAPABILITY = -32021;

export function missingCapability(data: unknown): string {
  const required = Object.keys((data as { requiredCapabilities?: object } | undefined)?.requiredCapabilities ?? {});
  const names = required.length > 0 ? required.join(', ') : 'a capability';
  return `the server needs the client capability ${names} (through input_required), which this client does not offer`;
}
