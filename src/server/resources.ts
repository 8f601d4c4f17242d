// Routes resources by URI: a map from URI to its server, templates matched by their URI pattern, collisions resolved by config order.
import type { Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Gateway } from '../gateway.js';
import type { View } from '../catalog/view.js';
import type { SessionInfo } from '../pipeline/types.js';
import { scopeUri, unscopeUri } from './scoped-uris.js';

export const STATUS_URI = 'gateway://status';

const STATUS_RESOURCE: Resource = {
  uri: STATUS_URI,
  name: 'gateway-status',
  title: 'Gateway status',
  description: "Each upstream server's state, restarts, last error and tool count",
  mimeType: 'application/json',
};

export interface ResourceRouter {
  list(): Resource[];
  templates(): ResourceTemplate[];
  // The server that owns a URI (a listed resource, or one matching a template), if visible to this session.
  owner(uri: string): string | undefined;
  // The server and its own URI for a gateway URI: a scoped one (ui://<server>/…) by its server segment, listed or not.
  resolve(uri: string): { server: string; uri: string } | undefined;
  visibleServer(server: string): boolean;
  invalidate(): void;
}

export function createResourceRouter(gateway: Gateway, session: SessionInfo): ResourceRouter {
  // Built for one view of the catalog: the gateway replaces the view at every upstream change, at once, so a read in
  // the same turn as a server's new lists is routed by them (the 'resources' event, a turn later, is for the client).
  let built: { view: View; list: Resource[]; templates: ResourceTemplate[]; byUri: Map<string, string>; patterns: Array<[UriTemplate, string]> } | undefined;
  const visibleServer = (server: string) => gateway.view(session.group).hasServer(server);

  const build = () => {
    const view = gateway.view(session.group);
    if (built?.view === view) return built;
    const list: Resource[] = [STATUS_RESOURCE];
    const templates: ResourceTemplate[] = [];
    const byUri = new Map<string, string>();
    const patterns: Array<[UriTemplate, string]> = [];
    for (const u of gateway.pool.servers()) {
      if (!u.listable || !visibleServer(u.name)) continue;
      for (const listed of u.snapshot.resources) {
        const uri = scopeUri(u.name, listed.uri);
        const r = uri === listed.uri ? listed : { ...listed, uri };
        const first = byUri.get(r.uri);
        if (first !== undefined) {
          warnOnce(gateway, `resource ${r.uri} is offered by both '${first}' and '${u.name}'; '${first}' serves it (first in config order)`);
          continue;
        }
        byUri.set(r.uri, u.name);
        list.push(r);
      }
      for (const listed of u.snapshot.resourceTemplates) {
        const uriTemplate = scopeUri(u.name, listed.uriTemplate);
        const t = uriTemplate === listed.uriTemplate ? listed : { ...listed, uriTemplate };
        templates.push(t);
        try {
          patterns.push([new UriTemplate(t.uriTemplate), u.name]);
        } catch {
          warnOnce(gateway, `server '${u.name}': resource template ${t.uriTemplate} could not be parsed; reads of it are not routed`);
        }
      }
    }
    built = { view, list, templates, byUri, patterns };
    return built;
  };

  const router: ResourceRouter = {
    list: () => build().list,
    templates: () => build().templates,
    resolve(uri) {
      const scoped = unscopeUri(uri);
      if (scoped) return gateway.pool.server(scoped.server) && visibleServer(scoped.server) ? scoped : undefined;
      const server = router.owner(uri);
      return server === undefined ? undefined : { server, uri };
    },
    owner(uri) {
      const scoped = unscopeUri(uri);
      if (scoped) return gateway.pool.server(scoped.server) && visibleServer(scoped.server) ? scoped.server : undefined;
      const b = build();
      const direct = b.byUri.get(uri);
      if (direct) return direct;
      for (const [template, server] of b.patterns) if (template.match(uri)) return server;
      // A template's own URI (completion refs) routes to its server too.
      for (const u of gateway.pool.servers()) {
        if (visibleServer(u.name) && u.snapshot.resourceTemplates.some((t) => t.uriTemplate === uri)) return u.name;
      }
      return undefined;
    },
    visibleServer,
    invalidate() {
      built = undefined;
    },
  };
  return router;
}

// Every session rebuilds its routes after each change; the same conflict is worth one warning per gateway.
const warned = new WeakMap<Gateway, Set<string>>();

function warnOnce(gateway: Gateway, text: string): void {
  let seen = warned.get(gateway);
  if (!seen) warned.set(gateway, (seen = new Set()));
  if (seen.has(text)) return;
  seen.add(text);
  gateway.log.warn(text);
}
