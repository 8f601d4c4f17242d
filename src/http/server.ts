// `gw serve --http`: the hono app (app.ts) on a Node server in front of one shared Gateway; listening, limits and the drain on SIGTERM.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { GatewayConfig } from '../config/schema.js';
import { openStore } from '../config/store.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { beginServing, runUntilStopped, type Serving } from '../server/lifecycle.js';
import type { AdminContext } from './admin.js';
import { createHttpApp } from './app.js';
import { drain } from './drain.js';
import { closeModern, modernInFlight } from '../server/modern/http.js';
import { createCredentials, type Credentials } from './credentials.js';
import { createGuard, type Guard } from './guard.js';
import { applyLimits, serverOptions, type HttpLimits } from './limits.js';
import type { McpContext } from './mcp.js';
import { createReadiness, type ReadyPolicy } from './ready.js';
import { createSessionRegistry } from './sessions.js';
import type { TokenCheck } from './token.js';
import { SKILLS_EXTENSION, UI_EXTENSION } from '../server/scoped-uris.js';

export interface ServeHttpOptions {
  gateway: Gateway;
  host: string;
  port: number;
  // The client token; undefined with --no-auth.
  token: TokenCheck | undefined;
  // Where the admin and group tokens live.
  stateDir: string;
  allowOrigins: string[];
  allowHosts: string[];
  admin: boolean;
  idleMs: number;
  maxSessions: number;
  maxBody: number;
  limits: HttpLimits;
  // /readyz: which upstreams must be ready (see ready.ts).
  ready: ReadyPolicy;
  // On SIGTERM, how long calls in flight may take to finish before the sessions are closed.
  drainMs: number;
  watchFile?: string;
  loadedText?: string;
  adjust?: (config: GatewayConfig) => GatewayConfig;
  // Told the base URL once listening (with the real port when --port 0).
  onListening?: (url: string) => void;
}

// Every server→client request an upstream may send is declared upstream: many clients share each upstream,
// and a session whose client lacks the capability answers with an error (see forwardToClient).
// Extensions too: each session is offered MCP Apps only when its own client declares it.
const HTTP_CLIENT_CAPABILITIES = {
  sampling: {},
  elicitation: {},
  roots: { listChanged: true },
  extensions: { [UI_EXTENSION]: { mimeTypes: ['text/html;profile=mcp-app'] }, [SKILLS_EXTENSION]: {} },
};

export async function serveHttp(options: ServeHttpOptions): Promise<void> {
  const { gateway } = options;
  gateway.setClientCapabilities(HTTP_CLIENT_CAPABILITIES);
  const serving = await beginServing({ ...options, mode: 'http' });
  void gateway.start();
  const registry = createSessionRegistry({ idleMs: options.idleMs, max: options.maxSessions, log: gateway.log.child('http') });
  const mcp: McpContext = { gateway, registry, maxBody: options.maxBody };
  const admin = options.admin ? adminContext(gateway, serving) : undefined;
  const startedAt = Date.now();
  const credentials: Credentials = createCredentials({ client: options.token, stateDir: options.stateDir, admin: admin !== undefined });
  // Set once listening (the Host check needs the real port); until then every request is refused.
  // eslint-disable-next-line prefer-const
  let guard: Guard | undefined;

  const readiness = createReadiness(gateway, options.ready);
  const app = createHttpApp({ gateway, mcp, credentials, guard: () => guard, readiness, admin, allowOrigins: options.allowOrigins, startedAt });
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: serverOptions(options.limits),
    // hono's Request/Response stay local to the app: the SDK transports build their own.
    overrideGlobalObjects: false,
  }) as Server;

  // Sessions of a group that a reload removed are ended: their view no longer exists.
  const unsubscribe = gateway.subscribe((event) => {
    if (event.type !== 'tools') return;
    for (const s of registry.all()) {
      const g = s.session.info.group;
      if (g !== undefined && !gateway.config.groups.has(g)) registry.remove(s.id, `group '${g}' was removed`);
    }
  });

  applyLimits(server, options.limits, gateway.log.child('http'));
  let address: AddressInfo;
  try {
    address = await listen(server, options.host, options.port);
  } catch (error) {
    unsubscribe();
    serving.close();
    await registry.closeAll();
    await gateway.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new GatewayError(
      'USAGE',
      `cannot listen on ${options.host}:${options.port}: ${code === 'EADDRINUSE' ? 'the port is in use; pick another with --port (0 picks a free one)' : messageOf(error)}`,
    );
  }
  guard = createGuard({ host: options.host, port: address.port, allowHosts: options.allowHosts, allowOrigins: options.allowOrigins });
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  options.onListening?.(base);
  gateway.log.info(`serving ${gateway.config.servers.filter((s) => s.enabled).length} servers at ${base}/mcp${admin ? `, admin API at ${base}/admin` : ''}`);

  await runUntilStopped(gateway, {
    graceMs: options.drainMs,
    close: async () => {
      unsubscribe();
      serving.close();
      // Draining: /readyz fails, no new connection is accepted (idle ones are closed), calls in flight finish.
      readiness.drain();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await drain(registry, options.drainMs, gateway.log.child('http'), () => modernInFlight(gateway));
      await closeModern(gateway);
      await registry.closeAll();
      server.closeAllConnections();
      await closed;
    },
  });
}

function adminContext(gateway: Gateway, serving: Serving): AdminContext | undefined {
  const file = gateway.config.path;
  if (!file) return undefined;
  return { gateway, store: openStore(file), reload: (force) => serving.reload({ force: force ?? false }) };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
