// Server-scoped URIs: ui:// (MCP Apps) and skill:// (Skills) keep their scheme and gain the server as first segment,
// ui://<server>/<rest>, so two servers' apps and skills never collide and every URI a server names reads from it alone.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

export const UI_EXTENSION = 'io.modelcontextprotocol/ui';
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';
// The older flat key ext-apps still writes beside _meta.ui.resourceUri.
const LEGACY_RESOURCE_URI = 'ui/resourceUri';
const SCHEMES = ['ui://', 'skill://'] as const;

type Json = Record<string, unknown>;

// The gateway's URI for a server's URI: scoped schemes get the server segment; any other URI is kept as it is.
export function scopeUri(server: string, uri: string): string {
  const scheme = SCHEMES.find((s) => uri.startsWith(s));
  return scheme ? `${scheme}${server}/${uri.slice(scheme.length)}` : uri;
}

// The server and its own URI for a scoped gateway URI; undefined for URIs of other schemes.
export function unscopeUri(uri: string): { server: string; uri: string } | undefined {
  const scheme = SCHEMES.find((s) => uri.startsWith(s));
  if (!scheme) return undefined;
  const rest = uri.slice(scheme.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { server: rest.slice(0, slash), uri: `${scheme}${rest.slice(slash + 1)}` };
}

export function isScopedUri(uri: string): boolean {
  return SCHEMES.some((s) => uri.startsWith(s));
}

// A tool as the client sees it: its app's URI scoped (other _meta.ui fields untouched); the same object when there is none.
export function scopeTool<T extends Pick<Tool, '_meta'>>(tool: T, server: string): T {
  const meta = tool._meta;
  if (!meta) return tool;
  const next = scopeMeta(meta, server);
  return next === meta ? tool : { ...tool, _meta: next };
}

// A tools/call, resources/read or resources/directory/read result with every URI it names scoped to its server.
export function scopeResult<T>(result: T, server: string): T {
  if (typeof result !== 'object' || result === null) return result;
  const r = result as Json;
  let out: Json | undefined;
  const set = (key: string, value: unknown) => {
    if (value !== r[key]) (out ??= { ...r })[key] = value;
  };
  if (isObject(r._meta)) set('_meta', scopeMeta(r._meta, server));
  for (const key of ['content', 'contents', 'resources'] as const) {
    const list = r[key];
    if (Array.isArray(list)) set(key, mapChanged(list, (item) => scopeItem(item, server)));
  }
  return (out ?? result) as T;
}

// Whether the model may see a tool: an app-only tool (_meta.ui.visibility without "model") is left to the app.
export function modelVisible(tool: Pick<Tool, '_meta'>): boolean {
  const ui = tool._meta?.ui;
  if (!isObject(ui) || !Array.isArray(ui.visibility)) return true;
  return ui.visibility.includes('model');
}

// The _meta of a tool as describe_tool shows it (only its app part, scoped), or nothing.
export function describedMeta(tool: Pick<Tool, '_meta'>, server: string): { _meta: Json } | Record<string, never> {
  const meta = tool._meta;
  if (!meta || (!isObject(meta.ui) && meta[LEGACY_RESOURCE_URI] === undefined)) return {};
  return { _meta: scopeMeta(meta, server) };
}

function scopeMeta(meta: Json, server: string): Json {
  let out: Json | undefined;
  const ui = meta.ui;
  if (isObject(ui) && typeof ui.resourceUri === 'string') {
    const uri = scopeUri(server, ui.resourceUri);
    if (uri !== ui.resourceUri) (out ??= { ...meta }).ui = { ...ui, resourceUri: uri };
  }
  const legacy = meta[LEGACY_RESOURCE_URI];
  if (typeof legacy === 'string' && isScopedUri(legacy)) (out ??= { ...meta })[LEGACY_RESOURCE_URI] = scopeUri(server, legacy);
  return out ?? meta;
}

// One content block, resource contents entry or directory child: resource links, embedded resources and their own _meta.
function scopeItem(item: unknown, server: string): unknown {
  if (!isObject(item)) return item;
  let out: Json | undefined;
  if (typeof item.uri === 'string' && isScopedUri(item.uri)) (out ??= { ...item }).uri = scopeUri(server, item.uri);
  if (isObject(item.resource)) {
    const inner = scopeItem(item.resource, server);
    if (inner !== item.resource) (out ??= { ...item }).resource = inner;
  }
  if (isObject(item._meta)) {
    const meta = scopeMeta(item._meta, server);
    if (meta !== item._meta) (out ??= { ...item })._meta = meta;
  }
  return out ?? item;
}

function mapChanged(list: unknown[], fn: (item: unknown) => unknown): unknown[] {
  let changed = false;
  const next = list.map((item) => {
    const n = fn(item);
    if (n !== item) changed = true;
    return n;
  });
  return changed ? next : list;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const usesScoped = new WeakMap<object, boolean>();

// Whether an upstream names scoped URIs (declares an extension that does, lists one, or links a tool to an app):
// its results then need rewriting, so calls to it take the regular path rather than the byte pass-through.
export function namesScopedUris(snapshot: {
  tools: Array<Pick<Tool, '_meta'>>;
  resources: Array<{ uri: string }>;
  resourceTemplates: Array<{ uriTemplate: string }>;
  capabilities?: { extensions?: Record<string, unknown> };
}): boolean {
  let known = usesScoped.get(snapshot);
  if (known === undefined) {
    const ext = snapshot.capabilities?.extensions;
    known =
      (ext !== undefined && (UI_EXTENSION in ext || SKILLS_EXTENSION in ext)) ||
      snapshot.resources.some((r) => isScopedUri(r.uri)) ||
      snapshot.resourceTemplates.some((t) => isScopedUri(t.uriTemplate)) ||
      snapshot.tools.some((t) => t._meta !== undefined && (isObject(t._meta.ui) || LEGACY_RESOURCE_URI in t._meta));
    usesScoped.set(snapshot, known);
  }
  return known;
}
