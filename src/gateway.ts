// The Gateway shared by every client session: config, plugins and hooks, the upstream pool, the catalog and its views.
import type { ClientCapabilities, Notification, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { buildCatalog, type Catalog, type LocalTool } from './catalog/catalog.js';
import { createPolicy } from './catalog/rules.js';
import { createView, type View } from './catalog/view.js';
import { openSemanticSearch, type SemanticSearch } from './catalog/search/embeddings.js';
import { serverPolicy } from './catalog/server-policy.js';
import { gatewayInstructions } from './instructions.js';
import type { GatewayConfig } from './config/schema.js';
import { messageOf } from './errors.js';
import { routeServerRequest, type SessionPort } from './session-routing.js';
import { createLogger, type Logger } from './log.js';
import { createHookHost, type HookHost } from './pipeline/host.js';
import type { Plugin } from './pipeline/types.js';
import { closePlugins, pluginTools, setupPlugins } from './plugins/lifecycle.js';
import { createMetaTools } from './server/meta-tools.js';
import { createStatusTool } from './server/status-tool.js';
import type { ListKind } from './upstream/lists.js';
import { createPool, type Pool } from './upstream/pool.js';
import { createBrokerLink } from './broker/link.js';
import type { UpstreamStatus } from './upstream/context.js';
import { offeredExtensions, offeredTasks, upstreamClientCapabilities } from './server/extensions.js';

export type GatewayEvent =
  | { type: 'tools' | 'prompts' | 'resources' | 'status' }
  | { type: 'notification'; server: string; notification: Notification };

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

// Builds a gateway; plugins' setup runs here, so a failing plugin stops startup with a clear error.
export async function openGateway(options: GatewayOptions): Promise<Gateway> {
  let config = options.config;
  const log =
    options.log ?? createLogger(config.settings.logLevel ? { level: config.settings.logLevel } : {});
  // Plugins given in code stay after the config's plugins across every reload (a reload only replaces the config's).
  const extraPlugins = options.extraPlugins ?? [];
  let plugins = [...(options.plugins ?? []), ...extraPlugins];
  // Plugins may ask for a fresh listing once the gateway is running (the functions it calls are defined below).
  let onPluginChange = () => {};
  const notifyListChanged = () => onPluginChange();
  await setupPlugins(plugins, config, log, notifyListChanged);
  let hooks = createHookHost(plugins, log);
  const computeLocals = (): LocalTool[] => [
    ...createMetaTools(() => config),
    ...(config.settings.statusTool ? [createStatusTool((group) => gateway.statuses(group))] : []),
    ...pluginTools(plugins),
  ];
  let locals: LocalTool[] = [];
  let clientCaps: ClientCapabilities = options.clientCapabilities ?? {};
  const listeners = new Set<(event: GatewayEvent) => void>();
  const sessions = new Set<SessionPort>();
  let catalog: Catalog | undefined;
  let views = new Map<string, View>();
  let prepared = false;
  let pending: Set<string> | undefined;
  // Naming notes (cleaned, shortened, collisions) are logged once each, not on every catalog rebuild.
  const noted = new Set<string>();

  const emit = (event: GatewayEvent) => {
    for (const l of listeners) l(event);
  };
  let semantic = openSemanticSearch(config, options.env ?? process.env, log);
  const invalidate = () => {
    catalog = undefined;
    views = new Map();
    // Tool vectors follow the catalog, computed in the background once this turn's changes have landed.
    if (semantic && prepared) setImmediate(() => semantic?.update(gateway.view().searchDocs()));
  };
  // Coalesces bursts of upstream changes (ten servers becoming ready together) into one rebuild and one list_changed.
  const changed = (what: ListKind | 'state') => {
    const kind = what === 'state' ? 'tools' : what === 'resourceTemplates' ? 'resources' : what;
    if (!pending) {
      pending = new Set();
      setImmediate(() => {
        const kinds = pending ?? new Set<string>();
        pending = undefined;
        invalidate();
        if (kinds.has('tools')) emit({ type: 'tools' });
        if (kinds.has('prompts') || kinds.has('tools')) emit({ type: 'prompts' });
        if (kinds.has('resources') || kinds.has('tools')) emit({ type: 'resources' });
      });
    }
    pending.add(kind);
    if (what === 'state') pending.add('prompts').add('resources');
  };

  onPluginChange = () => changed('tools');

  const pool = createPool({
    log,
    ...(options.env && { env: options.env }),
    settings: config.settings,
    clientCapabilities: () => clientCaps,
    preConnect: (server) => hooks.preConnect(server),
    onServerRequest: (server, request, signal) => routeServerRequest(sessions, sees, server, request, signal),
    onNotification: (server, notification) => emit({ type: 'notification', server, notification }),
    ...(options.retry !== undefined && { retry: options.retry }),
    // "share": stdio upstreams run in the per-user broker; one-shot inspection (`gw tools`) never starts one.
    ...(config.settings.share &&
      options.retry !== false && { share: createBrokerLink(config.settings, log, options.env) }),
  });

  pool.events.on('changed', (_server, what) => changed(what));
  pool.events.on('state', () => emit({ type: 'status' }));
  // Whether a group's view has the server (a group a reload removed sees nothing).
  function sees(group: string | undefined, server: string): boolean {
    try {
      return gateway.view(group).hasServer(server);
    } catch {
      return false;
    }
  }

  locals = computeLocals();

  const gateway: Gateway = {
    get config() {
      return config;
    },
    log,
    pool,
    get hooks() {
      return hooks;
    },
    get semantic() {
      return semantic;
    },
    catalog() {
      catalog ??= buildCatalog(
        pool.servers().map((u) => ({
          server: u.name,
          snapshot: u.snapshot,
          listable: u.listable,
          prefix: u.config.prefix,
          ...serverPolicy(
            config.servers.find((s) => s.name === u.name),
            u.snapshot.serverInfo,
          ),
        })),
        locals,
        config.settings.separator,
        config.settings.maxNameLength,
      );
      for (const warning of catalog.warnings) {
        if (noted.has(warning)) continue;
        noted.add(warning);
        // A collision changes a name a user may rely on; a cleaned or shortened name is routine.
        if (warning.includes('collides') || warning.startsWith('mcpServers.')) log.warn(warning);
        else log.info(warning);
      }
      return catalog;
    },
    view(group) {
      const key = group ?? '';
      let view = views.get(key);
      if (!view) {
        const descriptions = new Map(
          config.servers.flatMap((s) => (s.description ? [[s.name, s.description] as const] : [])),
        );
        const consolidate = group !== undefined && config.groups.get(group)?.consolidate === true;
        view = createView(gateway.catalog(), createPolicy(config, group), group, descriptions, {
          consolidate,
          separator: config.settings.separator,
        });
        for (const warning of view.warnings.filter((w) => !noted.has(w))) {
          noted.add(warning);
          log.warn(warning);
        }
        views.set(key, view);
      }
      return view;
    },
    capabilities(group, client) {
      if (!client) return gatewayCapabilities();
      const members = pool.servers().filter((u) => sees(group, u.name));
      const extensions = offeredExtensions(members, client);
      const tasks = offeredTasks(members);
      return { ...gatewayCapabilities(), ...(extensions && { extensions }), ...(tasks && { tasks }) };
    },
    instructions(group) {
      const view = gateway.view(group);
      return gatewayInstructions(
        pool.servers().filter((u) => view.hasServer(u.name)),
        view,
        config.settings,
        hooks,
      );
    },
    statuses(group) {
      if (group === undefined) return pool.status();
      const view = gateway.view(group);
      return pool.status().filter((s) => view.hasServer(s.name));
    },
    livePids: () => pool.livePids(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(session) {
      sessions.add(session);
      return () => sessions.delete(session);
    },
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
    async reload(next, nextPlugins) {
      if (nextPlugins) {
        await setupPlugins(nextPlugins, next, log, notifyListChanged);
        const old = plugins;
        plugins = [...nextPlugins, ...extraPlugins];
        hooks = createHookHost(plugins, log);
        await closePlugins(
          old.filter((p) => !extraPlugins.includes(p)),
          log,
        );
      }
      if (JSON.stringify(next.settings.search) !== JSON.stringify(config.settings.search))
        semantic = openSemanticSearch(next, options.env ?? process.env, log);
      config = next;
      locals = computeLocals();
      if (prepared) await pool.apply(next.servers);
      invalidate();
      emit({ type: 'tools' });
      emit({ type: 'prompts' });
      emit({ type: 'resources' });
    },
    async close() {
      listeners.clear();
      await pool.close().catch((error: unknown) => log.error(`closing upstreams: ${messageOf(error)}`));
      await closePlugins(plugins, log);
    },
  };
  return gateway;
}

// Everything the gateway can pass through, always. Capabilities are fixed at initialize, while upstreams come and go
// (a live reload adds one, a cache is stale, a lazy server was never started): with no upstream offering prompts,
// prompts/list is simply empty. Resources are always there: the gateway itself serves gateway://status.
function gatewayCapabilities(): ServerCapabilities {
  return {
    tools: { listChanged: true },
    prompts: { listChanged: true },
    resources: { listChanged: true, subscribe: true },
    completions: {},
    logging: {},
  };
}
