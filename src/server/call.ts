// The tools/call path: lookup by map → hooks (only when registered) → the upstream, with progress, cancellation and timeouts carried through.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, JSONRPCRequest, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { LocalToolContext, ToolEntry, ToolSession } from '../catalog/catalog.js';
import { countInFlight, type Gateway, type SessionPort } from '../gateway.js';
import { errorResult, unknownToolResult, upstreamErrorResult } from '../pipeline/results.js';
import type { SessionInfo, TaskNote, ToolCallContext } from '../pipeline/types.js';
import { GatewayError, isGatewayError, messageOf } from '../errors.js';
import { wireErrors } from '../wire.js';
import { argumentCheckFor, healUpstreamResult, withCallHint } from './validate-arguments.js';
import { scopeResult } from './scoped-uris.js';
import { createLoginOffer, type SendNotification } from './login-offer.js';
import type { TaskRouter } from './tasks.js';
import { prepareArguments } from '../catalog/overrides.js';
import { truncateResult } from '../catalog/client-hints.js';
import { TARGET_PARAM } from '../catalog/consolidate.js';
import { toolSignature } from '../catalog/signature.js';
import type { Visibility } from './visibility.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type AsSession = (session: SessionInfo) => SessionInfo;

// Only what routing needs is checked here; the arguments are checked against the tool's inputSchema once it is found.
const CallRequestSchema = z.looseObject({
  method: z.literal('tools/call'),
  params: z.looseObject({ name: z.string(), arguments: z.unknown().optional(), _meta: z.unknown().optional() }),
});

// A server of this session's view that is failed or restarting and whose tools would be named `<server><sep>…`:
// the likely reason a name is unknown right now.
function downServerFor(name: string, gateway: Gateway, visibility: Visibility): string | undefined {
  const sep = gateway.config.settings.separator;
  const v = visibility.view();
  const down = gateway.pool.servers().find((u) => name.startsWith(`${u.name}${sep}`) && v.hasServer(u.name) && (u.state === 'failed' || u.state === 'restarting'));
  if (!down) return undefined;
  const why = down.lastError ? `: ${down.lastError}` : '';
  return `server '${down.name}' is ${down.state === 'failed' ? 'failed' : 'restarting'}${why}`;
}

