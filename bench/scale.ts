// `node --import tsx bench/scale.ts`: tool calls per second through HAProxy with 1 vs 2 `gw serve --http` replicas, at
// 32 concurrent 2026-07-28 clients (stateless, plain round robin; BENCH_SCALE_ERA=2025 for 2025 sessions with the
// sticky rule), printed as the ratio 2 ÷ 1 with the machine's core count and how busy its CPUs were. On a 2-core machine
// the replicas, the upstreams, HAProxy and the clients share the same cores, so the figure is CPU-bound and shows the
// ceiling, not scaling.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort, haproxyConfig, PROXY_HOST } from '../test/helpers/haproxy-config.js';
import { fixture, GW_BIN } from './lib/connect.js';
import { ratio } from './lib/stats.js';

const CLIENTS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TOKEN = 'bench-token-0123456789abcdef0123456789';
const ERA = process.env.BENCH_SCALE_ERA === '2025' ? '2025' : '2026';
const SIGNING_KEY = 'bench-signing-key-shared-by-the-replicas';
const log = (line: string) => process.stderr.write(`${line}\n`);
const running: ResultPromise[] = [];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-scale-'));
  const configPath = path.join(dir, 'gateway.json');
  writeFileSync(configPath, JSON.stringify({ mcpServers: { fx: fixture('fixture.ts') } }));
  const one = await measure(await replicas(configPath, 1));
  const two = await measure(await replicas(configPath, 2));
  const cores = os.cpus().length;
  log(`${ERA} clients, ${CLIENTS} concurrent, ${SECONDS} s per run, on ${cores} cores`);
  log(`| replicas | calls/s | CPU busy (all cores) |`);
  log(`|---|---|---|`);
  log(`| 1 | ${one.rate.toFixed(0)} | ${percent(one.busy)} |`);
  log(`| 2 | ${two.rate.toFixed(0)} | ${percent(two.busy)} |`);
  const bound = two.busy >= 0.9 ? 'CPU-bound' : 'not CPU-bound';
  log(`scaling ratio (2 ÷ 1): ${ratio(two.rate, one.rate)} — ${bound} (${percent(two.busy)} busy with 2 replicas): ${cores} cores run the replicas, their upstreams, HAProxy and the clients, so a second replica adds no CPU${cores <= 2 ? '; expect about 1 here' : ''}`);
}

// Starts `count` replicas of one config and HAProxy in front; resolves with the frontend URL once every replica is up.
async function replicas(configPath: string, count: number): Promise<string> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const proc = execa(process.execPath, [GW_BIN, 'serve', '--http', '--port', '0', '--allow-host', PROXY_HOST, '--log-level', 'warn'], {
      env: { GW_CONFIG: configPath, GW_TOKEN: TOKEN, GW_SIGNING_KEY: SIGNING_KEY, GW_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'gw-bench-state-')) },
      reject: false,
      stdin: 'ignore',
      buffer: false,
    });
    running.push(proc);
    ports.push(await new Promise<number>((resolve) => {
      let text = '';
      proc.stderr?.on('data', (c: Buffer) => {
        text += c.toString();
        const m = /listening on http:\/\/[^:]+:(\d+)\/mcp/.exec(text);
        if (m) resolve(Number(m[1]));
      });
    }));
  }
  const port = await freePort();
  const statsPort = await freePort();
  const file = path.join(path.dirname(configPath), `haproxy-${count}.cfg`);
  writeFileSync(file, haproxyConfig({ servers: ports.map((p, i) => ({ name: `r${i}`, port: p })), sticky: ERA === '2025', port, statsPort }));
  running.push(execa('haproxy', ['-db', '-f', file], { reject: false, stdin: 'ignore', buffer: false }));
  for (;;) {
    const csv = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`).then((r) => r.text(), () => '');
    if (csv.split('\n').filter((l) => l.startsWith('gateways,r') && l.includes(',UP,')).length === count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `http://127.0.0.1:${port}`;
}

// Calls per second over SECONDS with CLIENTS clients each calling in a loop, and the CPUs' busy fraction meanwhile.
async function measure(base: string): Promise<{ rate: number; busy: number }> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => (ERA === '2025' ? legacyClient(base) : modernClient(base))));
  let calls = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  const before = cpuTimes();
  await Promise.all(
    clients.map(async (c, i) => {
      while (Date.now() < until) {
        await c.call(`c${i}`);
        calls++;
      }
    }),
  );
  const after = cpuTimes();
  const rate = calls / ((Date.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.close()));
  for (const p of running.splice(0)) p.kill('SIGTERM');
  return { rate, busy: 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total) };
}

interface BenchClient {
  call(text: string): Promise<void>;
  close(): Promise<void>;
}

async function legacyClient(base: string): Promise<BenchClient> {
  const client = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  await client.callTool({ name: 'fx_echo', arguments: { text: 'warm' } });
  return { call: async (text) => void (await client.callTool({ name: 'fx_echo', arguments: { text } })), close: () => client.close() };
}

// A 2026 client: one stateless POST per call, the envelope in _meta, the standard headers.
async function modernClient(base: string): Promise<BenchClient> {
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' } };
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/call', 'Mcp-Name': 'fx_echo' };
  const call = async (text: string) => {
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'fx_echo', arguments: { text }, _meta: meta } }) });
    const body = (await res.json()) as { result?: { isError?: boolean } };
    if (!body.result || body.result.isError) throw new Error(`a 2026 call failed: ${JSON.stringify(body)}`);
  };
  await call('warm');
  return { call, close: async () => undefined };
}

// Jiffies spent idle and in total over all cores, from /proc/stat (zeros off Linux: the busy figure then reads 100%).
function cpuTimes(): { idle: number; total: number } {
  try {
    const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    return { idle: (cpu[3] ?? 0) + (cpu[4] ?? 0), total: cpu.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: 0, total: 0 };
  }
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

await main().finally(() => running.forEach((p) => p.kill('SIGTERM')));
