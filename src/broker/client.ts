// The session's way to the broker: connect and read its hello, or start one when none runs (under a lock, so
// sessions starting at the same moment end up with one broker), detached, its output to a log file, never a shell.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { GatewayError } from '../errors.js';
import { GW_MAIN } from '../version.js';
import { ensurePrivateDir, type BrokerPaths } from './paths.js';
import {
  CHANNEL_MAX_BYTES,
  createChannel,
  type Channel,
  type ChannelHandlers,
  type Hello,
  type Message,
} from './protocol.js';

export interface BrokerLine {
  channel: Channel;
  hello: Hello;
  // Where later messages and the close go (set once the caller knows what it waits for).
  handle(handlers: ChannelHandlers): void;
}

const START_MS = 10_000;
// Longest Unix socket path on Linux is 107 bytes (103 on macOS).
const MAX_SOCKET_PATH = 103;

// Connects to a running broker; rejects when none listens (or it says nothing within a few seconds).
export function openLine(socketPath: string): Promise<BrokerLine> {
  return new Promise((resolve, reject) => {
    let handlers: ChannelHandlers = {
      onMessage: (m) => {
        clearTimeout(timer);
        if ((m as { gw?: unknown }).gw !== 'hello') return socket.destroy();
        handlers = { onMessage: () => undefined, onClose: () => undefined };
        resolve({
          channel,
          hello: m as Hello,
          handle(next) {
            handlers = next;
            if (channel.closed) next.onClose();
          },
        });
      },
      onClose: () => reject(new Error('the broker closed the connection before saying hello')),
    };
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => socket.destroy(new Error('the broker did not answer')), 5000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const channel = createChannel(socket, CHANNEL_MAX_BYTES, {
      onMessage: (m, line) => handlers.onMessage(m, line),
      onClose: () => handlers.onClose(),
      onBytes: (bytes) => handlers.onBytes?.(bytes) ?? false,
    });
  });
}

// The running broker, or a new one started for this user.
export async function ensureBroker(paths: BrokerPaths, graceSeconds: number): Promise<BrokerLine> {
  if (paths.socket.length > MAX_SOCKET_PATH) {
    throw new GatewayError(
      'BROKER_UNAVAILABLE',
      `the broker socket path ${paths.socket} is longer than ${MAX_SOCKET_PATH} bytes; set GW_BROKER_DIR to a shorter directory`,
    );
  }
  try {
    return await openLine(paths.socket);
  } catch {
    // None listening (or a stale socket file): start one below.
  }
  try {
    ensurePrivateDir(paths.dir);
  } catch (error) {
    throw new GatewayError('BROKER_UNAVAILABLE', `cannot use ${paths.dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const release = await lockfile
    .lock(paths.dir, {
      lockfilePath: paths.lock,
      realpath: false,
      stale: 15_000,
      retries: { retries: 200, minTimeout: 20, maxTimeout: 100 },
    })
    .catch((error: unknown) => {
      throw new GatewayError('BROKER_UNAVAILABLE', `cannot lock ${paths.lock}: ${(error as Error).message}`, {
        cause: error,
      });
    });
  try {
    // Another session may have started it while this one waited for the lock.
    const running = await openLine(paths.socket).catch(() => undefined);
    return running ?? (await startBroker(paths, graceSeconds));
  } finally {
    await release().catch(() => undefined);
  }
}

async function startBroker(paths: BrokerPaths, graceSeconds: number): Promise<BrokerLine> {
  const out = openSync(paths.log, 'a', 0o600);
  let exited: string | undefined;
  try {
    const child = spawn(
      process.execPath,
      [GW_MAIN, 'broker', 'run', '--dir', paths.dir, '--grace', String(graceSeconds)],
      {
        detached: true,
        stdio: ['ignore', out, out],
        windowsHide: true,
      },
    );
    child.once('error', (error) => (exited = error.message));
    child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
    child.unref();
  } finally {
    closeSync(out);
  }
  const deadline = Date.now() + START_MS;
  for (;;) {
    const line = await openLine(paths.socket).catch(() => undefined);
    if (line) return line;
    if (exited !== undefined || Date.now() > deadline) {
      throw new GatewayError(
        'BROKER_UNAVAILABLE',
        `the broker did not start (${exited ?? `no socket after ${START_MS} ms`}); see ${paths.log}`,
      );
    }
    await delay(25);
  }
}

// Asks the broker for something (status, stop) and returns its answer, or undefined when none runs.
export async function askBroker(paths: BrokerPaths, message: Message): Promise<Message | undefined> {
  const line = await openLine(paths.socket).catch(() => undefined);
  if (!line) return undefined;
  return new Promise((resolve) => {
    line.handle({
      onMessage: (m) => {
        resolve(m);
        line.channel.close();
      },
      onClose: () => resolve(undefined),
    });
    line.channel.send(message);
  });
}
