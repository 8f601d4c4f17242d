// The one local error type: a string code, a message that names the thing and says what to do, and a cause.

export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CONFIG_WRITE_FAILED'
  | 'ALREADY_EXISTS'
  | 'GROUP_NOT_FOUND'
  | 'SERVER_NOT_FOUND'
  | 'UPSTREAM_UNAVAILABLE'
  | 'BROKER_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_FAILED'
  | 'UPSTREAM_AUTH'
  | 'AUTH_REQUIRED'
  | 'TOOL_NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'PLUGIN_FAILED'
  | 'USAGE';

export class GatewayError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
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
