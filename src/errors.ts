// The one local error type: a string code, a message that names the thing and says what to do, and a cause.
// How a code reaches the wire (a JSON-RPC error code, an HTTP status) is decided in one place, src/wire.ts.

export type ErrorCode =
  // config and the store
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CONFIG_WRITE_FAILED'
  | 'ALREADY_EXISTS'
  | 'GROUP_NOT_FOUND'
  | 'SERVER_NOT_FOUND'
  // upstreams
  | 'UPSTREAM_UNAVAILABLE'
  | 'BROKER_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_FAILED'
  | 'UPSTREAM_AUTH'
  | 'AUTH_REQUIRED'
  // what a client asked for
  | 'TOOL_NOT_FOUND'
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'INVALID_PARAMS'
  | 'INVALID_REQUEST'
  | 'METHOD_NOT_FOUND'
  | 'CAPABILITY_MISSING'
  // plugins and deadlines
  | 'PLUGIN_FAILED'
  | 'WITHHELD'
  | 'DEADLINE'
  | 'CANCELLED'
  // HTTP requests
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'INVALID_BODY'
  | 'INVALID_NAME'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL'
  | 'USAGE';

export interface GatewayErrorOptions {
  cause?: unknown;
  // Structured detail for the wire (JSON-RPC `data`), e.g. the field an argument check failed on.
  data?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly data?: unknown;

  constructor(code: ErrorCode, message: string, options?: GatewayErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    if (options?.data !== undefined) this.data = options.data;
  }
}

// Narrows an unknown thrown value to a GatewayError with the given code.
export function isGatewayError(error: unknown, code?: ErrorCode): error is GatewayError {
  return error instanceof GatewayError && (code === undefined || error.code === code);
}

// A readable one-line message for any thrown value.
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
