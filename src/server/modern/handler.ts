// Answers one 2026-07-28 request: server/discover here, subscriptions/listen as a stream, everything else run on an
// internal 2025 session of the gateway (so governance is the same in both eras) and answered in the 2026 shape. A call
// resumed where its exchange is not pending (another replica started it) is re-issued with the state's answers.
import type { Gateway } from '../../gateway.js';
import { createExchanges, type Round } from './exchanges.js';
import { reissueRefusal, type Answered } from './replay.js';
import { createInternalPool } from './pool.js';
import type { InternalSession } from './internal-session.js';
import { bindingOf, type StateSigner } from './request-state.js';
import { openListen, type Listen } from './listen.js';
import { createModernTasks } from './tasks.js';
import { errorResponse, modernResult, MODERN_VERSION, stamp, SUPPORTED_VERSIONS, type Envelope, type Message, type RequestId } from './wire.js';
import { CLIENT_CAPABILITIES_KEY, CLIENT_INFO_KEY, PROTOCOL_VERSION_KEY } from './wire.js';

export interface ModernOptions {
  group?: string | undefined;
  mode: 'stdio' | 'http';
  // stdio: one client, so its internal sessions share one session id; HTTP: each request a session id of its own.
  perConnection: boolean;
  signer: StateSigner;
  // What a requestState is bound to besides the request itself (the route, so a state cannot cross groups).
  scope: string;
}

// Where a request's notifications go (progress; a listen stream's changes).
export interface Sink {
  notify(message: Message): void;
}

export interface ModernHandler {
  // The response to a 2026 request; a subscriptions/listen request resolves when its stream ends.
  handle(message: Message, envelope: Envelope, sink: Sink, signal?: AbortSignal): Promise<Message>;
  close(): Promise<void>;
}

// How long an exchange waits for the client's answers (the same bound a 2025 client gets for a forwarded request).
const INPUT_TTL_MS = 10 * 60_000;
// Skills (SEP-2640) travel the same way when the client declares the extension in its capabilities.
const FORWARDED = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'completion/complete', 'skills/list', 'skills/get', 'resources/directory/read']);
const MAY_NEED_INPUT = new Set(['tools/call', 'prompts/get', 'resources/read']);

