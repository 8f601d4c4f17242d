// Helpers for the supervision e2e tests: raw gateway processes (no SDK client), status files, wire taps and log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { onTestFinished } from 'vitest';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';
import { GW_BIN, ROOT } from './gw.js';

export const GW_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  GW_LOG_LEVEL: 'debug',
  GW_BACKOFF_BASE_MS: '200',
};

const INITIALIZE = [
  {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
];

export interface RawGateway {
  child: ChildProcess;
  pid: number;
  stderr: () => string;
  // Resolves with the exit code (or the signal name) once the gateway process has ended.
  exited: Promise<number | string | null>;
}

// Starts `gw serve` with plain pipes (so the test decides how stdin ends) and sends initialize so upstreams start at once.
export function spawnRawGateway(configPath: string): RawGateway {
  const child = spawn(process.execPath, [GW_BIN, 'serve', '--config', configPath], {
    cwd: ROOT,
    env: GW_ENV,
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  for (const message of INITIALIZE) child.stdin?.write(`${JSON.stringify(message)}\n`);
  const pid = child.pid as number;
  killTreeWhenDone(pid);
  return { child, pid, stderr: () => stderr, exited };
}

// Whatever a test leaves behind is SIGKILLed when it finishes.
export function killTreeWhenDone(pid: number): void {
  onTestFinished(() => {
    for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
  });
}

export interface ServerStatus {
  name: string;
  state: string;
  pid?: number;
  restarts: number;
  lastError?: string;
  toolCount: number;
}

// The status a running gateway publishes in <stateDir>/status/<pid>.json (undefined until written).
export function readStatusFile(configPath: string, gatewayPid: number): ServerStatus[] | undefined {
  try {
    const file = path.join(path.dirname(configPath), '.fast-gateway', 'status', `${gatewayPid}.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { servers: ServerStatus[] }).servers;
  } catch {
    return undefined;
  }
}

export function alive(pids: number[]): number[] {
  return pids.filter((p) => isAlive(p));
}

// The gateway's log lines for one server (the logger prefixes them with `[name]`).
export function linesOf(stderr: string, server: string): string[] {
  return stderr.split('\n').filter((l) => l.includes(`[${server}]`));
}

// The upstream request ids a fixture logged (`fixture: sleep request <id>` / `fixture: cancelled request <id>`).
export function loggedIds(stderr: string, server: string, what: 'sleep' | 'cancelled'): string[] {
  const re = new RegExp(`fixture: ${what} request (\\S+)`);
  return linesOf(stderr, server).flatMap((l) => re.exec(l)?.[1] ?? []);
}

export interface WireTap {
  incoming: JSONRPCMessage[];
  outgoing: JSONRPCMessage[];
}

// Records every JSON-RPC message a connected client transport sends and receives, without changing them.
export function tapTransport(transport: Transport): WireTap {
  const tap: WireTap = { incoming: [], outgoing: [] };
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    tap.incoming.push(message);
    deliver?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    tap.outgoing.push(message);
    return send(message, options);
  };
  return tap;
}

// The id of the last tools/call request for `tool` the client sent.
export function lastCallId(tap: WireTap, tool: string): string | number | undefined {
  const calls = tap.outgoing.filter(
    (m) =>
      'method' in m &&
      m.method === 'tools/call' &&
      'id' in m &&
      (m.params as { name?: string } | undefined)?.name === tool,
  );
  const last = calls[calls.length - 1];
  return last && 'id' in last ? last.id : undefined;
}
