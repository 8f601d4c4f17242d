// `gw serve --http`: one node:http server in front of one shared Gateway — MCP at /mcp and /mcp/g/{group}, legacy SSE, health, status and admin.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/schema.js';
import { openStore } from '../config/store.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { beginServing, runUntilStopped, type Serving } from '../server/lifecycle.js';
import { statusReport } from '../status.js';
import { handleAdmin, type AdminContext } from './admin.js';
import { createCredentials, refusal, type Credentials, type Target } from './credentials.js';
import { createGuard, type Guard } from './guard.js';
import { applyLimits, serverOptions, type HttpLimits } from './limits.js';
import { handleStreamable, type McpContext } from './mcp.js';
import { sendError, sendJson, sendText, type ErrorStyle, decodeSegment } from './respond.js';
import { createSessionRegistry } from './sessions.js';
import { openSseSession, postSseMessage, SSE_MESSAGES_PATH } from './sse.js';
import type { TokenCheck } from './token.js';
import { SKILLS_EXTENSION, UI_EXTENSION } from '../server/scoped-uris.js';

const UNAUTHORIZED = 'a bearer token is required: send Authorization: Bearer <token> (`gw token` prints the client token, `gw token --group NAME` a group token, `gw token --admin` the admin token)';

export interface ServeHttpOptions {
  gateway: Gateway;
  host: string;
  port: number;
  // The client token; undefined with --no-auth.
  token: TokenCheck | undefined;
  // Where the admin and group tokens live.
  stateDir: string;
  allowOrigins: string[];
  allowHosts: string[];
  admin: boolean;
  idleMs: number;
  maxSessions: number;
  maxBody: number;
  limits: HttpLimits;
  watchFile?: string;
  loadedText?: string;
  adjust?: (config: GatewayConfig) => GatewayConfig;
  // Told the base URL once listening (with the real port when --port 0).
  onListening?: (url: string) => void;
}

// Every server→client request an upstream may send is declared upstream: many clients share each upstream,
// and a session whose client lacks the capability answers with an error (see forwardToClient).
// Extensions too: each session is offered MCP Apps only when its own client declares it.
const HTTP_CLIENT_CAPABILITIES = {
  sampling: {},
  elicitation: {},
  roots: { listChanged: true },
  extensions: { [UI_EXTENSION]: { mimeTypes: ['text/html;profile=mcp-app'] }, [SKILLS_EXTENSION]: {} },
};