export function createModernHandler(gateway: Gateway, options: ModernOptions): ModernHandler {
  const pool = createInternalPool(gateway, {
    group: options.group,
    mode: options.mode,
    ...(options.perConnection && { sessionId: `modern-${process.pid}` }),
  });
  const exchanges = createExchanges(options.signer, INPUT_TTL_MS, !options.perConnection);
  const listens = new Set<Listen>();
  const log = gateway.log.child('modern');
  const tasks = createModernTasks(gateway, options);

  async function forward(message: Message, envelope: Envelope, sink: Sink, signal?: AbortSignal): Promise<Message> {
    const method = message.method as string;
    const id = message.id as RequestId;
    const params = tasks.augment(method, internalParams(message.params), envelope);
    const bind = bindingOf(method, message.params, options.scope);
    const state = message.params?.requestState;
    const resumed = MAY_NEED_INPUT.has(method) && typeof state === 'string' ? await exchanges.resume(state, message.params?.inputResponses, bind, id) : undefined;
    let round: Round;
    if (resumed?.kind === 'reissue') {
      const session = await pool.acquire(envelope);
      const refused = (await reissueRefused(session, method, params, id)) ?? resumed.claim();
      if (refused) {
        pool.release(session);
        return refused;
      }
      log.info(`2026 ${method} resumed on a replica that did not start it: re-issued with ${resumed.answered.length} recorded answer(s)`);
      round = await run(session, method, params, sink, bind, signal, resumed.answered);
    } else round = resumed ?? (await run(await pool.acquire(envelope), method, params, sink, bind, signal));
    if (round.kind === 'input') return { jsonrpc: '2.0', id, result: stamp(round.result) };
    const response = round.response;
    if (response.error) return { jsonrpc: '2.0', id, error: response.error };
    return { jsonrpc: '2.0', id, result: tasks.shape(method, modernResult(method, response.result as Record<string, unknown>), envelope) };
  }

  // A re-issue this replica must not make: a tool marked destructive and not idempotent (its entry as the session
  // sees it, waited for while its server starts, so a replica that has not listed it yet does not take it for safe).
  async function reissueRefused(session: InternalSession, method: string, params: Record<string, unknown> | undefined, id: RequestId): Promise<Message | undefined> {
    if (method !== 'tools/call') return undefined;
    const name = String(params?.name);
    const refusal = reissueRefusal((await session.lookup(name))?.exposed.annotations, name);
    return refusal ? errorResponse(id, -32602, `Invalid params: ${refusal}`) : undefined;
  }

  // Runs a request on an internal session; `answered` (a re-issue) answers the upstream's repeated questions.
  async function run(session: InternalSession, method: string, params: Record<string, unknown> | undefined, sink: Sink, bind: string, signal?: AbortSignal, answered?: Answered[]): Promise<Round> {
    session.onNotification = (n) => {
      if (n.method === 'notifications/progress') sink.notify(n);
    };
    const call = session.request(method, params);
    // The client giving up (cancelled, or its HTTP request gone) cancels the call on the session, and upstream.
    const cancel = () => {
      session.notify('notifications/cancelled', { requestId: call.id, reason: 'cancelled by the client' });
      // A cancelled request is never answered: the session is not reused, and closing it ends the wait.
      pool.release(session, true);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      // A task outlives its call and is audited when it ends, as the session it was created on: that session is not
      // lent to another request.
      const release = (discard = false) => pool.release(session, discard || params?.task !== undefined);
      if (MAY_NEED_INPUT.has(method)) return await exchanges.start(session, call.response, bind, release, answered);
      const response = await call.response;
      release();
      return { kind: 'done', response };
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    async handle(message, envelope, sink, signal) {
      const method = message.method as string;
      const id = message.id as RequestId;
      if (method === 'server/discover') {
        const { tasks: offered, ...capabilities } = gateway.capabilities(options.group, envelope.capabilities);
        const instructions = gateway.instructions(options.group);
        return { jsonrpc: '2.0', id, result: stamp({ supportedVersions: [...SUPPORTED_VERSIONS], capabilities: tasks.discover(capabilities, offered), ...(instructions && { instructions }) }) };
      }
      if (method === 'subscriptions/listen') {
        const watch = tasks.watch(message, envelope, sink);
        if (!('agreed' in watch)) return watch;
        const session = await pool.acquire(envelope);
        const listen = openListen(session, message, sink, watch.agreed);
        watch.start();
        listens.add(listen);
        const onAbort = () => listen.stop();
        signal?.addEventListener('abort', onAbort, { once: true });
        const result = await listen.ended;
        listens.delete(listen);
        watch.stop();
        signal?.removeEventListener('abort', onAbort);
        pool.release(session, true);
        return { jsonrpc: '2.0', id, result: stamp(result) };
      }
      if (FORWARDED.has(method) || MAY_NEED_INPUT.has(method)) return tasks.refuse(message, envelope) ?? forward(message, envelope, sink, signal);
      if (tasks.handles(method)) return tasks.handle(message, envelope, signal);
      return errorResponse(id, -32601, `Method not found: ${method} is not a ${MODERN_VERSION} method fast-gateway serves`);
    },
    async close() {
      for (const listen of listens) listen.end();
      exchanges.close();
      await pool.close();
    },
  };
}

// The request as the internal session gets it: without the 2026 envelope keys and the retry fields.
function internalParams(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  const { _meta, inputResponses: _i, requestState: _s, ...rest } = params;
  const meta = { ...(_meta as Record<string, unknown> | undefined) };
  delete meta[PROTOCOL_VERSION_KEY];
  delete meta[CLIENT_CAPABILITIES_KEY];
  delete meta[CLIENT_INFO_KEY];
  return Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}
