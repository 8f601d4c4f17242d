// Connects SDK clients for benchmarks: straight to an upstream (the baseline) or through `gw serve` (compiled dist/).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
// GW_BENCH_BIN measures another build (a copy of dist/ from before a change, say) in place of this tree's.
export const GW_BIN = process.env.GW_BENCH_BIN ?? path.join(ROOT, 'dist', 'cli', 'main.js');
const TSX = ['--import', pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href];

export interface ServerSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Connected {
  client: Client;
  pid: number;
  close(): Promise<void>;
}

export function fixture(file: string, env: Record<string, string> = {}): ServerSpec {
  return { command: process.execPath, args: [...TSX, path.join(ROOT, 'test', 'fixtures', 'servers', file)], env };
}

export function everything(): ServerSpec {
  return { command: process.execPath, args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] };
}

export async function connect(spec: ServerSpec): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
  await client.connect(transport);
  return { client, pid: transport.pid as number, close: () => client.close() };
}

// The bare Node relay (bench/lib/relay.mjs) in front of an upstream: the least a stdio hop costs.
export function relaySpec(up: ServerSpec): ServerSpec {
  return { command: process.execPath, args: [path.join(ROOT, 'bench', 'lib', 'relay.mjs'), up.command, ...up.args], ...(up.env && { env: up.env }) };
}

// The request-parsing relay (bench/lib/request-relay.mjs): parses each request, passes each response on as text.
export function requestRelaySpec(up: ServerSpec): ServerSpec {
  return { command: process.execPath, args: [path.join(ROOT, 'bench', 'lib', 'request-relay.mjs'), up.command, ...up.args], ...(up.env && { env: up.env }) };
}

// The parsing relay (bench/lib/parse-relay.mjs): the bare relay plus a JSON parse, an id swap and a stringify per line.
export function parseRelaySpec(up: ServerSpec): ServerSpec {
  return { command: process.execPath, args: [path.join(ROOT, 'bench', 'lib', 'parse-relay.mjs'), up.command, ...up.args], ...(up.env && { env: up.env }) };
}

// A temp dir with a gateway.json for these servers; returns the spec to run `gw serve` on it.
export function gatewaySpec(servers: Record<string, ServerSpec>, options: { stateDir?: string; settings?: Record<string, unknown> } = {}): ServerSpec & { dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const mcpServers = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, { command: s.command, args: s.args, env: s.env ?? {} }]));
  writeFileSync(path.join(dir, 'gateway.json'), JSON.stringify({ mcpServers, ...(options.settings && { settings: options.settings }) }));
  return {
    dir,
    command: process.execPath,
    args: [GW_BIN, 'serve', '--config', path.join(dir, 'gateway.json'), '--no-watch'],
    env: { GW_LOG_LEVEL: 'error', GW_STATE_DIR: options.stateDir ?? path.join(dir, 'state') },
  };
}

// Resident set size of a process in MiB (Linux /proc).
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
