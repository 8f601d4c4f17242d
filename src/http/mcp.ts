// Streamable HTTP at /mcp and /mcp/g/{group}: requests routed by Mcp-Session-Id to that session's own transport and Server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../gateway.js';
import { createSession } from '../server/session.js';
import { answerModern } from '../server/modern/http.js';
import { readJsonRpcBody } from './body.js';
import { sendError } from './respond.js';
import { httpSession, type HttpSession, type SessionRegistry } from './sessions.js';

export interface McpContext {
  gateway: Gateway;
  registry: SessionRegistry;
  maxBody: number;
}

// Handles one request on an MCP route; `route` is the path, `group` the group it serves (undefined for all servers).
export async function handleStreamable(req: IncomingMessage, res: ServerResponse, ctx: McpContext, route: string, group?: string): Promise<void> {
  const header = req.headers['mcp-session-id'];
  const sessionId = Array.isArray(header) ? header[0] : header;
  if (sessionId !== undefined) {
    const s = ctx.registry.get(sessionId);
    // A session is only valid on the route that created it: a group session cannot be widened to /mcp.
    if (!s || s.kind !== 'streamable' || s.route !== route) {
      return sendError(res, 404, 'SESSION_NOT_FOUND', 'Session not found: it ended (DELETE, idle timeout or session cap) or never existed; initialize a new one', 'jsonrpc');
    }
    // A GET is the long-lived notification stream: it does not keep a session from being idle.
    const done = req.method === 'GET' ? touch(s) : ctx.registry.begin(s);
    res.on('close', done);
    return s.handle(req, res);
  }
  // Without a session id only an initialize request (2025) or a 2026-07-28 request may come.
  if (req.method !== 'POST') {
    return sendError(res, 400, 'SESSION_REQUIRED', 'Bad Request: Mcp-Session-Id header is required', 'jsonrpc');
  }
  const body = await readJsonRpcBody(req, res, ctx.maxBody);
  if (!body) return;
  const parsed = body.value;
  // A 2026-07-28 request is stateless: answered here without a session.
  if (await answerModern(ctx.gateway, req, res, parsed, route, group)) return;
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  if (!messages.some((m) => isInitializeRequest(m))) {
    return sendError(res, 400, 'SESSION_REQUIRED', 'Bad Request: Mcp-Session-Id header is required', 'jsonrpc');
  }
  if (!ctx.registry.makeRoom()) {
    return sendError(res, 503, 'TOO_MANY_SESSIONS', 'Too many sessions are busy; try again later', 'jsonrpc', { 'Retry-After': '5' });
  }
  await startSession(req, res, ctx, route, group, parsed);
}

async function startSession(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: McpContext,
  route: string,
  group: string | undefined,
  parsed: unknown,
): Promise<void> {
  const session = createSession(ctx.gateway, { ...(group !== undefined && { group }), mode: 'http' });
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => session.id,
    onsessioninitialized: () => ctx.registry.add(entry),
    onsessionclosed: (id) => ctx.registry.remove(id, 'DELETE'),
    maxRequestBodySize: ctx.maxBody,
  });
  const entry = httpSession('streamable', route, session, (rq, rs, pb) => transport.handleRequest(rq, rs, pb));
  transport.onclose = () => ctx.registry.remove(session.id, 'transport closed');
  await session.connect(transport);
  const done = ctx.registry.begin(entry);
  res.on('close', done);
  await transport.handleRequest(req, res, parsed);
  // Refused by the transport (wrong Accept or Content-Type): nothing was registered, so nothing may linger.
  if (!ctx.registry.get(session.id)) await session.close();
}

function touch(s: HttpSession): () => void {
  s.lastActive = Date.now();
  return () => undefined;
}
