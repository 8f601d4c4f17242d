// Skills (SEP-2640, io.modelcontextprotocol/skills) through the gateway: skills/list merged across the session's servers,
// skills/get and resources/directory/read routed by the scoped skill:// URI, groups and allow/deny applied by skill name.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import { createPolicy, type AccessPolicy } from '../catalog/rules.js';
import type { View } from '../catalog/view.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { SessionInfo } from '../pipeline/types.js';
import type { Pool, ServerView } from '../upstream/pool.js';
import { paginate } from './paginate.js';
import type { ResourceRouter } from './resources.js';
import { relayed } from '../wire.js';
import { scopeResult, scopeUri, SKILLS_EXTENSION } from './scoped-uris.js';

export interface SkillEntry {
  uri: string;
  frontmatter: { name?: string; description?: string } & Record<string, unknown>;
  resources: 'dynamic' | Array<{ uri: string; digest?: string; size?: number } & Record<string, unknown>>;
}

export interface SkillGuard {
  // Throws "not found" when a skill:// URI lies inside a skill this session may not see.
  check(server: string, uri: string, signal?: AbortSignal): Promise<void>;
  invalidate(): void;
}

const ListSchema = z.object({ method: z.literal('skills/list'), params: z.looseObject({ cursor: z.string().optional() }).optional() });
const GetSchema = z.object({ method: z.literal('skills/get'), params: z.looseObject({ uri: z.string() }) });
const DirectorySchema = z.object({
  method: z.literal('resources/directory/read'),
  params: z.looseObject({ uri: z.string(), cursor: z.string().optional() }),
});
const MAX_PAGES = 100;

