// The broker process (`gw broker run`): listens on the private socket, runs one hub per shared upstream, counts the
// sessions attached, and exits after the grace period with none, ending its upstreams.
import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import type { Logger } from '../log.js';
import { messageOf } from '../errors.js';
import { forgetChild, recordChild, sweepOrphans, type ChildRecord } from '../upstream/child-records.js';
import { killTreeSync, processStartTime } from '../upstream/process-tree.js';
import { createHub, type Hub, type Member } from './hub.js';
import { ensurePrivateDir, type BrokerPaths } from './paths.js';
import {
  BROKER_VERSION,
  CHANNEL_MAX_BYTES,
  createChannel,
  isControl,
  type BrokerReport,
  type ControlMessage,
  type Message,
} from './protocol.js';
import type { Rpc } from './routes.js';

export interface BrokerOptions {
  paths: BrokerPaths;
  graceMs: number;
  log: Logger;
}

export async function runBroker({ paths, graceMs, log }: BrokerOptions): Promise<void> {
  ensurePrivateDir(paths.dir);
  // Upstreams of an earlier broker that was killed (SIGKILL leaves no chance to end them) are ended first.
  const swept = await sweepOrphans(paths.dir);
  if (swept.length > 0)
    log.info(
      `ended ${swept.length} upstream(s) left by an earlier broker: ${swept.map((s) => s.server).join(', ')}`,
    );
  const hubs = new Map<string, Hub>();
  const sessions = new Map<string, number>();
  const records = new Map<number, ChildRecord>();
  const ownerStartTime = processStartTime(process.pid);
  let graceTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

  const report = (): BrokerReport => ({
    pid: process.pid,
    version: BROKER_VERSION,
    sessions: sessions.size,
    upstreams: [...hubs.values()].map((h) => h.report()),
  });
  const armGrace = () => {
    clearTimeout(graceTimer);
    if (sessions.size === 0)
      graceTimer = setTimeout(() => void stop(`no session for ${graceMs / 1000} s`), graceMs);
  };
  const hubEvents = {
    log,
    onSpawn: (pid: number, spec: { server: string; display: string }) => {
      const startTime = processStartTime(pid);
      const record: ChildRecord = {
        pid,
        server: spec.server,
        command: spec.display,
        ownerPid: process.pid,
        ...(ownerStartTime && { ownerStartTime }),
        ...(startTime && { startTime }),
      };
      records.set(pid, record);
      recordChild(paths.dir, record);
    },
    onDescendants: (pid: number, descendants: ChildRecord['descendants']) => {
      const record = records.get(pid);
      if (record) recordChild(paths.dir, { ...record, descendants });
    },
    onExit: (pid: number) => {
      records.delete(pid);
      forgetChild(paths.dir, pid);
    },
    onClosed: (hub: Hub) => {
      if (hubs.get(hub.key) === hub) hubs.delete(hub.key);
    },
  };

  // A hub no session uses any more (its config changed, or its lazy server went idle in every session) ends after the
  // grace period unless someone attaches again.
  function release(hub: Hub, member: Member): void {
    hub.detach(member);
    if (hub.members > 0) return;
    const timer = setTimeout(() => hub.members === 0 && !stopping && void hub.close(), graceMs);
    timer.unref();
  }

  function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      log.info(`stopping: ${reason}`);
      clearTimeout(graceTimer);
      server.close();
      await Promise.all([...hubs.values()].map((h) => h.close()));
      rmSync(paths.socket, { force: true });
      process.exit(0);
    })();
    return stopping;
  }

  function onConnection(socket: net.Socket): void {
    let session: string | undefined;
    let attached: { hub: Hub; member: Member } | undefined;
    const channel = createChannel(socket, CHANNEL_MAX_BYTES, {
      onMessage: (m: Message, line: string) => {
        if (attached && !isControl(m)) return attached.hub.fromMember(attached.member, m as Rpc, line);
        if (isControl(m)) void onControl(m);
      },
      onClose: () => {
        if (attached) release(attached.hub, attached.member);
        if (session === undefined) return;
        const left = (sessions.get(session) ?? 1) - 1;
        if (left > 0) sessions.set(session, left);
        else sessions.delete(session);
        armGrace();
      },
    });
    channel.send({ gw: 'hello', version: BROKER_VERSION, pid: process.pid, sessions: sessions.size });

    async function onControl(m: ControlMessage): Promise<void> {
      if (m.gw === 'status') return channel.send({ gw: 'report', report: report() });
      if (m.gw === 'stop') {
        channel.send({ gw: 'stopping' });
        return void stop('asked to stop');
      }
      if (m.gw !== 'attach' || session !== undefined || stopping) return;
      session = m.session;
      sessions.set(session, (sessions.get(session) ?? 0) + 1);
      clearTimeout(graceTimer);
      let hub = hubs.get(m.key);
      if (!hub) {
        hub = createHub(m.key, m.spec, hubEvents, m.era);
        hubs.set(m.key, hub);
      }
      try {
        await hub.ready;
      } catch (error) {
        channel.send({ gw: 'error', message: messageOf(error) });
        return channel.close();
      }
      if (channel.closed) return;
      const member: Member = {
        session,
        send: (msg) => channel.send(msg),
        sendRaw: (...chunks) => channel.sendRaw(...chunks),
        close: () => channel.close(),
      };
      attached = { hub, member };
      hub.attach(member);
      channel.send({
        gw: 'ready',
        era: hub.era,
        ...(hub.discover && { discover: hub.discover }),
        lists: hub.lists(),
      });
    }
  }

  ensurePrivateDir(paths.dir);
  rmSync(paths.socket, { force: true });
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(paths.socket, () => resolve());
  });
  chmodSync(paths.socket, 0o600);
  log.info(`broker ${BROKER_VERSION} (pid ${process.pid}) listening on ${paths.socket}`);
  armGrace();
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Last resort if the event loop is cut short: no upstream outlives the broker.
  process.on('exit', () => {
    for (const pid of records.keys()) killTreeSync(pid);
  });
}
