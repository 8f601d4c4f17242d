// The admin API under /admin: JSON in and out, writes through the config store (lock, validation, atomic write), then a live reload.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigStore } from '../config/store.js';
import { isGatewayError, messageOf, type ErrorCode } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { ReloadResult } from '../server/lifecycle.js';
import { groupRoutes } from './admin-groups.js';
import { serverRoutes } from './admin-servers.js';
import { readBody } from './body.js';
import { OPENAPI } from './openapi.js';
import { HttpError, sendError, sendJson, decodeSegment } from './respond.js';

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
  // Matched against the path below /admin; named groups become params.
  path: RegExp;
  run(ctx: AdminContext, params: Record<string, string>, body: unknown): Promise<AdminReply>;
}

const NAME = '(?<name>[^/]+)';
const ROUTES: AdminRoute[] = [
  { method: 'GET', path: /^\/openapi\.json$/, run: async () => ({ status: 200, body: OPENAPI }) },
  { method: 'POST', path: /^\/reload$/, run: reload },
  ...serverRoutes(NAME),
  ...groupRoutes(NAME),
];
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  SERVER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  CONFIG_NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFIG_INVALID: 422,
  USAGE: 400,
  CONFIG_WRITE_FAILED: 503,
};

// Answers one request whose path starts with /admin; `sub` is the rest of the path.
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, ctx: AdminContext, sub: string, maxBody: number): Promise<void> {
  try {
    const matches = ROUTES.map((r) => ({ r, m: r.path.exec(sub) })).filter((x) => x.m);
    if (matches.length === 0) throw new HttpError(404, 'NOT_FOUND', `no admin endpoint at /admin${sub}; see /admin/openapi.json`);
    const match = matches.find((x) => x.r.method === req.method);
    if (!match) {
      const allowed = matches.map((x) => x.r.method).join(', ');
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed on /admin${sub} (allowed: ${allowed})`, 'json', { Allow: allowed });
    }
    const params = Object.fromEntries(
      Object.entries(match.m?.groups ?? {}).map(([k, v]) => {
        const decoded = decodeSegment(v);
        if (decoded === undefined) throw new HttpError(400, 'BAD_REQUEST', `/admin${sub}: ${v} is not valid percent-encoding`);
        return [k, decoded];
      }),
    );
    // POST /reload and /servers/{name}/test take no body; a route that needs one answers 400 without it.
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const body = hasBody && match.r.method !== 'GET' && match.r.method !== 'DELETE' ? await readJson(req, maxBody) : undefined;
    const reply = await match.r.run(ctx, params, body);
    if (reply.body === undefined) {
      res.writeHead(reply.status);
      res.end();
    } else sendJson(res, reply.status, reply.body);
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, 'json', error.status === 413 ? { Connection: 'close' } : {});
    if (isGatewayError(error)) return sendError(res, STATUS_BY_CODE[error.code] ?? 500, error.code, error.message);
    ctx.gateway.log.error(`admin ${req.method ?? ''} /admin${sub}: ${messageOf(error)}`);
    sendError(res, 500, 'INTERNAL', `internal error: ${messageOf(error)}`);
  }
}

// The request body as a JSON object; 415 for another media type, 413 over the limit, 400 for anything but an object.
async function readJson(req: IncomingMessage, maxBody: number): Promise<Record<string, unknown> | unknown[]> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/merge-patch+json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the body as application/json (got ${JSON.stringify(type || 'none')})`);
  }
  const body = await readBody(req, maxBody);
  if (!body.ok) throw new HttpError(413, 'BODY_TOO_LARGE', `the request body must not exceed ${maxBody} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch (error) {
    throw new HttpError(400, 'INVALID_JSON', `the request body is not valid JSON: ${messageOf(error)}`);
  }
  if (typeof value !== 'object' || value === null) throw new HttpError(400, 'INVALID_BODY', 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

async function reload(ctx: AdminContext): Promise<AdminReply> {
  const result = await ctx.reload(true);
  if (!result.ok) throw new HttpError(422, 'CONFIG_INVALID', `not reloaded, still serving the last good configuration: ${result.error}`);
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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'INVALID_BODY', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

// RFC 7386 JSON merge patch: null deletes a key, objects merge recursively, anything else replaces.
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new HttpError(400, 'INVALID_BODY', `key ${JSON.stringify(key)} is not allowed`);
    if (value === null) delete target[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key])) {
      mergePatch(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
}
