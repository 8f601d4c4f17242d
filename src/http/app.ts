// The hono app of `gw serve --http`: Host/Origin guard, CORS (never on /admin), health and readiness, credentials, then the routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { statusReport } from '../status.js';
import { createAdminApp, type AdminContext } from './admin.js';
import { refusal, type Credential, type Credentials, type Target } from './credentials.js';
import { CORS_HEADERS, CORS_METHODS, normalizeOrigin, type Guard } from './guard.js';
import { handleStreamable, type McpContext } from './mcp.js';
import type { Readiness } from './ready.js';
import { errorResponse, jsonResponse, styleFor, decodeSegment } from './respond.js';
import { openSseSession, postSseMessage, SSE_MESSAGES_PATH } from './sse.js';

const UNAUTHORIZED = 'a bearer token is required: send Authorization: Bearer <token> (`gw token` prints the client token, `gw token --group NAME` a group token, `gw token --admin` the admin token)';

export type HttpEnv = { Bindings: HttpBindings; Variables: { who: Credential } };
type Ctx = Context<HttpEnv>;

export interface HttpAppOptions {
  gateway: Gateway;
  mcp: McpContext;
  credentials: Credentials;
  // Set once listening (the Host check needs the real port); until then every request is refused.
  guard: () => Guard | undefined;
  readiness: Readiness;
  admin: AdminContext | undefined;
  allowOrigins: readonly string[];
  startedAt: number;
}