export async function serveHttp(options: ServeHttpOptions): Promise<void> {
  const { gateway } = options;
  gateway.setClientCapabilities(HTTP_CLIENT_CAPABILITIES);
  const serving = await beginServing({ ...options, mode: 'http' });
  void gateway.start();
  const registry = createSessionRegistry({ idleMs: options.idleMs, max: options.maxSessions, log: gateway.log.child('http') });
  const mcp: McpContext = { gateway, registry, maxBody: options.maxBody };
  const admin = options.admin ? adminContext(gateway, serving) : undefined;
  const startedAt = Date.now();
  const credentials: Credentials = createCredentials({ client: options.token, stateDir: options.stateDir, admin: admin !== undefined });
  // Set once listening (the Host check needs the real port); until then every request is refused.
  // eslint-disable-next-line prefer-const
  let guard: Guard | undefined;

  const server = createServer(serverOptions(options.limits), (req, res) => {
    void route(req, res).catch((error: unknown) => {
      gateway.log.error(`${req.method ?? ''} ${req.url ?? ''}: ${messageOf(error)}`);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error', styleFor(req.url ?? ''));
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname;
    const style = styleFor(path);
    const malformed = guard?.malformed(req);
    if (malformed) return sendError(res, 400, 'BAD_REQUEST', malformed, style, { Connection: 'close' });
    // Before anything is read: DNS rebinding and cross-origin pages are refused first, then the token.
    const forbidden = guard?.forbidden(req);
    if (forbidden) return sendError(res, 403, 'FORBIDDEN', forbidden, style, closeIfBody(req));
    const adminPath = path === '/admin' || path.startsWith('/admin/');
    // No CORS on /admin, ever: no browser page, even an allowed one, may drive the API that starts commands.
    if (!adminPath && guard?.cors(req, res)) return;
    if (path === '/healthz' && req.method === 'GET') return sendText(res, 200, 'ok');
    const who = guard ? credentials.identify(req) : undefined;
    if (!who) return sendError(res, 401, 'UNAUTHORIZED', UNAUTHORIZED, style, { 'WWW-Authenticate': 'Bearer realm="fast-gateway"', ...closeIfBody(req) });
    // True (after answering 403) when this credential may not open `target`.
    const refused = (target: Target): boolean => {
      const why = refusal(who, target);
      if (why) sendError(res, 403, 'FORBIDDEN', why, style, closeIfBody(req));
      return why !== undefined;
    };
    if (path === '/status' && req.method === 'GET') {
      if (refused({ kind: 'status' })) return;
      return sendJson(res, 200, { ...statusReport(gateway, { mode: 'http', startedAt }), sessions: registry.size });
    }
    if (path === '/mcp') return refused({ kind: 'all' }) ? undefined : handleStreamable(req, res, mcp, path);
    const group = /^\/mcp\/g\/([^/]+)$/.exec(path)?.[1];
    const badName = (raw: string) => sendError(res, 400, 'BAD_REQUEST', `the group name in ${path} is not valid percent-encoding (${raw})`, style);
    if (group !== undefined) {
      const name = decodeSegment(group);
      if (name === undefined) return badName(group);
      return refused({ kind: 'group', group: name }) ? undefined : withGroup(res, name, style, (g) => handleStreamable(req, res, mcp, path, g));
    }
    if (path === '/sse' && req.method === 'GET') return refused({ kind: 'all' }) ? undefined : openSseSession(res, mcp, path);
    const sseGroup = /^\/g\/([^/]+)\/sse$/.exec(path)?.[1];
    if (sseGroup !== undefined && req.method === 'GET') {
      const name = decodeSegment(sseGroup);
      if (name === undefined) return badName(sseGroup);
      return refused({ kind: 'group', group: name }) ? undefined : withGroup(res, name, style, (g) => openSseSession(res, mcp, path, g));
    }
    if (path === SSE_MESSAGES_PATH && req.method === 'POST') {
      // A post belongs to the session's view: a group token may post only to its own group's sessions.
      const sessionGroup = registry.get(url.searchParams.get('sessionId') ?? '')?.session.info.group;
      if (refused(sessionGroup === undefined ? { kind: 'all' } : { kind: 'group', group: sessionGroup })) return;
      return postSseMessage(req, res, mcp, url);
    }
    if (admin && adminPath) return refused({ kind: 'admin' }) ? undefined : handleAdmin(req, res, admin, path.slice('/admin'.length), options.maxBody);
    sendError(res, 404, 'NOT_FOUND', `nothing at ${req.method ?? ''} ${path}; MCP is served at /mcp${adminPath ? ' (the admin API is off; start with --admin)' : ''}`, style);
  }

  function withGroup(res: ServerResponse, group: string, style: ErrorStyle, run: (group: string) => Promise<void>): Promise<void> | void {
    if (!gateway.config.groups.has(group)) {
      const known = [...gateway.config.groups.keys()].join(', ') || 'none';
      return sendError(res, 404, 'GROUP_NOT_FOUND', `no group named ${JSON.stringify(group)} (groups: ${known})`, style);
    }
    return run(group);
  }

  // Sessions of a group that a reload removed are ended: their view no longer exists.
  const unsubscribe = gateway.subscribe((event) => {
    if (event.type !== 'tools') return;
    for (const s of registry.all()) {
      const g = s.session.info.group;
      if (g !== undefined && !gateway.config.groups.has(g)) registry.remove(s.id, `group '${g}' was removed`);
    }
  });

  applyLimits(server, options.limits, gateway.log.child('http'));
  let address: AddressInfo;
  try {
    address = await listen(server, options.host, options.port);
  } catch (error) {
    unsubscribe();
    serving.close();
    await registry.closeAll();
    await gateway.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new GatewayError(
      'USAGE',
      `cannot listen on ${options.host}:${options.port}: ${code === 'EADDRINUSE' ? 'the port is in use; pick another with --port (0 picks a free one)' : messageOf(error)}`,
    );
  }
  guard = createGuard({ host: options.host, port: address.port, allowHosts: options.allowHosts, allowOrigins: options.allowOrigins });
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  options.onListening?.(base);
  gateway.log.info(`serving ${gateway.config.servers.filter((s) => s.enabled).length} servers at ${base}/mcp${admin ? `, admin API at ${base}/admin` : ''}`);

  await runUntilStopped(gateway, {
    close: async () => {
      unsubscribe();
      serving.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.closeAll();
      server.closeAllConnections();
      await closed;
    },
  });
}

function adminContext(gateway: Gateway, serving: Serving): AdminContext | undefined {
  const file = gateway.config.path;
  if (!file) return undefined;
  return { gateway, store: openStore(file), reload: (force) => serving.reload({ force: force ?? false }) };
}

function styleFor(path: string): ErrorStyle {
  return path.startsWith('/mcp') || path === SSE_MESSAGES_PATH ? 'jsonrpc' : 'json';
}

// An answer sent without reading a request body closes the connection, so the unread body cannot be taken for a request.
function closeIfBody(req: IncomingMessage): Record<string, string> {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined ? { Connection: 'close' } : {};
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
