// Where local errors meet the wire: the JSON-RPC error an MCP answer carries and the HTTP status of an HTTP answer.
// Code inside the gateway throws GatewayError (src/errors.ts); request handlers are wrapped with `wireErrors`, and the
// HTTP layer asks `httpStatus`, so the mapping is written once, here.
import { ErrorCode as Rpc, McpError } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError, messageOf, type ErrorCode } from './errors.js';

// JSON-RPC codes by local code. Unknown things are -32602 (Invalid params): a resource, prompt or tool that does not
// exist is a bad parameter of the request (SEP-2164 settled resource-not-found on -32602).
const RPC_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_PARAMS: Rpc.InvalidParams,
  NOT_FOUND: Rpc.InvalidParams,
  TOOL_NOT_FOUND: Rpc.InvalidParams,
  SERVER_NOT_FOUND: Rpc.InvalidParams,
  GROUP_NOT_FOUND: Rpc.InvalidParams,
  ACCESS_DENIED: Rpc.InvalidParams,
  INVALID_REQUEST: Rpc.InvalidRequest,
  BAD_REQUEST: Rpc.InvalidRequest,
  INVALID_JSON: Rpc.ParseError,
  METHOD_NOT_FOUND: Rpc.MethodNotFound,
  CAPABILITY_MISSING: Rpc.MethodNotFound,
  UPSTREAM_TIMEOUT: Rpc.RequestTimeout,
  UPSTREAM_UNAVAILABLE: Rpc.ConnectionClosed,
};

// HTTP statuses by local code, for the HTTP layer and the admin API.
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  INVALID_PARAMS: 400,
  USAGE: 400,
  UNAUTHORIZED: 401,
  AUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  ACCESS_DENIED: 403,
  NOT_FOUND: 404,
  SERVER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  CONFIG_NOT_FOUND: 404,
  TOOL_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ALREADY_EXISTS: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_NAME: 422,
  CONFIG_INVALID: 422,
  UPSTREAM_FAILED: 502,
  UPSTREAM_UNAVAILABLE: 503,
  CONFIG_WRITE_FAILED: 503,
  UPSTREAM_TIMEOUT: 504,
};

// The error object an SDK Protocol turns into a JSON-RPC error: it reads `code`, `message` and `data`. Not an McpError,
// whose message starts with "MCP error <code>: ", which the client's SDK would then prefix a second time.
export class WireError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

// Any thrown value as the JSON-RPC error a client sees. A GatewayError maps by its code; an upstream's McpError keeps
// its code and data and loses the SDK's message prefixes; anything else is an internal error with its message.
export function toWire(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (error instanceof GatewayError) return new WireError(RPC_CODE[error.code] ?? Rpc.InternalError, error.message, error.data);
  if (error instanceof McpError) return new WireError(error.code, error.message.replace(/^(MCP error -?\d+: )+/, ''), error.data);
  return new WireError(Rpc.InternalError, messageOf(error));
}

// Wraps a request handler so whatever it throws reaches the wire through toWire.
export function wireErrors<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async function wired(...args: A): Promise<R> {
    try {
      return await handler(...args);
    } catch (error) {
      throw toWire(error);
    }
  };
}

// Relays an upstream's answer, or its error in wire form.
export async function relayed<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toWire(error);
  }
}

// The HTTP status for a local code (500 for codes that are the gateway's own fault).
export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}
