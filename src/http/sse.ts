// Legacy HTTP+SSE (protocol 2024-11-05): GET /sse (or /g/{group}/sse) opens a session's stream; POST /messages?sessionId= carries requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createSession } from '../server/session.js';
import { readJsonRpcBody } from './body.js';
import type { McpContext } from './mcp.js';
import { sendError } from './respond.js';
import { httpSession } from './sessions.js';

export const SSE_MESSAGES_PATH = '/messages';
const KEEP_ALIVE_MS = 15_000;

export async function openSseSession(res: ServerResponse, ctx: McpContext, route: string, group?: string): Promise<void> {
  if (!ctx.registry.makeRoom()) {
    return sendError(res, 503, 'TOO_MANY_SESSIONS', 'Too many sessions are busy; try again later', 'json', { 'Retry-After': '5' });
  }
  const transport = new SSEServerTransport(SSE_MESSAGES_PATH, res);
  const session = createSession(ctx.gateway, { ...(group !== undefined && { group }), id: transport.sessionId, mode: 'http' });
  const entry = httpSession('sse', route, session, (rq, rs, pb) => transport.handlePostMessage(rq, rs, pb));
  // Comments keep proxies and idle sockets from cutting the stream.
  const keepAlive = setInterval(() => res.write(': keepalive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  transport.onclose = () => {
    clearInterval(keepAlive);
    ctx.registry.remove(session.id, 'stream closed');
  };
  ctx.registry.add(entry);
  await session.connect(transport);
}

export async function postSseMessage(req: IncomingMessage, res: ServerResponse, ctx: McpContext, url: URL): Promise<void> {
  const id = url.searchParams.get('sessionId');
  if (!id) return sendError(res, 400, 'SESSION_REQUIRED', 'Bad Request: the sessionId query parameter is required', 'jsonrpc');
  const s = ctx.registry.get(id);
  if (!s || s.kind !== 'sse') return sendError(res, 404, 'SESSION_NOT_FOUND', 'Session not found: open a new stream at /sse', 'jsonrpc');
  if (!isJson(req.headers['content-type'])) {
    return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type: Content-Type must be application/json', 'jsonrpc', { Connection: 'close' });
  }
  const done = ctx.registry.begin(s);
  try {
    const body = await readJsonRpcBody(req, res, ctx.maxBody);
    if (!body) return;
    await s.handle(req, res, body.value);
  } finally {
    done();
  }
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}
