// Starts the real `gw serve` over stdio and connects an SDK Client to it; everything is torn down when the test ends.
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { onTestFinished } from 'vitest';
import { GW_BIN, LOAD_FACTOR, ROOT, writeConfig } from './gw.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';

export interface GatewayHandle {
  client: Client;
  transport: StdioClientTransport;
  pid: number;
  configPath: string;
  stderr: () => string;
  // Every pid in the gateway's tree right now (gateway included).
  tree: () => number[];
  close: () => Promise<void>;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  clientOptions?: ClientOptions;
  configPath?: string;
  // Set up handlers (sampling, elicitation…) before connecting.
  prepare?: (client: Client) => void;
}

export async function startGateway(config: unknown, options: StartOptions = {}): Promise<GatewayHandle> {
  const configPath = options.configPath ?? writeConfig(config);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [GW_BIN, 'serve', '--config', configPath, ...(options.args ?? [])],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GW_LOG_LEVEL: 'debug', GW_BACKOFF_BASE_MS: '200', ...options.env },
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'test-client', version: '1.0.0' }, options.clientOptions ?? { capabilities: {} });
  options.prepare?.(client);
  // initialize waits for the gateway's start (plugins loaded through tsx included): past the SDK's 60 s under load.
  const connecting = client.connect(transport, { timeout: 60_000 * LOAD_FACTOR });
  const pid = transport.pid as number;
  onTestFinished(() => {
    for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
  });
  await connecting;
  const handle: GatewayHandle = {
    client,
    transport,
    pid,
    configPath,
    stderr: () => stderr,
    tree: () => [pid, ...listDescendants(pid)],
    close: async () => {
      await client.close();
    },
  };
  onTestFinished(() => handle.close().catch(() => undefined));
  return handle;
}

// Polls until `check` returns a truthy value (or throws after `timeout` × LOAD_FACTOR ms).
export async function waitFor<T>(check: () => T | Promise<T>, timeout = 10_000, interval = 50): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + timeout * LOAD_FACTOR;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<Awaited<T>>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? '').join('');
}

// Lists tool names, waiting until `expected` names are all present (upstreams start in the background).
export async function toolNames(client: Client, expected: string[] = [], timeout = 15_000): Promise<string[]> {
  return waitFor(async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    return expected.every((e) => names.includes(e)) ? names : undefined;
  }, timeout);
}

// The 2025 SDK client dispatches a notification a microtask late but settles a response at once, so progress read in
// the same chunk as its result is dropped (modelcontextprotocol/typescript-sdk#2580; a writer cannot prevent two lines
// sharing a read). The test client hands responses on one turn later, so what it sees is the order the gateway wrote.
export function deliverResponsesLast(transport: { onmessage?: ((message: JSONRPCMessage) => void) | undefined }): void {
  const deliver = transport.onmessage;
  if (!deliver) throw new Error('connect the client first');
  transport.onmessage = (message) => ('method' in message ? deliver(message) : void setImmediate(() => deliver(message)));
}
