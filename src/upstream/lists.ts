// Reads an upstream's tools, prompts, resources and templates (all pages) and keeps what it knows of it as one snapshot.
import type { ResultParser, UpstreamClient as Client } from './client.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { isConnectionLost } from './failure.js';
import {
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  type Implementation,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';

export interface UpstreamSnapshot {
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  capabilities?: ServerCapabilities;
  serverInfo?: Implementation;
  instructions?: string;
  // A 2026-07-28 server's freshness hint on its tool list (ttlMs, cacheScope): the tool-list cache honours it
  // (cache.ts: only a 'public' list is written to the state directory, and served from there for ttlMs).
  toolsCache?: { ttlMs: number; scope?: string };
}

export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

export const EMPTY_SNAPSHOT: UpstreamSnapshot = Object.freeze({
  tools: [],
  prompts: [],
  resources: [],
  resourceTemplates: [],
}) as UpstreamSnapshot;

const MAX_PAGES = 1000;

// Fetches one list, following cursors; lists the server does not offer come back empty.
export async function fetchList(client: Client, kind: ListKind, timeout: number, hints?: (page: Record<string, unknown>) => void): Promise<unknown[]> {
  const caps = client.getServerCapabilities() ?? {};
  const spec = SPECS[kind];
  if (!caps[spec.capability]) return [];
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const schema: ResultParser<Record<string, unknown>> = spec.schema;
    const result = await client.request({ method: spec.method, params: cursor ? { cursor } : {} }, schema, { timeout });
    if (page === 0) hints?.(result);
    items.push(...((result[spec.field] as unknown[] | undefined) ?? []));
    cursor = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
    if (!cursor) break;
  }
  return items;
}

// Reads everything an upstream offers into a fresh snapshot.
export async function fetchSnapshot(client: Client, timeout: number): Promise<UpstreamSnapshot> {
  let toolsCache: UpstreamSnapshot['toolsCache'];
  const hints = (page: Record<string, unknown>) => {
    // A 2026 result carries both; one that names only a scope is stale at once (ttlMs 0, as the v2 client reads it).
    if (typeof page.ttlMs === 'number' || typeof page.cacheScope === 'string')
      toolsCache = { ttlMs: typeof page.ttlMs === 'number' ? page.ttlMs : 0, ...(typeof page.cacheScope === 'string' && { scope: page.cacheScope }) };
  };
  const [tools, prompts, resources, resourceTemplates] = await Promise.all(
    // A list the server fails to give is empty; a server that cannot be reached fails the connect (a 2026 one adopts
    // its cached server/discover result with no round trip, so these are the first requests that reach it).
    (['tools', 'prompts', 'resources', 'resourceTemplates'] as const).map((k) =>
      fetchList(client, k, timeout, k === 'tools' ? hints : undefined).catch((error: unknown) => {
        if (isConnectionLost(error)) throw error;
        return [];
      }),
    ),
  );
  const capabilities = client.getServerCapabilities();
  const serverInfo = client.getServerVersion();
  const instructions = client.getInstructions();
  return {
    tools: tools as Tool[],
    prompts: prompts as Prompt[],
    resources: resources as Resource[],
    resourceTemplates: resourceTemplates as ResourceTemplate[],
    ...(capabilities && { capabilities }),
    ...(serverInfo && { serverInfo }),
    ...(instructions && { instructions }),
    ...(toolsCache && { toolsCache }),
  };
}

// The lists to re-read after a list_changed notification for `kind` (resources bring their templates along).
export async function fetchChanged(client: Client, kind: ListKind, timeout: number): Promise<Partial<UpstreamSnapshot>> {
  const items = await fetchList(client, kind, timeout);
  if (kind !== 'resources') return { [kind]: items };
  return { resources: items as Resource[], resourceTemplates: (await fetchList(client, 'resourceTemplates', timeout)) as ResourceTemplate[] };
}

// The lists of `kind` fetched again after the server announced a change; undefined (and logged) when that failed.
export async function refetch(client: Client, kind: ListKind, timeout: number, log: Logger): Promise<Partial<UpstreamSnapshot> | undefined> {
  try {
    return await fetchChanged(client, kind, timeout);
  } catch (error) {
    log.warn(`could not refresh ${kind}: ${messageOf(error)}`);
    return undefined;
  }
}

const KINDS: readonly ListKind[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];

// Which lists differ between two snapshots; every list when `all` (the old one was only a cached guess).
export function changedKinds(prev: UpstreamSnapshot, next: UpstreamSnapshot, all: boolean): ListKind[] {
  return KINDS.filter((k) => all || JSON.stringify(prev[k]) !== JSON.stringify(next[k]));
}

const SPECS = {
  tools: { method: 'tools/list', field: 'tools', capability: 'tools', schema: ListToolsResultSchema },
  prompts: { method: 'prompts/list', field: 'prompts', capability: 'prompts', schema: ListPromptsResultSchema },
  resources: { method: 'resources/list', field: 'resources', capability: 'resources', schema: ListResourcesResultSchema },
  resourceTemplates: {
    method: 'resources/templates/list',
    field: 'resourceTemplates',
    capability: 'resources',
    schema: ListResourceTemplatesResultSchema,
  },
} as const;