export function installCallHandler(
  server: Server,
  gateway: Gateway,
  session: SessionInfo,
  visibility: Visibility,
  port: SessionPort,
  tasks?: TaskRouter,
): void {
  const checkArguments = argumentCheckFor(gateway);
  const offerLogin = createLoginOffer(gateway, session);
  // Invalid arguments throw an RpcError (-32602) that names the field and shows the tool's signature.
  // `as` gives an inner call of a code-mode run the session its hooks see (the run's id, its batch approval).
  const callTool = async (name: string, rawArgs: Record<string, unknown>, signal: AbortSignal, extra: Extra | undefined, task?: Record<string, unknown>, as?: AsSession) => {
    const found = await visibility.lookupOrWait(name, signal);
    if (!found) return unknownToolResult(name, downServerFor(name, gateway, visibility));
    const { entry, args } = found.members ? routeByTarget(found, rawArgs) : { entry: found, args: rawArgs };
    if (entry.override) {
      // Checked against what the client was shown (hidden parameters gone, defaulted ones optional), then completed.
      const prepared = prepareArguments(entry.override, args);
      if (prepared.refused !== undefined) {
        const why = `'${prepared.refused}' is not a parameter of this tool (gateway.json hides it)`;
        throw new GatewayError('INVALID_PARAMS', `Invalid arguments for tool '${entry.name}': ${why}. Call it as ${toolSignature(entry.name, entry.exposed.inputSchema)}.`);
      }
      const invalid = checkArguments(entry.name, entry.exposed, args);
      if (invalid) throw new GatewayError('INVALID_PARAMS', invalid.message, { data: invalid.data });
      if (task && tasks) return startTask(entry, prepared.args, signal, task, tasks);
      return callUpstream(entry, prepared.args, signal, extra, as);
    }
    const invalid = checkArguments(entry.name, entry.tool, args);
    if (invalid) throw new GatewayError('INVALID_PARAMS', invalid.message, { data: invalid.data });
    if (entry.local) return runLocal(entry, args, signal);
    if (task && tasks) return startTask(entry, args, signal, task, tasks);
    return callUpstream(entry, args, signal, extra, as);
  };

  // The catalog's current entry for a member of one of this view's consolidated tools.
  const memberOf = (name: string): ToolEntry | undefined => {
    const view = visibility.view();
    const isMember = view.tools.some((t) => t.members && [...t.members.values()].some((m) => m.name === name));
    return isMember ? view.catalog.toolsByName.get(name) : undefined;
  };

  // A consolidated tool: checked against its own schema (target is an enum of its servers), then the member's call.
  const routeByTarget = (entry: ToolEntry, args: Record<string, unknown>): { entry: ToolEntry; args: Record<string, unknown> } => {
    const invalid = checkArguments(entry.name, entry.exposed, args);
    if (invalid) throw new GatewayError('INVALID_PARAMS', invalid.message, { data: invalid.data });
    const { [TARGET_PARAM]: target, ...rest } = args;
    const member = typeof target === 'string' ? entry.members?.get(target) : undefined;
    if (!member) throw new GatewayError('INVALID_PARAMS', `Invalid arguments for tool '${entry.name}': '${TARGET_PARAM}' must be one of ${[...(entry.members?.keys() ?? [])].join(', ')}.`);
    return { entry: member, args: rest };
  };

  const runLocal = async (entry: ToolEntry, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> => {
    const ctx: LocalToolContext = { signal, session: meta };
    try {
      return (await entry.local?.handler(args, ctx)) as CallToolResult;
    } catch (error) {
      return errorResult(`Tool '${entry.name}' failed: ${messageOf(error)}`);
    }
  };

  const callUpstream = (entry: ToolEntry, args: Record<string, unknown>, signal: AbortSignal, extra: Extra | undefined, as?: AsSession) => {
    const upstream = gateway.pool.server(entry.server);
    if (!upstream) return Promise.resolve(unknownToolResult(entry.name));
    const progressToken = (extra?._meta as { progressToken?: string | number } | undefined)?.progressToken;
    const invoke = async (ctx: { arguments: Record<string, unknown> }): Promise<CallToolResult> => {
      countInFlight(port, upstream.name, 1);
      // Progress is relayed in order and always before the result (over HTTP a late one would be lost with its stream).
      let relayed: Promise<void> = Promise.resolve();
      const onprogress =
        progressToken !== undefined && extra
          ? (p: Record<string, unknown>) => {
              const params = { ...p, progressToken } as { progressToken: string | number; progress: number };
              relayed = relayed.then(() => extra.sendNotification({ method: 'notifications/progress', params })).catch(() => undefined);
            }
          : undefined;
      try {
        const send = () =>
          gateway.pool.call(upstream.name, entry.tool.name, ctx.arguments, { signal, ...(onprogress && { onprogress }) });
        // A server that needs a login: offered to the user through URL elicitation when the client can, then sent again.
        const result = (await send().catch(async (error: unknown) => {
          if (!(await offerLogin(upstream, error, signal, extra?.sendNotification as SendNotification | undefined))) throw error;
          return send();
        })) as CallToolResult;
        await relayed;
        return scopeResult(healUpstreamResult(result, entry), upstream.name);
      } catch (error) {
        return withCallHint(upstreamErrorResult(upstream.name, entry.tool.name, error, upstream.config.timeout, gateway.pool.describeExit(upstream.name)), error, entry);
      } finally {
        countInFlight(port, upstream.name, -1);
      }
    };
    const hooks = gateway.hooks;
    const result = hooks.hasCallHooks ? governed(entry, args, signal, invoke, as) : invoke({ arguments: args });
    const limit = entry.maxResultChars;
    return limit === undefined ? result : result.then((r) => truncateResult(r, limit));
  };

  // A task-augmented call: governed like a plain one, around the whole task (its result is what postToolCall sees).
  const startTask = (entry: ToolEntry, args: Record<string, unknown>, signal: AbortSignal, task: Record<string, unknown>, router: TaskRouter) => {
    const upstream = gateway.pool.server(entry.server);
    if (!upstream) return Promise.resolve(unknownToolResult(entry.name));
    // Counted in flight for the task's whole life, so that its server's requests (elicitation) reach this session.
    const wrap = (invoke: (ctx: { arguments: Record<string, unknown> }) => Promise<CallToolResult>) => async (ctx: { arguments: Record<string, unknown> }) => {
      countInFlight(port, upstream.name, 1);
      try {
        return scopeResult(await invoke(ctx), upstream.name);
      } catch (error) {
        return upstreamErrorResult(upstream.name, entry.tool.name, error, upstream.config.timeout, gateway.pool.describeExit(upstream.name));
      } finally {
        countInFlight(port, upstream.name, -1);
      }
    };
    const note: TaskNote = {};
    return router.start(upstream.name, entry.tool.name, task, note, (invoke) =>
      gateway.hooks.hasCallHooks ? governed(entry, args, signal, wrap(invoke), undefined, note) : wrap(invoke)({ arguments: args }),
    );
  };

  // Hooks judge the upstream's live definition: while an upstream still lists from the cache, wait for it first.
  const governed = async (
    listed: ToolEntry,
    args: Record<string, unknown>,
    signal: AbortSignal,
    invoke: (ctx: { arguments: Record<string, unknown> }) => Promise<CallToolResult>,
    as?: AsSession,
    task?: TaskNote,
  ): Promise<CallToolResult> => {
    let entry = listed;
    const upstream = gateway.pool.server(entry.server);
    if (upstream && !upstream.fresh) {
      await gateway.pool.ready(upstream.name, { signal }).catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      // A member of a consolidated tool is not listed under its own name; its refreshed entry is the catalog's.
      const current = (await visibility.lookup(entry.name)) ?? memberOf(entry.name);
      if (!current) return unknownToolResult(entry.name);
      entry = current;
    }
    const ctx: ToolCallContext = {
      name: entry.name,
      server: entry.server,
      tool: entry.tool.name,
      arguments: args,
      group: session.group,
      client: session.client,
      signal,
      session: as ? as(session) : session,
      definition: entry.tool,
      state: {},
      ...(task && { task }),
    };
    return gateway.hooks.runCall(ctx, invoke);
  };

  // The session object meta-tools see: visibility plus the same governed call path.
  const meta: ToolSession = {
    ...session,
    visibleTools: () => visibility.tools(),
    lookupOrWait: (name: string, signal?: AbortSignal) => visibility.lookupOrWait(name, signal),
    searchVisible: async (q: string, limit: number, server?: string, alternatives?: readonly string[]) => {
      await visibility.settled();
      return visibility.search(q, limit, server, alternatives);
    },
    startingServers: () => visibility.unknownServers(),
    // Inside invoke_tool, invalid arguments are the inner call's error result, not an error of invoke_tool itself.
    // Without a task parameter the answer is a CallToolResult, never a CreateTaskResult.
    callTool: (name: string, args: Record<string, unknown>, ctx: LocalToolContext & { as?: AsSession }) =>
      (callTool(name, args, ctx.signal, undefined, undefined, ctx.as) as Promise<CallToolResult>).catch((error: unknown) => {
        if (isGatewayError(error, 'INVALID_PARAMS')) return errorResult(error.message);
        throw error;
      }),
  };

  // Registered as the SDK's fallbackRequestHandler (public API: the handler for any method without its own), not with
  // Server.setRequestHandler, whose tools/call wrapper re-validates every request and every result against the
  // spec's schemas: the gateway checks only what routing needs and passes upstream results on as they came (the client
  // validates them). Only tools/call has no handler of its own here; any other unhandled method is answered as the SDK
  // would answer it.
  server.fallbackRequestHandler = wireErrors(async (raw: JSONRPCRequest, extra: Extra) => {
    if (raw.method !== 'tools/call') throw new GatewayError('METHOD_NOT_FOUND', 'Method not found');
    const parsed = CallRequestSchema.safeParse(raw);
    if (!parsed.success) throw new GatewayError('INVALID_PARAMS', `Invalid tools/call request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
    const request = parsed.data;
    port.lastActive = Date.now();
    const { name, arguments: rawArgs } = request.params;
    if (rawArgs !== undefined && (typeof rawArgs !== 'object' || rawArgs === null || Array.isArray(rawArgs))) {
      return errorResult(`Tool '${name}': arguments must be an object.`);
    }
    const task = (request.params as { task?: unknown }).task;
    const taskParams = typeof task === 'object' && task !== null && !Array.isArray(task) ? (task as Record<string, unknown>) : undefined;
    return callTool(name, (rawArgs ?? {}) as Record<string, unknown>, extra.signal, extra, taskParams);
  });
}
