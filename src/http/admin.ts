// The admin API under /admin (a hono sub-app): JSON in and out, writes through the config store (lock, validation, atomic write), then a live reload.
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { ConfigStore } from '../config/store.js';
import { GatewayError, isGatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { ReloadResult } from '../server/lifecycle.js';
import { groupRoutes } from './admin-groups.js';
import { serverRoutes } from './admin-servers.js';
import { readBody } from './body.js';
import { createOpenApi } from './openapi.js';
import { errorResponse, jsonResponse, decodeSegment } from './respond.js';
import { httpStatus } from '../wire.js';

export interface AdminContext {
  gateway: Gateway;
  store: ConfigStore;
  // Applies the file now (a write is visible when its response arrives); force re-announces an unchanged file.
  reload(force?: boolean): Promise<ReloadResult>;
}

export interface AdminReply {
  status: number;
  body?: unknown;
}

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  // A hono path below /admin; `:name` becomes a param.
  path: string;
  run(ctx: AdminContext, params: Record<string, string>, body: unknown): Promise<AdminReply>;
}

type AdminEnv = { Bindings: HttpBindings };

// The routes under /admin, each answering JSON; errors in the `{ error: { code, message } }` shape.
export function createAdminApp(ctx: AdminContext, maxBody: number): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>().basePath('/admin');
  const openapi = createOpenApi();
  const routes: AdminRoute[] = [
    { method: 'GET', path: '/openapi.json', run: async () => ({ status: 200, body: openapi }) },
    { method: 'POST', path: '/reload', run: reload },
    ...serverRoutes(),
    ...groupRoutes(),
  ];
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path} (allowed: ${methods.join(', ')})`, 'json', { Allow: methods.join(', ') }),
    }),
  );
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      const reply = await route.run(ctx, params(c), await bodyOf(c, route.method, maxBody));
      return reply.body === undefined ? new Response(null, { status: reply.status }) : jsonResponse(reply.status, reply.body);
    });
  }
  app.notFound((c) => errorResponse(404, 'NOT_FOUND', `no admin endpoint at ${c.req.path}; see /admin/openapi.json`));
  app.onError((error, c) => {
    if (isGatewayError(error)) return errorResponse(httpStatus(error.code), error.code, error.message, 'json', error.code === 'BODY_TOO_LARGE' ? { Connection: 'close' } : {});
    ctx.gateway.log.error(`admin ${c.req.method} ${c.req.path}: ${messageOf(error)}`);
    return errorResponse(500, 'INTERNAL', `internal error: ${messageOf(error)}`);
  });
  return app;
}

// The path params, percent-decoded from the URL as sent (hono's decoding hides broken encoding, a 400 here).
function params(c: Context<AdminEnv>): Record<string, string> {
  const name = c.req.param('name');
  if (name === undefined) return {};
  const sent = /^\/admin\/\w+\/([^/?]+)/.exec(c.env.incoming.url ?? c.req.path)?.[1] ?? name;
  const decoded = decodeSegment(sent);
  if (decoded === undefined) throw new GatewayError('BAD_REQUEST', `${c.req.path}: ${sent} is not valid percent-encoding`);
  return { name: decoded };
}

// POST /reload and /servers/{name}/test take no body; a route that needs one answers 400 without it.
async function bodyOf(c: Context<AdminEnv>, method: AdminRoute['method'], maxBody: number): Promise<unknown> {
  const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
  return hasBody && method !== 'GET' && method !== 'DELETE' ? readJson(c, maxBody) : undefined;
}

// The request body as a JSON object; 415 for another media type, 413 over the limit, 400 for anything but an object.
// Read with body.ts, not hono's bodyLimit: bodyLimit re-creates the request with the global Request, which throws on
// @hono/node-server's request objects when they are not made global (measured: a chunked admin body got 500).
async function readJson(c: Context<AdminEnv>, maxBody: number): Promise<Record<string, unknown> | unknown[]> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/merge-patch+json') {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', `send the body as application/json (got ${JSON.stringify(type || 'none')})`);
  }
  const body = await readBody(c.env.incoming, maxBody);
  if (!body.ok) throw new GatewayError('BODY_TOO_LARGE', `the request body must not exceed ${maxBody} bytes`);
  const text = body.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('INVALID_JSON', `the request body is not valid JSON: ${messageOf(error)}`);
  }
  if (typeof value !== 'object' || value === null) throw new GatewayError('INVALID_BODY', 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

async function reload(ctx: AdminContext): Promise<AdminReply> {
  const result = await ctx.reload(true);
  if (!result.ok) throw new GatewayError('CONFIG_INVALID', `not reloaded, still serving the last good configuration: ${result.error}`);
  return { status: 200, body: { reloaded: true, config: ctx.store.file, servers: ctx.gateway.statuses().map((s) => ({ name: s.name, state: s.state })) } };
}

// Applies a write: the store validates and writes it, then the gateway reloads it so the response reflects the live state.
export async function write(ctx: AdminContext, mutate: Parameters<ConfigStore['update']>[0]): Promise<void> {
  await ctx.store.update(mutate);
  const result = await ctx.reload();
  if (!result.ok) ctx.gateway.log.warn(`admin write saved, but the gateway could not apply it: ${result.error}`);
}

// A JSON object body (not an array), or 400.
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('INVALID_BODY', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

// RFC 7386 JSON merge patch: null deletes a key, objects merge recursively, anything else replaces.
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new GatewayError('INVALID_BODY', `key ${JSON.stringify(key)} is not allowed`);
    if (value === null) delete target[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key])) {
      mergePatch(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
}
