// The client shape the upstream lifecycle and the list reader use, whichever SDK and protocol era is behind it: the
// v1 SDK `Client` for the 2025 era fits it as it is; modern-client.ts adapts the v2 client for 2026-07-28.
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Implementation, Notification, Request, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ProtocolEra } from './transports/index.js';

// A result schema: the v1 zod schemas (and LOOSE_RESULT) have this shape.
export interface ResultParser<T> {
  parse(value: unknown): T;
}

export interface UpstreamClient {
  request<T>(request: Request, schema: ResultParser<T>, options?: RequestOptions): Promise<T>;
  notification(notification: Notification): Promise<void>;
  close(): Promise<void>;
  getServerCapabilities(): ServerCapabilities | undefined;
  getServerVersion(): Implementation | undefined;
  getInstructions(): string | undefined;
  onclose?: () => void;
}

// The era and protocol version a connection speaks (status, `gw tools`, `gw test`, `gw doctor`).
export interface ConnectionProtocol {
  era: ProtocolEra;
  version?: string;
}

export const MODERN_VERSION = '2026-07-28';
