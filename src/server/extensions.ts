// The one place that decides which protocol extensions (capabilities.extensions, SEP-2133) the gateway offers a session
// and declares upstream: only those it understands (it rewrites their URIs and routes their methods), never others.
import type { ClientCapabilities, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamSnapshot } from '../upstream/lists.js';
import { namesScopedUris, scopeTool, SKILLS_EXTENSION, UI_EXTENSION } from './scoped-uris.js';

export const KNOWN_EXTENSIONS: readonly string[] = [UI_EXTENSION, SKILLS_EXTENSION];

// What an upstream is known to offer; `snapshot.capabilities` is absent until it has connected once (live or cached).
interface Member {
  readonly snapshot: Readonly<UpstreamSnapshot>;
}

// The extensions offered to a client at initialize. Capabilities are fixed then, while upstreams may still be starting:
// an upstream whose capabilities are not known yet counts as one that may offer it (its lists are simply empty if not).
// MCP Apps is offered only to a client that declares it (a host that renders apps); Skills whenever an upstream may offer them.
export function offeredExtensions(members: readonly Member[], client: ClientCapabilities): Record<string, object> | undefined {
  const offers = (id: string, extra?: (s: UpstreamSnapshot) => boolean) =>
    members.some((m) => !m.snapshot.capabilities || (m.snapshot.capabilities.extensions?.[id] !== undefined) || (extra?.(m.snapshot) ?? false));
  const out: Record<string, object> = {};
  if (client.extensions?.[UI_EXTENSION] !== undefined && offers(UI_EXTENSION, namesScopedUris)) out[UI_EXTENSION] = {};
  // directoryRead is offered for all: a server without it answers that it does not support the method.
  if (offers(SKILLS_EXTENSION)) out[SKILLS_EXTENSION] = { directoryRead: true };
  return Object.keys(out).length > 0 ? out : undefined;
}

// Tasks (2025-11-25) for tools/call, offered when a server of the view offers them (or may: not known yet).
export function offeredTasks(members: readonly Member[]): ServerCapabilities['tasks'] {
  const offers = members.some((m) => !m.snapshot.capabilities || m.snapshot.capabilities.tasks?.requests?.tools?.call !== undefined);
  return offers ? TASKS_CAPABILITY : undefined;
}

export const TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

// The client's capabilities as declared to upstreams: extensions the gateway does not understand are left out, since
// their methods would not be routed back.
export function upstreamClientCapabilities(client: ClientCapabilities): ClientCapabilities {
  const ext = client.extensions;
  if (!ext) return client;
  const kept = Object.fromEntries(Object.entries(ext).filter(([id]) => KNOWN_EXTENSIONS.includes(id)));
  const { extensions: _dropped, ...rest } = client;
  return Object.keys(kept).length > 0 ? { ...rest, extensions: kept } : rest;
}

const scopedListings = new WeakMap<readonly Tool[], Tool[]>();

// tools/list as the client sees it: each upstream tool's app URI scoped to its server (computed once per listing).
export function scopedListing(listing: readonly Tool[], serverOf: (name: string) => string | undefined): Tool[] {
  let out = scopedListings.get(listing);
  if (!out) {
    out = listing.map((t) => {
      const server = t._meta ? serverOf(t.name) : undefined;
      return server === undefined ? t : scopeTool(t, server);
    });
    scopedListings.set(listing, out);
  }
  return out;
}
