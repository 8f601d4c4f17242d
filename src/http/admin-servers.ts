// /admin/servers: list, add, show, patch and delete upstream entries in gateway.json, their live tools, and a one-shot connection test.
import { getServer, removeServerFromGroups } from '../config/edit.js';
import { SERVER_NAME_RE, type GatewayFile, type ServerEntry } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { mergePatch, objectBody, write, type AdminContext, type AdminRoute } from './admin.js';
import { probeServer } from './probe.js';

export function serverRoutes(): AdminRoute[] {
  const one = '/servers/:name';
  return [
    { method: 'GET', path: '/servers', run: list },
    { method: 'POST', path: '/servers', run: create },
    { method: 'GET', path: one, run: async (ctx, p) => ({ status: 200, body: present(ctx.gateway, p.name ?? '', getServer(await doc(ctx), p.name ?? '', ctx.store.file)) }) },
    { method: 'PATCH', path: one, run: patch },
    { method: 'DELETE', path: one, run: remove },
    { method: 'GET', path: '/servers/:name/tools', run: tools },
    { method: 'POST', path: '/servers/:name/test', run: test },
  ];
}

async function list(ctx: AdminContext) {
  const servers = (await doc(ctx)).mcpServers ?? {};
  return { status: 200, body: { servers: Object.entries(servers).map(([name, entry]) => present(ctx.gateway, name, entry)) } };
}

// POST { name, config: { command, args… | url… } } → 201.
async function create(ctx: AdminContext, _p: Record<string, string>, body: unknown) {
  const { name, config } = objectBody(body);
  if (typeof name !== 'string') throw new GatewayError('INVALID_BODY', 'give the server as { "name": "...", "config": { "command": "...", "args": [...] } }');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new GatewayError('INVALID_BODY', `"config" must be an object: the gateway.json entry, e.g. { "command": "npx", "args": ["-y", "pkg"] } or { "url": "https://…/mcp" }`);
  }
  if (!SERVER_NAME_RE.test(name)) {
    throw new GatewayError('INVALID_NAME', `invalid server name ${JSON.stringify(name)}: use letters, digits and '-', starting with a letter or digit ('_' separates server and tool in exposed names)`);
  }
  await write(ctx, (d) => {
    const servers = (d.mcpServers ??= {});
    if (Object.hasOwn(servers, name)) throw new GatewayError('ALREADY_EXISTS', `a server named ${JSON.stringify(name)} already exists; PATCH or DELETE /admin/servers/${name}`);
    const entry: Record<string, unknown> = {};
    mergePatch(entry, config as Record<string, unknown>);
    servers[name] = entry as ServerEntry;
  });
  return { status: 201, body: present(ctx.gateway, name, getServer(await doc(ctx), name, ctx.store.file)) };
}

// PATCH with a JSON merge patch of the entry (null removes a key).
async function patch(ctx: AdminContext, p: Record<string, string>, body: unknown) {
  const name = p.name ?? '';
  const changes = objectBody(body);
  await write(ctx, (d) => mergePatch(getServer(d, name, ctx.store.file) as Record<string, unknown>, changes));
  return { status: 200, body: present(ctx.gateway, name, getServer(await doc(ctx), name, ctx.store.file)) };
}

// DELETE also takes the server out of every group, as `gw remove` does (a group naming a missing server is invalid).
async function remove(ctx: AdminContext, p: Record<string, string>) {
  const name = p.name ?? '';
  await write(ctx, (d) => {
    getServer(d, name, ctx.store.file);
    delete d.mcpServers?.[name];
    removeServerFromGroups(d, name);
  });
  return { status: 204 };
}

// The server's tools as the running gateway has them: exposed name, original name, and whether rules let clients see it.
async function tools(ctx: AdminContext, p: Record<string, string>) {
  const name = p.name ?? '';
  getServer(await doc(ctx), name, ctx.store.file);
  const status = ctx.gateway.pool.status(name);
  const view = ctx.gateway.view();
  const entries = ctx.gateway.catalog().tools.filter((t) => t.server === name && !t.local);
  return {
    status: 200,
    body: {
      server: name,
      state: status?.state ?? 'stopped',
      tools: entries.map((t) => ({ name: t.name, original: t.tool.name, description: t.tool.description ?? '', visible: view.byName.has(t.name) })),
    },
  };
}

async function test(ctx: AdminContext, p: Record<string, string>) {
  const name = p.name ?? '';
  getServer(await doc(ctx), name, ctx.store.file);
  return { status: 200, body: await probeServer(ctx.gateway.config, name) };
}

async function doc(ctx: AdminContext): Promise<GatewayFile> {
  return (await ctx.store.read()) ?? { mcpServers: {} };
}

function present(gateway: Gateway, name: string, entry: ServerEntry) {
  const status = gateway.pool.status(name);
  return {
    name,
    config: entry,
    status: status ? { state: status.state, toolCount: status.toolCount, restarts: status.restarts, ...(status.lastError && { lastError: status.lastError }) } : null,
  };
}
