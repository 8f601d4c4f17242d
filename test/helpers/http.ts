// Starts the real `gw serve --http --port 0` and reads the URL it prints; the process tree is killed when the test ends.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { onTestFinished } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GW_BIN, LOAD_FACTOR, ROOT, writeConfig } from './gw.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';

export const TOKEN = 'test-token-0123456789';

export interface HttpGateway {
  // e.g. http://127.0.0.1:41234
  base: string;
  port: number;
  configPath: string;
  proc: ResultPromise;
  pid: number;
  stderr: () => string;
  auth: Record<string, string>;
  // fetch against the gateway with the token (unless headers say otherwise).
  fetch(path: string, init?: RequestInit): Promise<Response>;
  // An SDK client connected over Streamable HTTP to `path` (default /mcp).
  connect(path?: string, options?: { onToolsChanged?: () => void }): Promise<Client>;
}

export interface HttpStartOptions {
  args?: string[];
  env?: Record<string, string>;
  configPath?: string;
  // Default: --token TOKEN; pass [] to use the generated token or --no-auth.
  auth?: string[];
  // Default 0 (any free port).
  port?: number;
}

export async function startHttpGateway(config: unknown, options: HttpStartOptions = {}): Promise<HttpGateway> {
  const configPath = options.configPath ?? writeConfig(config);
  const proc = execa(process.execPath, [GW_BIN, 'serve', '--http', '--port', String(options.port ?? 0), '--config', configPath, ...(options.auth ?? ['--token', TOKEN]), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GW_LOG_LEVEL: 'info', GW_BACKOFF_BASE_MS: '200', ...options.env },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    buffer: false,
  });
  const pid = proc.pid as number;
  onTestFinished(() => {
    for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
  });
  let stderr = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gw serve --http did not print its URL:\n${stderr}`)), 20_000 * LOAD_FACTOR);
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/mcp/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void proc.then((r) => {
      clearTimeout(timer);
      reject(new Error(`gw serve --http exited (${r.exitCode}):\n${stderr}`));
    });
  });
  const auth: Record<string, string> = options.auth && options.auth.length === 0 ? {} : { Authorization: `Bearer ${TOKEN}` };
  const gw: HttpGateway = {
    base,
    port: Number(new URL(base).port),
    configPath,
    proc,
    pid,
    stderr: () => stderr,
    auth,
    fetch: (path, init = {}) => fetch(base + path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } }),
    async connect(path = '/mcp', opts = {}) {
      const client = new Client({ name: 'http-test', version: '1.0.0' }, { capabilities: {} });
      if (opts.onToolsChanged) {
        const { ToolListChangedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => opts.onToolsChanged?.());
      }
      await client.connect(new StreamableHTTPClientTransport(new URL(base + path), { requestInit: { headers: auth } }), { timeout: 60_000 * LOAD_FACTOR });
      onTestFinished(() => client.close().catch(() => undefined));
      return client;
    },
  };
  return gw;
}

// The token `gw token` (or --admin, --group) generated for the gateway whose config is `configPath` (default state dir).
export function storedToken(configPath: string, kind: 'client' | 'admin' | { group: string } = 'client'): string {
  const dir = path.join(path.dirname(configPath), '.fast-gateway');
  const file = kind === 'client' ? path.join(dir, 'token') : kind === 'admin' ? path.join(dir, 'admin-token') : path.join(dir, 'group-tokens', kind.group);
  return readFileSync(file, 'utf8').trim();
}

// An MCP initialize request body (for raw fetch tests).
export function initializeBody(id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
}

export const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// A request with full control over headers (fetch does not let a caller set Host).
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

// The JSON-RPC messages in a Streamable HTTP response body (SSE events or one JSON document).
export function rpcMessages(body: string): Array<{ id?: unknown; result?: unknown; error?: { code: number; message: string } }> {
  const data = body
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));
  return (data.length > 0 ? data : [body]).filter((d) => d.trim()).map((d) => JSON.parse(d) as never);
}

// The error object of a JSON-RPC error body.
export async function rpcError(res: Response): Promise<{ code: number; message: string }> {
  return ((await res.json()) as { error: { code: number; message: string } }).error;
}
