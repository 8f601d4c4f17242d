// `node --import tsx bench/client-eras.ts` (npm run bench:client-eras): per-call p50 of a 2026-07-28 client → gateway → upstream against a 2025 client →
// gateway → upstream, on stdio and on HTTP, in the same run (printed as ratios; a 2026 stdio call takes the relay when the
// client declares no capability an upstream could ask for, over HTTP it runs on a pooled internal session).
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connect, fixture, gatewaySpec } from './lib/connect.js';
import { ms, percentile, ratio } from './lib/stats.js';

const CALLS = Number(process.env.BENCH_ERA_CALLS ?? 600);
const WARMUP = 200;
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
};
const log = (line: string) => process.stderr.write(`${line}\n`);

// Interleaves the two kinds of call (one of each per step), so both see the same load on a shared machine.
async function timedPair(a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < WARMUP; i++) await Promise.all([a(i), b(i)]).catch(() => undefined);
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    await a(i);
    sa.push(performance.now() - t);
    t = performance.now();
    await b(i);
    sb.push(performance.now() - t);
  }
  return [percentile(sa, 50), percentile(sb, 50)];
}

const upstream = { fx: fixture('fixture.ts') };
const args = (i: number) => ({ text: `hello ${i}` });

// stdio, 2025: the SDK client after initialize.
const legacySpec = gatewaySpec(upstream);
const legacy = await connect(legacySpec);
await waitForTool(async () => (await legacy.client.listTools()).tools.map((t) => t.name));

// stdio, 2026: JSON-RPC lines with the per-request envelope, no initialize.
const modernSpec = gatewaySpec(upstream);
const child = spawn(modernSpec.command, modernSpec.args, { env: { PATH: process.env.PATH ?? '', ...modernSpec.env }, stdio: ['pipe', 'pipe', 'ignore'] });
const waiting = new Map<number, (m: { result?: { tools?: Array<{ name: string }> } }) => void>();
let buffer = '';
child.stdout.on('data', (c: Buffer) => {
  buffer += c.toString();
  let nl: number;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const m = JSON.parse(buffer.slice(0, nl)) as { id: number; result?: { tools?: Array<{ name: string }> } };
    buffer = buffer.slice(nl + 1);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  }
});
let nextId = 1;
const rpc = (method: string, params: Record<string, unknown>) =>
  new Promise<{ result?: { tools?: Array<{ name: string }> } }>((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: META } }) + '\n');
  });
await waitForTool(async () => ((await rpc('tools/list', {})).result?.tools ?? []).map((t) => t.name));
const [stdio2025, stdio2026] = await timedPair(
  (i) => legacy.client.callTool({ name: 'fx_echo', arguments: args(i) }),
  (i) => rpc('tools/call', { name: 'fx_echo', arguments: args(i) }),
);
await legacy.close();
child.stdin.end();

// HTTP: one gateway, a 2025 session and stateless 2026 requests.
const http = gatewaySpec(upstream);
const server = spawn(http.command, [...http.args, '--http', '--port', '0', '--no-auth'], { env: { PATH: process.env.PATH ?? '', ...http.env, GW_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise<string>((resolve) => {
  let err = '';
  server.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    const m = /listening on (http:\/\/\S+)\/mcp/.exec(err);
    if (m?.[1]) resolve(m[1]);
  });
});
const httpClient = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
await httpClient.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
await waitForTool(async () => (await httpClient.listTools()).tools.map((t) => t.name));
const post = (i: number) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Method': 'tools/call', 'Mcp-Name': 'fx_echo' },
    body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'fx_echo', arguments: args(i), _meta: META } }),
  }).then((r) => r.json());
const [http2025, http2026] = await timedPair((i) => httpClient.callTool({ name: 'fx_echo', arguments: args(i) }), post);
await httpClient.close();
server.kill('SIGTERM');

log(`2026 vs 2025 client, per-call p50 through the gateway (${CALLS} sequential calls each, interleaved, fixture echo)`);
log(`| transport | 2025 client | 2026 client | 2026 ÷ 2025 |`);
log(`|---|---|---|---|`);
log(`| stdio | ${ms(stdio2025)} | ${ms(stdio2026)} | ${ratio(stdio2026, stdio2025)} |`);
log(`| HTTP | ${ms(http2025)} | ${ms(http2026)} | ${ratio(http2026, http2025)} |`);

async function waitForTool(names: () => Promise<string[]>): Promise<void> {
  while (!(await names()).includes('fx_echo')) await new Promise((r) => setTimeout(r, 100));
}
