// One shared upstream inside the broker: its process and handshake, and every attached session's traffic multiplexed
// onto it (ids and progress tokens remapped per session, notifications fanned out, cancellation per session).
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import type { ProcessId } from '../upstream/descendants.js';
import { describeFailure } from '../upstream/failure.js';
import { probeStdio } from '../upstream/era-probe.js';
import { StdioUpstreamTransport } from '../upstream/stdio-transport.js';
import type { HubEra, SpawnSpec, UpstreamReport } from './protocol.js';
import { createRoutes, type Member, type Rpc } from './routes.js';

export type { Member } from './routes.js';

export interface Hub {
  readonly key: string;
  readonly server: string;
  // Settles once the upstream answered initialize (2025) or server/discover (2026); rejects with a readable reason.
  readonly ready: Promise<void>;
  // Once ready: the era every session speaks to this upstream, and a 2026 upstream's server/discover result.
  readonly era: HubEra;
  readonly discover?: Record<string, unknown>;
  // A 2025 upstream's latest first-page listings (by method), for a session attaching now.
  lists(): Record<string, Record<string, unknown>>;
  readonly members: number;
  attach(member: Member): void;
  detach(member: Member): void;
  // `line` is the message's text, for splicing.
  fromMember(member: Member, message: Rpc, line?: string): void;
  report(): UpstreamReport;
  close(): Promise<void>;
}

export interface HubEvents {
  log: Logger;
  onSpawn: (pid: number, spec: SpawnSpec) => void;
  onDescendants: (pid: number, list: ProcessId[]) => void;
  onExit: (pid: number) => void;
  // The upstream is gone (exited or closed): the broker forgets this hub.
  onClosed: (hub: Hub) => void;
}

// Every server→client request (2025) or input request (2026) is offered: each one goes to the session whose call caused
// it, whose own client answers "method not found" (or, in 2026, declares per request what it offers).
const CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

// `hint`: the era the attaching session's cached verdict gives an 'auto' server (no probe then).
export function createHub(key: string, spec: SpawnSpec, events: HubEvents, hint?: HubEra): Hub {
  const log = events.log.child(spec.server);
  let init: Record<string, unknown> | undefined;
  let era: HubEra = 'legacy';
  let discover: Record<string, unknown> | undefined;
  let closed = false;
  const spawn = () =>
    new StdioUpstreamTransport({
      ...spec,
      log,
      onSpawn: (pid) => events.onSpawn(pid, spec),
      onDescendants: (pid, list) => events.onDescendants(pid, list),
    });
  let transport = spawn();
  const toUpstream = Object.assign(
    (message: Rpc) => void transport.send(message as never).catch(() => undefined),
    {
      raw: (line: string) => void transport.sendRaw(line),
    },
  );
  const routes = createRoutes(spec.server, toUpstream);

  const hub: Hub = {
    key,
    server: spec.server,
    ready: start(),
    get era() {
      return era;
    },
    get discover() {
      return discover;
    },
    lists: () => (era === 'legacy' ? announced(routes.lists()) : {}),
    get members() {
      return routes.members.size;
    },
    attach: (member) => routes.members.add(member),
    detach: (member) => routes.detach(member),
    fromMember(member, message, line) {
      if (message.method === 'initialize' && message.id !== undefined) {
        member.send({ jsonrpc: '2.0', id: message.id, result: init });
        return;
      }
      if (message.method === 'notifications/initialized') return;
      routes.fromMember(member, message, line);
    },
    report: () => ({
      server: spec.server,
      ...(transport.pid !== undefined && { pid: transport.pid }),
      ...routes.counters(),
      passed: routes.passed(),
    }),
    close,
  };

  // Only lists whose changes the server announces (capabilities.<kind>.listChanged) are handed to a new session: any
  // other list can change with nothing to say so, and a session attaching later must ask the server.
  function announced(lists: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
    const caps = (init?.capabilities ?? {}) as Record<string, { listChanged?: boolean } | undefined>;
    return Object.fromEntries(Object.entries(lists).filter(([method]) => caps[method.split('/')[0] as string]?.listChanged === true));
  }

  // Set once the era is settled (the probe reads the pipe by itself before).
  function wire(): void {
    transport.onmessage = (message) => routes.fromUpstream(message as unknown as Rpc);
    // Every line is taken parsed once, before the transport's schema check: the sessions' own clients check what they get.
    transport.intercept = (message, line) => {
      routes.fromUpstream(message as Rpc, line);
      return true;
    };
    transport.interceptBytes = (bytes) => routes.fromUpstreamBytes(bytes);
    transport.onclose = () => {
      if (!closed) log.warn(`exited: ${describeFailure(new Error('connection closed'), transport.exit)}`);
      void close();
    };
  }

  async function start(): Promise<void> {
    try {
      await handshake();
    } catch (error) {
      throw new Error(describeFailure(error, transport.exit));
    }
  }

  // The era is settled once here, for every session: a pinned version, else the attaching session's verdict, else the
  // same server/discover probe an unshared session makes.
  async function handshake(): Promise<void> {
    const wanted =
      spec.protocol === '2025-11-25' ? 'legacy' : spec.protocol === '2026-07-28' ? 'modern' : hint;
    if (wanted !== 'legacy') {
      const outcome = await probeStdio(transport, CAPABILITIES, spec.startTimeout);
      if (outcome.era === 'modern') {
        era = 'modern';
        discover = outcome.discover as unknown as Record<string, unknown>;
        wire();
        log.debug(`ready, 2026-07-28 (pid ${transport.pid})`);
        return;
      }
      if (spec.protocol === '2026-07-28')
        throw new Error(
          `it ${outcome.exited ? 'exited when asked' : 'did not answer'} server/discover as a 2026-07-28 server; set its "protocol" to "auto" or "2025-11-25"`,
        );
      // A 2025 server that died of the probe: a new process, spoken to in 2025 (as an unshared session does).
      if (outcome.exited) await respawn();
    } else await transport.start();
    wire();
    const response = await routes.internal(
      'initialize',
      {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: CAPABILITIES,
        clientInfo: { name: 'fast-gateway-broker', version: VERSION },
      },
      spec.startTimeout,
    );
    init = response;
    void transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    log.debug(`ready (pid ${transport.pid})`);
  }

  async function respawn(): Promise<void> {
    const old = transport;
    await old.close().catch(() => undefined);
    if (old.pid !== undefined) events.onExit(old.pid);
    transport = spawn();
    await transport.start();
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    routes.closeAll();
    events.onClosed(hub);
    await transport.close().catch(() => undefined);
    if (transport.pid !== undefined) events.onExit(transport.pid);
  }

  hub.ready.catch(async (error: unknown) => {
    log.warn(`could not start: ${(error as Error).message}`);
    await close();
  });
  return hub;
}
