// One DownstreamSession per client connection: its own SDK low-level Server, group scope and client info, over the shared Gateway.
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WireServer } from './wire-server.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ElicitResultSchema,
  ListToolsRequestSchema,
  type ClientCapabilities,
  type Request,
  type Result,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { Gateway, SessionPort } from '../gateway.js';
import type { SessionInfo } from '../pipeline/types.js';
import { VERSION } from '../version.js';
import { installCallHandler } from './call.js';
import { DownstreamStdioTransport } from './stdio-transport.js';
import { installPassthrough } from './passthrough.js';
import { createVisibility, type Visibility } from './visibility.js';
import { scopedListing, TASKS_CAPABILITY } from './extensions.js';
import { installTasks } from './tasks.js';
import { LOOSE_RESULT } from '../upstream/loose-result.js';
import { createRelay, type Relay } from '../relay/relay.js';
import { GatewayError } from '../errors.js';

const SERVER_DESCRIPTION = 'An MCP gateway: many MCP servers served as one, with search_tools to find their tools';

export interface SessionOptions {
  group?: string;
  id?: string;
  // How this session is served, as reported by the gateway://status resource (default stdio).
  mode?: 'stdio' | 'http';
  // Called once the client has initialized (stdio mode starts the upstreams then, knowing the client's capabilities).
  onInitialized?: (capabilities: ClientCapabilities) => void;
}

export interface DownstreamSession {
  readonly id: string;
  readonly server: Server;
  readonly info: SessionInfo;
  readonly visibility: Visibility;
  connect(transport: Transport): Promise<void>;
  // True while a tool call of this session is in progress upstream (a legacy SSE POST is answered 202 long before).
  busy(): boolean;
  // Off: upstreams' server→client requests are not routed to this session (an internal session idle in a pool).
  routable(on: boolean): void;
  close(): Promise<void>;
}

export function createSession(gateway: Gateway, options: SessionOptions = {}): DownstreamSession {
  const group = options.group;
  gateway.view(group); // an unknown group fails here, before anything is served
  const id = options.id ?? randomUUID();
  const server = new WireServer(
    { name: 'fast-gateway', title: 'fast-gateway', version: VERSION, description: SERVER_DESCRIPTION },
    // Only the session's group: a group view shows nothing of the servers outside it.
    // tasks here only lets the SDK take the tasks/* handlers; what a client is offered is decided at initialize (below).
    { capabilities: { ...gateway.capabilities(), tasks: TASKS_CAPABILITY }, instructions: gateway.instructions(group) },
  );
  const log = gateway.log.child(`session:${id.slice(0, 8)}`);
  // Answered at initialize, once the client's own capabilities (the extensions it declares) are known: the SDK reads
  // them through getCapabilities() (private in its types) right after storing the client's.
  (server as unknown as { getCapabilities: () => ServerCapabilities }).getCapabilities = () =>
    gateway.capabilities(group, server.getClientCapabilities() ?? {});

  const info: SessionInfo = {
    id,
    group,
    get client() {
      const v = server.getClientVersion();
      return { name: v?.name ?? 'unknown', version: v?.version ?? '' };
    },
    get capabilities() {
      return server.getClientCapabilities() ?? {};
    },
    async elicit(params, opts) {
      if (!server.getClientCapabilities()?.elicitation) {
        throw new GatewayError('INVALID_REQUEST', 'the client does not support elicitation');
      }
      return server.request({ method: 'elicitation/create', params }, ElicitResultSchema, {
        ...(opts?.signal && { signal: opts.signal }),
        timeout: opts?.timeout ?? 10 * 60_000,
      });
    },
  };

  const port: SessionPort = {
    id,
    group,
    get capabilities() {
      return info.capabilities;
    },
    lastActive: Date.now(),
    inFlight: new Map(),
    forwardRequest: (upstream, request, signal) => forwardToClient(upstream, request, signal),
  };
  let detach = gateway.attach(port);
  const visibility = createVisibility(gateway, info);

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    port.lastActive = Date.now();
    await visibility.settled();
    const { listing, byName } = await visibility.tools();
    return { tools: scopedListing(listing, (name) => (byName.get(name)?.local ? undefined : byName.get(name)?.server)) };
  });
  const tasks = installTasks(server, gateway);
  installCallHandler(server, gateway, info, visibility, port, tasks);
  const unsubscribePassthrough = installPassthrough(server, gateway, info, visibility, port, options.mode ?? 'stdio');

  server.oninitialized = () => options.onInitialized?.(info.capabilities);

  const unsubscribe = gateway.subscribe((event) => {
    if (event.type === 'tools') {
      visibility.invalidate();
      // Only to a client that initialized: a 2026 client on the same stdio pipe hears of changes through subscriptions/listen.
      if (server.getClientCapabilities() !== undefined) void server.sendToolListChanged().catch(() => undefined);
    } else if (event.type === 'prompts') {
      if (server.getClientCapabilities() !== undefined) void server.sendPromptListChanged().catch(() => undefined);
    } else if (event.type === 'resources') {
      if (server.getClientCapabilities() !== undefined) void server.sendResourceListChanged().catch(() => undefined);
    }
  });

  // Upstream → client requests (sampling, elicitation, roots): answered by this client, or a clear error when it cannot.
  async function forwardToClient(upstream: string, request: Request, signal: AbortSignal): Promise<Result> {
    const caps = info.capabilities;
    const needs: Record<string, keyof ClientCapabilities> = {
      'sampling/createMessage': 'sampling',
      'elicitation/create': 'elicitation',
      'roots/list': 'roots',
    };
    const cap = needs[request.method];
    if (cap && !caps[cap]) {
      throw new GatewayError('METHOD_NOT_FOUND', `the client connected to the gateway does not support ${request.method}`);
    }
    log.debug(`forwarding ${request.method} from '${upstream}' to the client`);
    return server.request(request, LOOSE_RESULT, { signal, timeout: 10 * 60_000 });
  }

  let relay: Relay | undefined;
  let closed = false;
  return {
    id,
    server,
    info,
    visibility,
    busy: () => [...port.inFlight.values()].some((n) => n > 0),
    routable(on) {
      detach();
      detach = on && !closed ? gateway.attach(port) : () => undefined;
    },
    connect: (transport) => {
      // Stdio: the relay is offered each message before the SDK Server (src/relay/relay.ts).
      if (transport instanceof DownstreamStdioTransport) {
        const taken = createRelay(gateway, group, port, transport);
        transport.intercept = (message) => taken.offer(message);
        relay = taken;
      }
      return server.connect(transport);
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      unsubscribePassthrough();
      tasks.close();
      relay?.close();
      detach();
      await server.close().catch(() => undefined);
    },
  };
}
