// `node --import tsx bench/broker-attach.ts [upstreams] [sessions]`: a new `gw serve` session attaching to a warm broker with N upstreams, timed from spawn
// to its first complete tools/list and split (from the session's debug log, wall-clock) into the gw process start
// (spawn → its first attach begins), the attach handshake (first attach begins → last one ready) and the listing (last
// attach ready → the first complete tools/list answered). Median of several sessions, each figure also as a share.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { connect, GW_BIN, ROOT } from './lib/connect.js';
import { ms, percentile, ratio } from './lib/stats.js';

const UPSTREAMS = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.argv[3] ?? 7);
const TOOLS = UPSTREAMS * 11; // FIXTURE_TOOL_COUNT 10, plus echo
const GOAL_MS = 100;

const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-attach-'));
const many = path.join(ROOT, 'test', 'fixtures', '.build', 'many.mjs');
const mcpServers = Object.fromEntries(
  Array.from({ length: UPSTREAMS }, (_, i) => [
    `s${i}`,
    { command: process.execPath, args: [many], env: { FIXTURE_TOOL_COUNT: '10', BENCH_SERVER: `s${i}` } },
  ]),
);
const configPath = path.join(dir, 'gateway.json');
writeFileSync(configPath, JSON.stringify({ share: true, shareGrace: 30, mcpServers }));
const env = { GW_STATE_DIR: path.join(dir, 'state'), GW_BROKER_DIR: path.join(dir, 'b') };
const args = [GW_BIN, 'serve', '--config', configPath, '--no-watch'];

interface Split {
  start: number;
  attach: number;
  list: number;
  initialized: number;
  total: number;
}

async function listed(client: Client): Promise<void> {
  while ((await client.listTools()).tools.length < TOOLS) await new Promise((r) => setTimeout(r, 2));
}

// `cold`: a state directory of its own, so no tool-list cache answers the first listing before the attach.
async function session(cold: boolean): Promise<Split> {
  const state = cold ? { GW_STATE_DIR: mkdtempSync(path.join(dir, 'state-')) } : {};
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      ...state,
      GW_LOG_LEVEL: 'debug',
    },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const client = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
  const t0 = Date.now();
  await client.connect(transport);
  const initialized = Date.now() - t0;
  await listed(client);
  const total = Date.now() - t0;
  await client.close();
  const spans = [...log.matchAll(/attached \S+ through the broker \(\w+\) from t=(\d+) to t=(\d+)/g)];
  if (spans.length !== UPSTREAMS)
    throw new Error(`expected ${UPSTREAMS} attach lines, got ${spans.length}:\n${log}`);
  const begin = Math.min(...spans.map((m) => Number(m[1])));
  const end = Math.max(...spans.map((m) => Number(m[2])));
  return { start: begin - t0, attach: end - begin, list: t0 + total - end, initialized, total };
}

process.stderr.write(
  `broker attach bench: ${UPSTREAMS} upstreams, ${ROUNDS} sessions, ${os.cpus().length} cpus\n`,
);
// A warm broker: one session attached (and kept) with every upstream listed; the tool-list cache is written too.
const warm = await connect({ command: process.execPath, args, env: { ...env, GW_LOG_LEVEL: 'error' } });
try {
  await listed(warm.client);
  const rows = [
    '| a new session on a warm broker (median) | ms | share of spawn → complete list |',
    '|---|---|---|',
  ];
  for (const cold of [false, true]) {
    const runs: Split[] = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await session(cold));
    const med = (k: keyof Split) =>
      percentile(
        runs.map((r) => r[k]),
        50,
      );
    const row = (label: string, value: number) =>
      `| ${label} | ${ms(value)} | ${ratio(value, med('total'))} |`;
    const first = med('total') - med('initialized');
    rows.push(
      `| **${cold ? 'no tool-list cache (a state directory of its own)' : 'warm tool-list cache'}** | | |`,
      row('gw process start (spawn → first attach begins)', med('start')),
      row('attach handshake (first attach begins → last ready)', med('attach')),
      // Negative when the cached lists answered before the last attach was ready.
      row('listing (last attach ready → first complete tools/list)', med('list')),
      row('spawn → initialize answered', med('initialized')),
      row(`initialize answered → first complete tools/list (${TOOLS} tools)`, first),
      row('spawn → first complete tools/list', med('total')),
      `| initialize answered → complete tools/list ÷ the ${GOAL_MS} ms goal | | ${ratio(first, GOAL_MS)} |`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  await warm.close();
  execFileSync(process.execPath, [GW_BIN, 'broker', 'stop', '--dir', env.GW_BROKER_DIR], { stdio: 'ignore' });
}
