// The Gateway shared by every client session: openGateway composes it from the pieces in gateway/ (plugins and local
// tools, the catalog cache, the change coalescer, the event bus, sessions, semantic search) and the upstream pool.
import type { ClientCapabilities, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog } from './catalog/catalog.js';
import type { View } from './catalog/view.js';
import type { SemanticSearch } from './catalog/search/embeddings.js';
import { gatewayInstructions } from './instructions.js';
import type { GatewayConfig } from './config/schema.js';
import { messageOf } from './errors.js';
import type { SessionPort } from './session-routing.js';
import { createLogger, type Logger } from './log.js';
import type { HookHost } from './pipeline/host.js';
import type { Plugin } from './pipeline/types.js';
import { createPool, type Pool } from './upstream/pool.js';
import { createBrokerLink } from './broker/link.js';
import type { UpstreamStatus } from './upstream/context.js';
import { upstreamClientCapabilities } from './server/extensions.js';
import { sessionCapabilities } from './gateway/capabilities.js';
import { createCatalogCache } from './gateway/catalog-cache.js';
import { createChangeCoalescer, type ChangeKind } from './gateway/change-coalescer.js';
import { createEventBus, type GatewayEvent } from './gateway/events.js';
import { openPluginHost } from './gateway/plugin-host.js';
import { createSemanticSlot } from './gateway/semantic.js';
import { createSessionRegistry } from './gateway/sessions.js';

export type { GatewayEvent } from './gateway/events.js';

export { countInFlight, type SessionPort } from './session-routing.js';

export interface Gateway {
  readonly config: GatewayConfig;
  readonly log: Logger;
  // The upstreams as readers see them: views, status and verbs by server name (upstream/pool-api.ts).
  readonly pool: Pool;
  readonly hooks: HookHost;
  // The semantic search signal when settings.search.embeddings names an endpoint.
  readonly semantic?: SemanticSearch;
  view(group?: string): View;
  catalog(): Catalog;
  // With a session's group and client: plus the extensions offered to it (MCP Apps, Skills).
  capabilities(group?: string, client?: ClientCapabilities): ServerCapabilities;
  // What the session's client is told: one line about the gateway, then each member server's own instructions.
  instructions(group?: string): string;
  // The upstreams a group shows (every enabled one without a group), config order.
  statuses(group?: string): UpstreamStatus[];
  // Child processes not yet confirmed gone, even while the pool is closing.
  livePids(): number[];
  subscribe(listener: (event: GatewayEvent) => void): () => void;
  attach(session: SessionPort): () => void;
  setClientCapabilities(caps: ClientCapabilities): void;
  // Creates the upstreams from the config (listing from the cache) without connecting them.
  prepare(): Promise<void>;
  // Connects the upstreams (idempotent); call setClientCapabilities first where the client is known.
  start(): Promise<void>;
  reload(config: GatewayConfig, plugins?: Plugin[]): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  config: GatewayConfig;
  plugins?: Plugin[];
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  // Client capabilities to declare upstream before any client connects (HTTP mode declares all of them).
  clientCapabilities?: ClientCapabilities;
  // Plugins from code (createGateway), kept after the config's plugins when a reload replaces those.
  extraPlugins?: Plugin[];
  // False for one-shot inspection: upstream failures are final instead of retried.
  retry?: boolean;
}