export function installSkills(server: Server, gateway: Gateway, session: SessionInfo, resources: ResourceRouter): SkillGuard {
  let policy: { view: View; policy: AccessPolicy } | undefined;
  const permits = (upstream: string, name: string) => {
    const view = gateway.view(session.group);
    if (policy?.view !== view) policy = { view, policy: createPolicy(gateway.config, session.group) };
    return policy.policy.permits(upstream, name, `${upstream}${gateway.config.settings.separator}${name}`);
  };
  // Each server's whole list, as the server gives it (names decide what a read may reach); dropped on any list change.
  const lists = new Map<string, Promise<SkillEntry[]>>();
  const listOf = (u: ServerView, signal?: AbortSignal) => {
    let list = lists.get(u.name);
    if (!list) {
      list = fetchSkills(gateway.pool, u.name, signal).catch((error: unknown) => {
        lists.delete(u.name);
        gateway.log.debug(`server '${u.name}': skills/list failed: ${messageOf(error)}`);
        return [];
      });
      lists.set(u.name, list);
    }
    return list;
  };
  const members = () =>
    gateway.pool.servers().filter((u) => resources.visibleServer(u.name) && offersSkills(u) && !(u.config.lazy && u.state === 'idle') && u.state !== 'failed');
  const visible = (u: ServerView, entry: SkillEntry) => permits(u.name, nameOf(entry));

  server.setRequestHandler(ListSchema, async (req, extra) => {
    const all = await Promise.all(
      // Listed fresh each time (servers announce no skill list changes); reads reuse the list until the next one.
      members().map(async (u) => (lists.delete(u.name), await listOf(u, extra.signal)).filter((e) => visible(u, e)).map((e) => scopeEntry(e, u.name))),
    );
    const page = paginate(all.flat(), req.params?.cursor);
    return { skills: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  });

  server.setRequestHandler(GetSchema, async (req, extra) => {
    const { upstream, uri } = skillTarget(req.params.uri, 'Unknown skill');
    const result = (await relayed(gateway.pool.request(upstream.name, { method: 'skills/get', params: { ...req.params, uri } }, { signal: extra.signal }))) as {
      skill?: SkillEntry;
    };
    if (!result.skill || !visible(upstream, result.skill)) throw new GatewayError('INVALID_PARAMS', `Unknown skill: ${req.params.uri}`);
    return { ...result, skill: scopeEntry(result.skill, upstream.name) };
  });

  server.setRequestHandler(DirectorySchema, async (req, extra) => {
    const { upstream, uri } = skillTarget(req.params.uri, 'Resource not found');
    const declared = upstream.snapshot.capabilities?.extensions?.[SKILLS_EXTENSION] as { directoryRead?: boolean } | undefined;
    if (declared?.directoryRead !== true) {
      throw new GatewayError('METHOD_NOT_FOUND', `server '${upstream.name}' does not support resources/directory/read`);
    }
    await guard.check(upstream.name, uri, extra.signal);
    const params = { ...req.params, uri };
    const result = (await relayed(gateway.pool.request(upstream.name, { method: 'resources/directory/read', params }, { signal: extra.signal }))) as {
      resources?: Array<{ uri: string }>;
    };
    // Children inside a hidden skill are left out, as the skill itself is.
    const denied = hiddenRoots(upstream, await listOf(upstream, extra.signal));
    const kept = (result.resources ?? []).filter((r) => !denied.some((root) => `${r.uri}/`.startsWith(root)));
    return scopeResult({ ...result, resources: kept }, upstream.name);
  });

  // A scoped skill:// URI of a visible server, or the error a client would get for an unknown one.
  const skillTarget = (gatewayUri: string, unknown: string) => {
    const target = gatewayUri.startsWith('skill://') ? resources.resolve(gatewayUri) : undefined;
    const upstream = target && gateway.pool.server(target.server);
    if (!target || !upstream) throw new GatewayError('INVALID_PARAMS', `${unknown}: ${gatewayUri}`);
    return { upstream, uri: target.uri };
  };

  const hiddenRoots = (u: ServerView, list: SkillEntry[]) => list.filter((e) => !visible(u, e)).map((e) => rootOf(e.uri));

  const guard: SkillGuard = {
    async check(name, uri, signal) {
      const upstream = gateway.pool.server(name);
      if (!upstream || !uri.startsWith('skill://')) return;
      const roots = hiddenRoots(upstream, await listOf(upstream, signal));
      if (roots.some((root) => `${uri}/`.startsWith(root))) throw new GatewayError('INVALID_PARAMS', `Resource not found: ${scopeUri(name, uri)}`);
    },
    invalidate: () => lists.clear(),
  };
  return guard;
}

// Whether an upstream offers skills, or may (its capabilities are not known yet).
function offersSkills(u: ServerView): boolean {
  const caps = u.snapshot.capabilities;
  return !caps || caps.extensions?.[SKILLS_EXTENSION] !== undefined;
}

async function fetchSkills(pool: Pool, server: string, signal?: AbortSignal): Promise<SkillEntry[]> {
  const skills: SkillEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = (await pool.request(server, { method: 'skills/list', params: cursor !== undefined ? { cursor } : {} }, signal ? { signal } : {})) as {
      skills?: SkillEntry[];
      nextCursor?: string;
    };
    skills.push(...(result.skills ?? []));
    cursor = result.nextCursor;
    if (cursor === undefined || cursor === '') break;
  }
  return skills;
}

// A skill's name: its frontmatter's, else the path segment before /SKILL.md.
function nameOf(entry: SkillEntry): string {
  const declared = entry.frontmatter?.name?.trim();
  if (declared) return declared;
  const root = rootOf(entry.uri).replace(/\/$/, '');
  return root.slice(root.lastIndexOf('/') + 1);
}

// The directory a skill's files live in: its URI up to and including the slash before SKILL.md.
function rootOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

// The entry as the client sees it: its URI and its manifest's URIs scoped (digests cover content, so they still hold).
function scopeEntry(entry: SkillEntry, server: string): SkillEntry {
  const resources = entry.resources === 'dynamic' ? entry.resources : entry.resources.map((r) => ({ ...r, uri: scopeUri(server, r.uri) }));
  return { ...entry, uri: scopeUri(server, entry.uri), resources };
}
