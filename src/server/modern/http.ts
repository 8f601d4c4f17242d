// 2026-07-28 requests on Streamable HTTP: stateless (no Mcp-Session-Id), the Mcp-Method / Mcp-Name /
// MCP-Protocol-Version headers checked against the body, answered as JSON, or as an event stream when the request's
// notifications (progress) come before its response, and for subscriptions/listen.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../../gateway.js';
import { createModernHandler, type ModernHandler } from './handler.js';
import { createStateSigner, loadSigningKey, type StateSigner } from './request-state.js';
import { eraOf, errorResponse, HEADER_MISMATCH, MODERN_VERSION, versionError, type Message } from './wire.js';

// What a gateway serves to 2026 clients over HTTP: a handler per route, and how many requests are in flight (a listen
// stream is not one: it is ended, answered, when the gateway closes).
interface Served {
  handlers: Map<string, ModernHandler>;
  inFlight: number;
}
const served = new WeakMap<Gateway, Served>();
let signer: StateSigner | undefined;

// 2026 requests being answered now (the drain on SIGTERM waits for them as for 2025 sessions' calls).
export function modernInFlight(gateway: Gateway): number {
  return served.get(gateway)?.inFlight ?? 0;
}

// Ends what 2026 clients hold on this gateway: listen streams (answered), waiting exchanges, pooled internal sessions.
export async function closeModern(gateway: Gateway): Promise<void> {
  const s = served.get(gateway);
  served.delete(gateway);
  await Promise.all([...(s?.handlers.values() ?? [])].map((h) => h.close()));
}

// Answers `body` when it is a 2026-07-28 request (or names a version the gateway does not serve) and returns true;
// false leaves it to the 2025 path. `route` is the path (a requestState is bound to it), `group` its group.
export async function answerModern(gateway: Gateway, req: IncomingMessage, res: ServerResponse, body: unknown, route: string, group?: string): Promise<boolean> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as Message;
  const era = eraOf(message);
  const headerVersion = header(req, 'mcp-protocol-version');
  if (era.kind === 'legacy') {
    if (headerVersion !== MODERN_VERSION || message.method === 'initialize') return false;
    reply(res, 400, errorResponse(message.id ?? null, -32602, `Invalid params: the MCP-Protocol-Version header names ${MODERN_VERSION}, but the body has no _meta envelope (io.modelcontextprotocol/protocolVersion, io.modelcontextprotocol/clientCapabilities)`));
    return true;
  }
  const id = message.id ?? null;
  if (era.kind === 'unsupported') return reply(res, 400, versionError(id, era.requested));
  if (era.kind === 'invalid') return reply(res, 400, errorResponse(id, -32602, `Invalid params: ${era.problem}`));
  const mismatch = headerMismatch(req, message, era.envelope.version);
  if (mismatch) return reply(res, 400, errorResponse(id, HEADER_MISMATCH, `Bad Request: the request headers and body disagree: ${mismatch}`));
  // A 2026 notification: nothing here acts on one.
  if (message.id === undefined) {
    res.writeHead(202).end();
    return true;
  }
  const s = servedBy(gateway);
  const handler = handlerFor(s, gateway, route, group);
  if (message.method === 'subscriptions/listen') return stream(req, res, handler, message, era.envelope);
  const controller = new AbortController();
  const gone = () => controller.abort();
  res.on('close', gone);
  // Answered as JSON unless the request's notifications (progress) come first: then as an event stream, the response last.
  const events = acceptsEvents(req) ? lazyStream(res) : undefined;
  s.inFlight++;
  let response: Message;
  try {
    response = await handler.handle(message, era.envelope, { notify: (n) => events?.write(n) }, controller.signal);
  } finally {
    s.inFlight--;
  }
  res.off('close', gone);
  if (events?.open) {
    events.write(response);
    res.end();
    return true;
  }
  return reply(res, 200, response);
}

// An event stream opened at the first message written to it (so a request with nothing to stream gets plain JSON).
function lazyStream(res: ServerResponse): { readonly open: boolean; write(message: Message): void } {
  let open = false;
  return {
    get open() {
      return open;
    },
    write(message) {
      if (res.writableEnded) return;
      if (!open) res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      open = true;
      res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    },
  };
}

function acceptsEvents(req: IncomingMessage): boolean {
  return (header(req, 'accept') ?? '').includes('text/event-stream');
}

function servedBy(gateway: Gateway): Served {
  let s = served.get(gateway);
  if (!s) served.set(gateway, (s = { handlers: new Map(), inFlight: 0 }));
  return s;
}

function handlerFor(s: Served, gateway: Gateway, route: string, group: string | undefined): ModernHandler {
  let handler = s.handlers.get(route);
  if (!handler) {
    signer ??= createStateSigner(loadSigningKey());
    handler = createModernHandler(gateway, { group, mode: 'http', perConnection: false, signer, scope: `http:${route}` });
    s.handlers.set(route, handler);
  }
  return handler;
}

// subscriptions/listen: an event stream that starts with the acknowledgement and stays open until either side ends it.
async function stream(req: IncomingMessage, res: ServerResponse, handler: ModernHandler, message: Message, envelope: Parameters<ModernHandler['handle']>[1]): Promise<boolean> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const write = (m: Message) => void res.write(`event: message\ndata: ${JSON.stringify(m)}\n\n`);
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  const response = await handler.handle(message, envelope, { notify: write }, controller.signal);
  if (!controller.signal.aborted) write(response);
  res.end();
  return true;
}

// The first header that disagrees with the body, said plainly; undefined when they agree (absent headers pass).
function headerMismatch(req: IncomingMessage, message: Message, version: string): string | undefined {
  const headerVersion = header(req, 'mcp-protocol-version');
  if (headerVersion !== undefined && headerVersion !== version) {
    return `the body's _meta names protocol version ${version} but the MCP-Protocol-Version header names ${headerVersion}`;
  }
  const method = header(req, 'mcp-method');
  if (method !== undefined && method !== message.method) return `the body names method ${message.method} but the Mcp-Method header names ${method}`;
  const name = header(req, 'mcp-name');
  const field = message.method === 'resources/read' ? 'uri' : message.method === 'tools/call' || message.method === 'prompts/get' ? 'name' : undefined;
  const value = field ? message.params?.[field] : undefined;
  if (name !== undefined && typeof value === 'string' && decodeName(name) !== value) {
    return `the body names ${field} "${value}" but the Mcp-Name header names "${decodeName(name)}"`;
  }
  return undefined;
}

// Mcp-Name carries non-ASCII values as =?base64?…?=.
function decodeName(value: string): string {
  const m = /^=\?base64\?(.*)\?=$/.exec(value);
  return m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : value;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function reply(res: ServerResponse, status: number, message: Message): true {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(message));
  return true;
}