// Builds a gateway; plugins' setup runs first, so a failing plugin stops startup with a clear error.
export async function openGateway(options: GatewayOptions): Promise<Gateway> {
  let config = options.config;
  const log =
    options.log ?? createLogger(config.settings.logLevel ? { level: config.settings.logLevel } : {});
  // A plugin asking for a fresh listing during setup changes nothing; once the gateway is built it is a tools change.
  let pluginChanged = (): void => undefined;
  const plugins = await openPluginHost({
    plugins: options.plugins ?? [],
    extraPlugins: options.extraPlugins ?? [],
    config: () => config,
    log,
    statuses: (group) => gateway.statuses(group),
    notifyListChanged: () => pluginChanged(),
  });
  let clientCaps: ClientCapabilities = options.clientCapabilities ?? {};
  let prepared = false;
  const bus = createEventBus();
  const semantic = createSemanticSlot(config, options.env ?? process.env, log);
  const sessions = createSessionRegistry((group, server) => cache.sees(group, server));
  const pool = createPool({
    log,
    ...(options.env && { env: options.env }),
    settings: config.settings,
    clientCapabilities: () => clientCaps,
    preConnect: (server) => plugins.hooks.preConnect(server),
    onServerRequest: (server, request, signal) => sessions.route(server, request, signal),
    onNotification: (server, notification) => bus.emit({ type: 'notification', server, notification }),
    ...(options.retry !== undefined && { retry: options.retry }),
    // "share": stdio upstreams run in the per-user broker; one-shot inspection (`gw tools`) never starts one.
    ...(config.settings.share &&
      options.retry !== false && { share: createBrokerLink(config.settings, log, options.env) }),
  });
  const cache = createCatalogCache({
    config: () => config,
    servers: () => pool.servers(),
    locals: () => plugins.locals,
    log,
  });
  // Tool vectors follow the catalog (once the upstreams exist).
  const refreshVectors = () => {
    if (prepared) semantic.refresh(() => cache.view().searchDocs());
  };
  const invalidate = () => {
    cache.invalidate();
    refreshVectors();
  };
  // The catalog is dropped at once, so a call read in the same turn as an upstream's new lists finds their tools (it
  // used to wait for the burst's flush, and a call in between got "Unknown tool" from a server already ready); it is
  // rebuilt lazily. The search vectors and the clients' list_changed follow once per burst.
  const changes = createChangeCoalescer((events) => {
    refreshVectors();
    for (const type of events) bus.emit({ type });
  });
  const changed = (what: ChangeKind) => {
    cache.invalidate();
    changes.changed(what);
  };
  pluginChanged = () => changed('tools');
  pool.events.on('changed', (_server, what) => changed(what));
  pool.events.on('state', () => bus.emit({ type: 'status' }));
  const members = (group: string | undefined) => pool.servers().filter((u) => cache.sees(group, u.name));

  const gateway: Gateway = {
    get config() {
      return config;
    },
    log,
    pool,
    get hooks() {
      return plugins.hooks;
    },
    get semantic() {
      return semantic.current;
    },
    catalog: () => cache.catalog(),
    view: (group) => cache.view(group),
    capabilities: (group, client) => sessionCapabilities(client, () => members(group)),
    instructions(group) {
      const view = cache.view(group);
      return gatewayInstructions(
        pool.servers().filter((u) => view.hasServer(u.name)),
        view,
        config.settings,
        plugins.hooks,
      );
    },
    statuses(group) {
      if (group === undefined) return pool.status();
      const view = cache.view(group);
      return pool.status().filter((s) => view.hasServer(s.name));
    },
    livePids: () => pool.livePids(),
    subscribe: (listener) => bus.subscribe(listener),
    attach: (session) => sessions.attach(session),
    setClientCapabilities(caps) {
      clientCaps = upstreamClientCapabilities(caps);
    },
    async prepare() {
      if (prepared) return;
      prepared = true;
      await pool.apply(config.servers);
      invalidate();
    },
    async start() {
      await gateway.prepare();
      pool.run();
    },
    // Plugins first (a failing setup keeps the running config), then the config, local tools, upstreams, and one
    // list_changed of each kind.
    async reload(next, nextPlugins) {
      if (nextPlugins) await plugins.replace(nextPlugins, next);
      semantic.follow(next);
      config = next;
      plugins.refreshLocals();
      if (prepared) await pool.apply(next.servers);
      invalidate();
      for (const type of ['tools', 'prompts', 'resources'] as const) bus.emit({ type });
    },
    async close() {
      bus.clear();
      await pool.close().catch((error: unknown) => log.error(`closing upstreams: ${messageOf(error)}`));
      await plugins.close();
    },
  };
  return gateway;
}
