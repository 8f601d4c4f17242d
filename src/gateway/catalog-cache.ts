// The catalog and its per-group views, built on first use after each change; naming notes are logged once each.
import { buildCatalog, type Catalog, type LocalTool } from '../catalog/catalog.js';
import { createPolicy } from '../catalog/rules.js';
import { serverPolicy } from '../catalog/server-policy.js';
import { createView, type View } from '../catalog/view.js';
import type { GatewayConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { ServerView } from '../upstream/pool-api.js';

export interface CatalogCache {
  catalog(): Catalog;
  // All servers (no group) or one group's; an unknown group throws.
  view(group?: string): View;
  // Whether a group's view has the server (a group a reload removed sees nothing).
  sees(group: string | undefined, server: string): boolean;
  // Forgets the catalog and every view; the next read rebuilds them.
  invalidate(): void;
}

export interface CatalogCacheOptions {
  // Read at each rebuild: the config in force, the pool's servers, the gateway's own tools.
  config: () => GatewayConfig;
  servers: () => readonly ServerView[];
  locals: () => readonly LocalTool[];
  log: Logger;
}

export function createCatalogCache(options: CatalogCacheOptions): CatalogCache {
  const { log } = options;
  let catalog: Catalog | undefined;
  let views = new Map<string, View>();
  // Naming notes (cleaned, shortened, collisions) are logged once each, not on every rebuild.
  const noted = new Set<string>();
  const note = (warning: string, loud: boolean) => {
    if (noted.has(warning)) return;
    noted.add(warning);
    if (loud) log.warn(warning);
    else log.info(warning);
  };

  const cache: CatalogCache = {
    catalog() {
      if (catalog) return catalog;
      const config = options.config();
      catalog = buildCatalog(
        options.servers().map((u) => ({
          server: u.name,
          snapshot: u.snapshot,
          listable: u.listable,
          prefix: u.config.prefix,
          ...serverPolicy(
            config.servers.find((s) => s.name === u.name),
            u.snapshot.serverInfo,
          ),
        })),
        options.locals(),
        config.settings.separator,
        config.settings.maxNameLength,
      );
      // A collision changes a name a user may rely on; a cleaned or shortened name is routine.
      for (const warning of catalog.warnings)
        note(warning, warning.includes('collides') || warning.startsWith('mcpServers.'));
      return catalog;
    },
    view(group) {
      const key = group ?? '';
      const cached = views.get(key);
      if (cached) return cached;
      const config = options.config();
      const descriptions = new Map(
        config.servers.flatMap((s) => (s.description ? [[s.name, s.description] as const] : [])),
      );
      const consolidate = group !== undefined && config.groups.get(group)?.consolidate === true;
      const view = createView(cache.catalog(), createPolicy(config, group), group, descriptions, {
        consolidate,
        separator: config.settings.separator,
      });
      for (const warning of view.warnings) note(warning, true);
      views.set(key, view);
      return view;
    },
    sees(group, server) {
      try {
        return cache.view(group).hasServer(server);
      } catch {
        return false;
      }
    },
    invalidate() {
      catalog = undefined;
      views = new Map();
    },
  };
  return cache;
}
