// Reads a request body up to a limit; a declared or actual size over it is refused without buffering the rest.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return { ok: false, tooLarge: true };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { ok: false, tooLarge: true };
    chunks.push(chunk);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export function tooLargeMessage(maxBytes: number): string {
  return `Payload Too Large: the request body must not exceed ${maxBytes} bytes`;
}

// Reads and parses a JSON-RPC POST body; on a body too large (413) or not JSON (400) it answers the request itself
// and resolves with undefined.
export async function readJsonRpcBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<{ value: unknown } | undefined> {
  const body = await readBody(req, maxBytes);
  if (!body.ok) {
    sendError(res, 413, 'BODY_TOO_LARGE', tooLargeMessage(maxBytes), 'jsonrpc', { Connection: 'close' });
    return undefined;
  }
  try {
    return { value: JSON.parse(body.text) };
  } catch {
    sendError(res, 400, 'PARSE_ERROR', 'Parse error: Invalid JSON', 'jsonrpc');
    return undefined;
  }
}
