// Writing HTTP answers: JSON documents, the admin error shape and the JSON-RPC error shape MCP clients expect, on a Node
// response (the MCP handlers) or as a web Response (the hono routes).
import type { ServerResponse } from 'node:http';

// Where a request is headed decides the shape of an error body.
export type ErrorStyle = 'jsonrpc' | 'json';

// JSON-RPC errors on the MCP routes (and legacy SSE posts), the `{ error }` shape everywhere else.
export function styleFor(path: string): ErrorStyle {
  return path.startsWith('/mcp') || path === '/messages' ? 'jsonrpc' : 'json';
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(jsonText(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function errorResponse(status: number, code: string, message: string, style: ErrorStyle = 'json', headers: Record<string, string> = {}): Response {
  return jsonResponse(status, errorBody(status, code, message, style), headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = jsonText(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// `{ error: { code, message } }` for the admin API and plain routes; a JSON-RPC error (id null) for MCP routes.
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  style: ErrorStyle = 'json',
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, errorBody(status, code, message, style), headers);
}

function errorBody(status: number, code: string, message: string, style: ErrorStyle): unknown {
  return style === 'jsonrpc' ? { jsonrpc: '2.0', error: { code: rpcCode(status, code), message, data: { code } }, id: null } : { error: { code, message } };
}

function jsonText(body: unknown): string {
  return JSON.stringify(body, null, 2) + '\n';
}

function rpcCode(status: number, code: string): number {
  if (code === 'PARSE_ERROR') return -32700;
  return status === 404 ? -32001 : -32000;
}

// One path segment, percent-decoded; undefined when the encoding is broken (a 400, not a 500).
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
