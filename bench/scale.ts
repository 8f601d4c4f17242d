// `node --import tsx bench/scale.ts`: tool calls per second through HAProxy with 1 vs 2 `gw serve --http` replicas, at
// 32 concurrent 2025-era sessions (sticky rule), printed as the ratio 2 ÷ 1. On a 2-core machine the replicas, the
// upstreams, HAProxy and the clients share the same cores, so the figure is CPU-bound and shows the ceiling, not scaling.
import { mkdtempSync, writeFileSync } from 'node:fs';
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
const log = (line: string) => process.stderr.write(`${line}\n`);
const running: ResultPromise[] = [];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-scale-'));
  const configPath = path.join(dir, 'gateway.json');
  writeFileSync(configPath, JSON.stringify({ mcpServers: { fx: fixture('fixture.ts') } }));
  const one = await measure(await replicas(configPath, 1));
  const two = await measure(await replicas(configPath, 2));
  log(`1 replica: ${one.toFixed(0)} calls/s; 2 replicas: ${two.toFixed(0)} calls/s (${CLIENTS} sessions, ${SECONDS} s each, ${os.cpus().length} cores)`);
  log(`scaling ratio (2 ÷ 1): ${ratio(two, one)} — CPU-bound: ${os.cpus().length} cores run both replicas, their upstreams, HAProxy and the clients`);
}

// Starts `count` replicas of one config and HAProxy in front; resolves with the frontend URL once every replica is up.
async function replicas(configPath: string, count: number): Promise<string> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const proc = execa(process.execPath, [GW_BIN, 'serve', '--http', '--port', '0', '--allow-host', PROXY_HOST, '--log-level', 'warn'], {
      env: { GW_CONFIG: configPath, GW_TOKEN: TOKEN, GW_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'gw-bench-state-')) },
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
  writeFileSync(file, haproxyConfig({ servers: ports.map((p, i) => ({ name: `r${i}`, port: p })), sticky: true, port, statsPort }));
  running.push(execa('haproxy', ['-db', '-f', file], { reject: false, stdin: 'ignore', buffer: false }));
  for (;;) {
    const csv = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`).then((r) => r.text(), () => '');
    if (csv.split('\n').filter((l) => l.startsWith('gateways,r') && l.includes(',UP,')).length === count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `http://127.0.0.1:${port}`;
}

// Calls per second over SECONDS with CLIENTS sessions each calling in a loop.
async function measure(base: string): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
      await client.callTool({ name: 'fx_echo', arguments: { text: 'warm' } });
      return client;
    }),
  );
  let calls = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    clients.map(async (c, i) => {
      while (Date.now() < until) {
        await c.callTool({ name: 'fx_echo', arguments: { text: `c${i}` } });
        calls++;
      }
    }),
  );
  const rate = calls / ((Date.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.close()));
  for (const p of running.splice(0)) p.kill('SIGTERM');
  return rate;
}

await main().finally(() => running.forEach((p) => p.kill('SIGTERM')));
