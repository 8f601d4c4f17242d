// What one session may see: its group's view narrowed by preListTools/preListPrompts hooks, applied alike to list, call, search and describe.
import type { Prompt, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { PromptEntry, ToolEntry } from '../catalog/catalog.js';
import { searchWithSemantic } from '../catalog/search/embeddings.js';
import type { View } from '../catalog/view.js';
import type { Gateway } from '../gateway.js';
import type { SessionInfo } from '../pipeline/types.js';
import { EMPTY_SNAPSHOT } from '../upstream/lists.js';

export interface VisibleTools {
  tools: ToolEntry[];
  byName: Map<string, ToolEntry>;
  listing: Tool[];
}

export interface VisiblePrompts {
  prompts: PromptEntry[];
  byName: Map<string, PromptEntry>;
  listing: Prompt[];
}

export interface Visibility {
  view(): View;
  tools(): Promise<VisibleTools>;
  listing(): Promise<Tool[]>;
  // The entry a call by this name may reach, or undefined (unknown and hidden read the same).
  lookup(name: string): Promise<ToolEntry | undefined>;
  // Like lookup, but an unknown name first waits (bounded) for upstreams of this view that are still starting.
  lookupOrWait(name: string, signal?: AbortSignal): Promise<ToolEntry | undefined>;
  // `alternatives`: the caller's restatements of the query, fused with it (see catalog/search/fuse.ts).
  search(query: string, limit: number, server?: string, alternatives?: readonly string[]): Promise<Array<{ entry: ToolEntry; score: number }>>;
  prompts(): Promise<VisiblePrompts>;
  // Servers of this view still starting whose tools are not known yet (no cache from an earlier run).
  unknownServers(): string[];
  // The first time: waits (at most FIRST_LIST_WAIT_MS) for those servers, so a first listing on a first run is not
  // empty for a client that ignores list_changed; a server that has failed to start (in this run or the last) is not
  // waited for. Later calls return at once; what comes later arrives with list_changed.
  settled(): Promise<void>;
  invalidate(): void;
}

// Clients time out their first tools/list (Claude Code reports "tools fetch failed"); about a second is safe.
export const FIRST_LIST_WAIT_MS = 1000;

export function createVisibility(gateway: Gateway, session: SessionInfo): Visibility {
  let cachedTools: { view: View; value: Promise<VisibleTools> } | undefined;
  let cachedPrompts: { view: View; value: Promise<VisiblePrompts> } | undefined;
  const mode = () => gateway.config.settings.tools;
  const view = () => gateway.view(session.group);
  let firstWait: Promise<void> | undefined;
  const unknownUpstreams = () => {
    const v = view();
    return gateway.pool
      .servers()
      .filter(
        (u) =>
          !u.fresh &&
          u.snapshot === EMPTY_SNAPSHOT &&
          (u.state === 'starting' || u.state === 'restarting') &&
          !gateway.pool.failedToStart(u.name) &&
          v.hasServer(u.name),
      );
  };

  const computeTools = async (v: View): Promise<VisibleTools> => {
    if (!gateway.hooks.hasListHooks) return { tools: v.tools, byName: v.byName, listing: v.listing(mode()) };
    // Meta-tools are the gateway's own: hooks filter what they expose, not the meta-tools themselves.
    const meta = v.tools.filter((t) => t.local?.meta);
    const others = v.tools.filter((t) => !t.local?.meta);
    const filtered = await gateway.hooks.preListTools({
      tools: others.map((t) => t.exposed),
      group: session.group,
      client: session.client,
      session,
    });
    const kept = new Map<string, ToolEntry>();
    for (const def of filtered) {
      const entry = v.byName.get(def.name);
      if (entry && !entry.local?.meta) kept.set(def.name, def === entry.exposed ? entry : { ...entry, exposed: def });
    }
    const tools = [...meta, ...kept.values()];
    const listing =
      mode() === 'all' ? tools.filter((t) => t.name !== 'invoke_tool').map((t) => t.exposed) : meta.map((t) => t.exposed);
    return { tools, byName: new Map(tools.map((t) => [t.name, t])), listing };
  };

  const tools = () => {
    const v = view();
    if (!cachedTools || cachedTools.view !== v) cachedTools = { view: v, value: computeTools(v) };
    return cachedTools.value;
  };

  const lookup = async (name: string) => {
    if (!gateway.hooks.hasListHooks) return view().byName.get(name);
    return (await tools()).byName.get(name);
  };

  return {
    view,
    tools,
    listing: async () => (await tools()).listing,
    lookup,
    async lookupOrWait(name, signal) {
      const found = await lookup(name);
      if (found) return found;
      const v = view();
      const starting = gateway.pool.servers().filter((u) => !u.fresh && u.listable && !(u.config.lazy && u.state === 'idle') && v.hasServer(u.name));
      if (starting.length === 0) return undefined;
      await Promise.all(starting.map((u) => gateway.pool.ready(u.name, { signal }).catch(() => undefined)));
      // The catalog already has its lists (it follows every change at once); a turn lets the same burst's
      // list_changed reach the client before this call's answer.
      await new Promise((resolve) => setImmediate(resolve));
      return lookup(name);
    },
    async search(query, limit, server, alternatives = []) {
      const v = view();
      const visible = gateway.hooks.hasListHooks ? (await tools()).byName : undefined;
      const hits = await searchWithSemantic(gateway.semantic, v.search(), () => v.searchDocs(), query, alternatives, {
        limit,
        ...(server !== undefined && { server }),
        ...(visible && { filter: (doc) => visible.has(doc.name) }),
      });
      const byName = visible ?? v.byName;
      return hits.flatMap((h) => {
        const entry = byName.get(h.doc.name);
        return entry ? [{ entry, score: h.score }] : [];
      });
    },
    prompts() {
      const v = view();
      if (!cachedPrompts || cachedPrompts.view !== v) {
        const value = (async (): Promise<VisiblePrompts> => {
          let list = v.prompts;
          if (gateway.hooks.hasListHooks) {
            const kept = await gateway.hooks.preListPrompts({
              prompts: v.prompts.map((p) => p.exposed),
              group: session.group,
              client: session.client,
              session,
            });
            // A hook may hide a prompt or rewrite its definition (the guard marks a suspicious description).
            const byName = new Map(v.prompts.map((p) => [p.name, p]));
            list = kept.flatMap((def) => {
              const entry = byName.get(def.name);
              return entry ? [def === entry.exposed ? entry : { ...entry, exposed: def }] : [];
            });
          }
          return { prompts: list, byName: new Map(list.map((p) => [p.name, p])), listing: list.map((p) => p.exposed) };
        })();
        cachedPrompts = { view: v, value };
      }
      return cachedPrompts.value;
    },
    unknownServers: () => unknownUpstreams().map((u) => u.name),
    settled() {
      firstWait ??= waitForStarting(gateway, () => unknownUpstreams().map((u) => u.name));
      return firstWait;
    },
    invalidate() {
      cachedTools = undefined;
      cachedPrompts = undefined;
    },
  };
}

// Resolves once none of the named servers is still starting (each became ready or failed), or after FIRST_LIST_WAIT_MS.
function waitForStarting(gateway: Gateway, starting: () => string[]): Promise<void> {
  const first = starting();
  if (first.length === 0) return Promise.resolve();
  gateway.log.debug(`first listing waits (at most ${FIRST_LIST_WAIT_MS} ms) for: ${first.join(', ')}`);
  return new Promise<void>((resolve) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      // After the burst's flush (next turn): the list_changed of the servers that came up is out before the listing.
      setImmediate(resolve);
    };
    const timer = setTimeout(done, FIRST_LIST_WAIT_MS);
    // Checked after the current task: an upstream announces its state before it reports its lists changed, and the
    // catalog is rebuilt on the turn after that report.
    const unsubscribe = gateway.subscribe((event) => {
      if (event.type !== 'notification') queueMicrotask(() => starting().length === 0 && done());
    });
  });
}
