// /admin/groups: list, create, show, patch and delete groups in gateway.json, and replace a group's member servers.
import { getGroup } from '../config/edit.js';
import { GROUP_NAME_RE, type GatewayFile, type GroupEntry } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import { mergePatch, objectBody, write, type AdminContext, type AdminRoute } from './admin.js';

export function groupRoutes(): AdminRoute[] {
  const one = '/groups/:name';
  return [
    { method: 'GET', path: '/groups', run: list },
    { method: 'POST', path: '/groups', run: create },
    { method: 'GET', path: one, run: async (ctx, p) => ({ status: 200, body: present(p.name ?? '', getGroup(await doc(ctx), p.name ?? '', ctx.store.file)) }) },
    { method: 'PATCH', path: one, run: patch },
    { method: 'DELETE', path: one, run: remove },
    { method: 'PUT', path: '/groups/:name/servers', run: setServers },
  ];
}

async function list(ctx: AdminContext) {
  const groups = (await doc(ctx)).groups ?? {};
  return { status: 200, body: { groups: Object.entries(groups).map(([name, g]) => present(name, g)) } };
}

// POST { name, servers?, allow?, deny?, description? } → 201; a member that is not a server is a 422 from validation.
async function create(ctx: AdminContext, _p: Record<string, string>, body: unknown) {
  const { name, ...fields } = objectBody(body);
  if (typeof name !== 'string') throw new GatewayError('INVALID_BODY', 'give the group as { "name": "...", "servers": ["..."], "allow": [], "deny": [] }');
  if (!GROUP_NAME_RE.test(name)) {
    throw new GatewayError('INVALID_NAME', `invalid group name ${JSON.stringify(name)}: use letters, digits, '_' and '-', starting with a letter or digit`);
  }
  await write(ctx, (d) => {
    const groups = (d.groups ??= {});
    if (Object.hasOwn(groups, name)) throw new GatewayError('ALREADY_EXISTS', `group ${JSON.stringify(name)} already exists; PATCH /admin/groups/${name} to change it`);
    const entry: Record<string, unknown> = { servers: [] };
    mergePatch(entry, fields);
    groups[name] = entry as GroupEntry;
  });
  return { status: 201, body: present(name, getGroup(await doc(ctx), name, ctx.store.file)) };
}

async function patch(ctx: AdminContext, p: Record<string, string>, body: unknown) {
  const name = p.name ?? '';
  const changes = objectBody(body);
  if ('name' in changes && changes.name !== name) throw new GatewayError('INVALID_BODY', 'a group cannot be renamed with PATCH; create the new one and delete the old');
  delete changes.name;
  await write(ctx, (d) => mergePatch(getGroup(d, name, ctx.store.file) as Record<string, unknown>, changes));
  return { status: 200, body: present(name, getGroup(await doc(ctx), name, ctx.store.file)) };
}

async function remove(ctx: AdminContext, p: Record<string, string>) {
  const name = p.name ?? '';
  await write(ctx, (d) => {
    getGroup(d, name, ctx.store.file);
    delete d.groups?.[name];
    if (Object.keys(d.groups ?? {}).length === 0) delete d.groups;
  });
  return { status: 204 };
}

// PUT ["a", "b"] or { "servers": ["a", "b"] }: the group's complete member list.
async function setServers(ctx: AdminContext, p: Record<string, string>, body: unknown) {
  const name = p.name ?? '';
  const servers = Array.isArray(body) ? body : (body as { servers?: unknown } | undefined)?.servers;
  if (!Array.isArray(servers) || !servers.every((s) => typeof s === 'string')) {
    throw new GatewayError('INVALID_BODY', 'give the member servers as a JSON array of names, or { "servers": [...] }');
  }
  await write(ctx, (d) => {
    getGroup(d, name, ctx.store.file).servers = [...new Set(servers)];
  });
  return { status: 200, body: present(name, getGroup(await doc(ctx), name, ctx.store.file)) };
}

async function doc(ctx: AdminContext): Promise<GatewayFile> {
  return (await ctx.store.read()) ?? { mcpServers: {} };
}

function present(name: string, g: GroupEntry) {
  return { name, servers: g.servers ?? [], allow: g.allow ?? [], deny: g.deny ?? [], ...(g.description !== undefined && { description: g.description }) };
}