export function createHttpApp(options: HttpAppOptions): Hono<HttpEnv> {
  const { gateway, mcp, credentials, readiness } = options;
  const app = new Hono<HttpEnv>();
  // While draining, every answer closes its connection so the load balancer's next request opens one to another replica.
  app.use(async function closeWhileDraining(c, next) {
    if (readiness.isDraining()) c.header('Connection', 'close');
    await next();
  });
  app.use(guardRequests(options.guard));
  const corsFor = corsAllowlisted(options.allowOrigins);
  // No CORS on /admin, ever: no browser page, even an allowed one, may drive the API that starts commands.
  app.use(async function corsOutsideAdmin(c, next) {
    return isAdminPath(c.req.path) ? next() : corsFor(c, next);
  });
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', () => {
    const state = readiness.check();
    return jsonResponse(state.ready ? 200 : 503, state);
  });
  app.use(function identify(c, next) {
    const who = options.guard() ? credentials.identify(c.env.incoming) : undefined;
    if (!who) return Promise.resolve(fail(c, 401, 'UNAUTHORIZED', UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer realm="fast-gateway"', ...closeIfBody(c.env.incoming) }));
    c.set('who', who);
    return next();
  });
  app.get('/status', (c) => refused(c, { kind: 'status' }) ?? jsonResponse(200, { ...statusReport(gateway, { mode: 'http', startedAt: options.startedAt }), sessions: mcp.registry.size }));
  app.all('/mcp', (c) => refused(c, { kind: 'all' }) ?? raw(c, (req, res) => handleStreamable(req, res, mcp, '/mcp')));
  app.all('/mcp/g/:group', (c) => inGroup(c, (group, req, res) => handleStreamable(req, res, mcp, c.req.path, group)));
  app.get('/sse', (c) => refused(c, { kind: 'all' }) ?? raw(c, (_req, res) => openSseSession(res, mcp, '/sse')));
  app.get('/g/:group/sse', (c) => inGroup(c, (group, _req, res) => openSseSession(res, mcp, c.req.path, group)));
  app.post(SSE_MESSAGES_PATH, (c) => {
    // A post belongs to the session's view: a group token may post only to its own group's sessions.
    const sessionGroup = mcp.registry.get(c.req.query('sessionId') ?? '')?.session.info.group;
    const url = new URL(c.env.incoming.url ?? '/', 'http://gateway.invalid');
    return refused(c, sessionGroup === undefined ? { kind: 'all' } : { kind: 'group', group: sessionGroup }) ?? raw(c, (req, res) => postSseMessage(req, res, mcp, url));
  });
  if (options.admin) {
    // Its own app (own 404, 405 and error shape), reached only with the admin token.
    const adminApp = createAdminApp(options.admin, mcp.maxBody);
    app.all('/admin/*', (c) => refused(c, { kind: 'admin' }) ?? adminApp.fetch(c.req.raw, c.env));
  }
  app.notFound((c) => {
    const admin = isAdminPath(c.req.path);
    return fail(c, 404, 'NOT_FOUND', `nothing at ${c.req.method} ${c.req.path}; MCP is served at /mcp${admin && !options.admin ? ' (the admin API is off; start with --admin)' : ''}`);
  });
  app.onError((error, c) => {
    gateway.log.error(`${c.req.method} ${c.req.path}: ${messageOf(error)}`);
    if (c.env.outgoing.headersSent) {
      c.env.outgoing.end();
      return RESPONSE_ALREADY_SENT;
    }
    return fail(c, 500, 'INTERNAL', 'internal error');
  });

  // A group route: the name percent-decoded, the group known and open to this credential, then `run`.
  function inGroup(c: Ctx, run: (group: string, req: IncomingMessage, res: ServerResponse) => Promise<void>): Response | Promise<Response> {
    // The segment as sent: hono's decoded param hides broken percent-encoding, which is a 400 here.
    const encoded = /\/g\/([^/?]+)/.exec(c.env.incoming.url ?? '')?.[1] ?? c.req.param('group') ?? '';
    const group = decodeSegment(encoded);
    if (group === undefined) return fail(c, 400, 'BAD_REQUEST', `the group name in ${c.req.path} is not valid percent-encoding (${encoded})`);
    const refusedResponse = refused(c, { kind: 'group', group });
    if (refusedResponse) return refusedResponse;
    if (!gateway.config.groups.has(group)) {
      const known = [...gateway.config.groups.keys()].join(', ') || 'none';
      return fail(c, 404, 'GROUP_NOT_FOUND', `no group named ${JSON.stringify(group)} (groups: ${known})`);
    }
    return raw(c, (req, res) => run(group, req, res));
  }
  return app;
}

// The 403 answer when this request's credential may not open `target`.
function refused(c: Ctx, target: Target): Response | undefined {
  const why = refusal(c.get('who'), target);
  return why === undefined ? undefined : fail(c, 403, 'FORBIDDEN', why, closeIfBody(c.env.incoming));
}

// An error in the shape the route's clients expect (JSON-RPC on MCP routes); hono adds the headers middleware prepared (CORS).
function fail(c: Ctx, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return errorResponse(status, code, message, styleFor(c.req.path), headers);
}

// Hands the Node request and response to a handler that writes the answer itself (the SDK transports do).
async function raw(c: Ctx, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Response> {
  const res = c.env.outgoing;
  // Headers set by middleware before the handler (CORS) are not in a response hono writes: copy them.
  for (const [name, value] of c.res.headers) res.setHeader(name, value);
  await handle(c.env.incoming, res);
  return RESPONSE_ALREADY_SENT;
}

// DNS rebinding and cross-origin pages are refused first, before any body is read and before the token.
function guardRequests(current: () => Guard | undefined): MiddlewareHandler<HttpEnv> {
  return async function guard(c, next) {
    const g = current();
    const req = c.env.incoming;
    const malformed = g?.malformed(req);
    if (malformed) return fail(c, 400, 'BAD_REQUEST', malformed, { Connection: 'close' });
    const forbidden = g?.forbidden(req);
    if (forbidden) return fail(c, 403, 'FORBIDDEN', forbidden, closeIfBody(req));
    await next();
  };
}

// hono's CORS, applied only to an allowlisted Origin: any other request passes untouched (a preflight from
// elsewhere is not answered 204, it meets the token check like any request).
function corsAllowlisted(allowOrigins: readonly string[]): MiddlewareHandler<HttpEnv> {
  const allowed = new Set(allowOrigins.map(normalizeOrigin));
  const handler = cors({
    origin: (origin) => origin,
    allowMethods: CORS_METHODS,
    allowHeaders: CORS_HEADERS,
    exposeHeaders: ['Mcp-Session-Id', 'WWW-Authenticate'],
    maxAge: 600,
  });
  return async function allowlistedCors(c, next) {
    const origin = c.req.header('origin');
    if (allowed.size === 0 || origin === undefined || !allowed.has(normalizeOrigin(origin))) return next();
    return handler(c, next);
  };
}

function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

// An answer sent without reading a request body closes the connection, so the unread body cannot be taken for a request.
function closeIfBody(req: IncomingMessage): Record<string, string> {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined ? { Connection: 'close' } : {};
}
