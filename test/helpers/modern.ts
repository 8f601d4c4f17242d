// A hand-built 2026-07-28 client: JSON-RPC lines over the real `gw serve` stdio pipe (no initialize; each request
// carries its protocol version, capabilities and client info in `_meta`), and the same envelope for fetch over HTTP.
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { GW_BIN, ROOT } from './gw.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';

export const MODERN = '2026-07-28';

export interface Rpc {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export function envelope(capabilities: Record<string, unknown> = {}, version = MODERN): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'modern-test', version: '1.0.0' },
  };
}

export interface ModernStdioClient {
  // Sends a request with the envelope (unless params._meta is given) and resolves with its response.
  request(method: string, params?: Record<string, unknown>, capabilities?: Record<string, unknown>): Promise<Rpc>;
  send(message: Rpc): void;
  // Every message the gateway wrote to stdout, in order.
  readonly lines: Rpc[];
  // Resolves with the first message written (from now on or already) that matches.
  waitFor(match: (m: Rpc) => boolean): Promise<Rpc>;
  stderr(): string;
  pid: number;
}

export function startModernStdio(configPath: string, env: Record<string, string> = {}): ModernStdioClient {
  const proc = execa(process.execPath, [GW_BIN, 'serve', '--config', configPath], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GW_LOG_LEVEL: 'debug', ...env },
    extendEnv: false,
    stdin: 'pipe',
    reject: false,
    buffer: false,
  });
  const pid = proc.pid as number;
  onTestFinished(() => {
    proc.stdin?.end();
    for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
  });
  const lines: Rpc[] = [];
  const watchers = new Set<{ match: (m: Rpc) => boolean; resolve: (m: Rpc) => void }>();
  let stderr = '';
  let buffer = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdout?.on('data', (c: Buffer) => {
    buffer += c.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const message = JSON.parse(line) as Rpc; // anything but JSON-RPC on stdout fails the test here
      lines.push(message);
      for (const w of [...watchers]) {
        if (!w.match(message)) continue;
        watchers.delete(w);
        w.resolve(message);
      }
    }
  });
  let nextId = 1;
  const client: ModernStdioClient = {
    lines,
    pid,
    stderr: () => stderr,
    send: (message) => void proc.stdin?.write(JSON.stringify(message) + '\n'),
    waitFor(match) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => watchers.add({ match, resolve }));
    },
    request(method, params = {}, capabilities = {}) {
      const id = nextId++;
      const withMeta = '_meta' in params ? params : { ...params, _meta: envelope(capabilities) };
      const answer = client.waitFor((m) => m.id === id && m.method === undefined);
      client.send({ jsonrpc: '2.0', id, method, params: withMeta });
      return answer;
    },
  };
  return client;
}

// A 2026 request over HTTP: POST without Mcp-Session-Id, with the standard headers unless `headers` overrides them.
export async function modernFetch(
  base: string,
  auth: Record<string, string>,
  method: string,
  params: Record<string, unknown> = {},
  options: { path?: string; headers?: Record<string, string>; capabilities?: Record<string, unknown>; id?: number } = {},
): Promise<{ status: number; body: Rpc }> {
  const withMeta = '_meta' in params ? params : { ...params, _meta: envelope(options.capabilities) };
  const name = typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  const res = await fetch(base + (options.path ?? '/mcp'), {
    method: 'POST',
    headers: {
      ...auth,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': MODERN,
      'Mcp-Method': method,
      ...(name !== undefined && { 'Mcp-Name': name }),
      ...options.headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: options.id ?? 1, method, params: withMeta }),
  });
  return { status: res.status, body: (await res.json()) as Rpc };
}

// Reads the JSON-RPC messages of an event stream as they arrive.
export function readEvents(res: Response): { next(match: (m: Rpc) => boolean): Promise<Rpc>; cancel(): void } {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen: Rpc[] = [];
  let buffer = '';
  return {
    async next(match) {
      for (;;) {
        const hit = seen.find(match);
        if (hit) return hit;
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) seen.push(JSON.parse(data) as Rpc);
        }
      }
    },
    cancel: () => void reader.cancel().catch(() => undefined),
  };
}
