// `npm run bench:broker`: 5 sessions × N upstreams with and without "share": processes, total RSS, attaching to a warm
// broker, and per-call cost of the broker's extra hop; every figure also as a ratio (shared ÷ unshared). The CPU time
// all processes spend per call (from /proc) is printed beside the wall-clock p50: on a loaded machine it varies less.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, GW_BIN, ROOT, rssMiB, type Connected } from './lib/connect.js';
import { ms, percentile, ratio } from './lib/stats.js';
import { bareSdkServerRssMiB, cpuMs, firstAnswers, type FirstAnswers } from './lib/broker-probes.js';
import { listDescendants } from '../src/upstream/process-tree.js';

const SESSIONS = 5;
const UPSTREAMS = Number(process.argv[2] ?? 10);
const CALLS = 400;
const CONCURRENT = 8;
const TOOLS_EACH = 11; // FIXTURE_TOOL_COUNT 10, plus echo
const built = path.join(ROOT, 'test', 'fixtures', '.build', 'many.mjs');
const upstreamArgs = existsSync(built)
  ? [built]
  : ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'many.ts')];

interface Figures {
  upstreamProcesses: number;
  gatewayProcesses: number;
  totalRssMiB: number;
  oneSessionRssMiB: number;
  // The median RSS of one `gw serve` process, and the broker's (shared only).
  sessionRssMiB: number;
  brokerRssMiB: number;
  sixth: FirstAnswers;
  p50Ms: number;
  cpuPerCallMs: number;
  callsPerSec: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function scenario(share: boolean): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-broker-'));
  const mcpServers = Object.fromEntries(
    Array.from({ length: UPSTREAMS }, (_, i) => [
      `s${i}`,
      // BENCH_SERVER tells the processes apart in /proc (the same for every session, so sharing still applies).
      { command: process.execPath, args: upstreamArgs, env: { FIXTURE_TOOL_COUNT: '10', BENCH_SERVER: `s${i}` } },
    ]),
  );
  const configPath = path.join(dir, 'gateway.json');
  writeFileSync(configPath, JSON.stringify({ share, shareGrace: 5, mcpServers }));
  const env = {
    GW_LOG_LEVEL: 'error',
    GW_STATE_DIR: path.join(dir, 'state'),
    GW_BROKER_DIR: path.join(dir, 'b'),
  };
  const spec = {
    command: process.execPath,
    args: [GW_BIN, 'serve', '--config', configPath, '--no-watch'],
    env,
  };
  const sessions: Connected[] = [];
  try {
    for (let i = 0; i < SESSIONS; i++) sessions.push(await connect(spec));
    await Promise.all(sessions.map(completeList));
    const pids = new Set(sessions.flatMap((s) => [s.pid, ...listDescendants(s.pid)]));
    const cmd = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const upstreamProcesses = [...pids].filter((p) => cmd(p).includes('many')).length;
    const totalRssMiB = await sumRss([...pids]);
    const oneSessionRssMiB = share
      ? NaN
      : await sumRss([sessions[0]!.pid, ...listDescendants(sessions[0]!.pid)]);
    const sessionRss = await Promise.all(sessions.map((s) => sumRss([s.pid])));
    const brokers = [...pids].filter((p) => cmd(p).includes('broker\0run'));
    const brokerRssMiB = await sumRss(brokers);

    const sixth = await firstAnswers(spec, UPSTREAMS * TOOLS_EACH, (c) => sessions.push(c));

    // The processes on the measured calls' path: session 0, the broker, and the upstream s0.
    const onPath = [sessions[0]!.pid, ...brokers, ...[...pids].filter((p) => isUpstream(p, 's0'))];
    const cpuBefore = cpuMs(onPath);
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      await sessions[0]!.client.callTool({ name: 's0_echo', arguments: { text: `x${i}` } });
      samples.push(performance.now() - t);
    }
    const cpuPerCallMs = (cpuMs(onPath) - cpuBefore) / CALLS;
    const t0 = performance.now();
    let done = 0;
    await Promise.all(
      sessions.slice(0, SESSIONS).flatMap((s, si) =>
        Array.from({ length: CONCURRENT }, async (_, k) => {
          for (let i = 0; i < CALLS / CONCURRENT; i++, done++)
            await s.client.callTool({ name: `s${(si + k) % UPSTREAMS}_echo`, arguments: { text: 'y' } });
        }),
      ),
    );
    const callsPerSec = Math.round(done / ((performance.now() - t0) / 1000));
    return {
      upstreamProcesses,
      gatewayProcesses: pids.size - upstreamProcesses,
      totalRssMiB,
      oneSessionRssMiB,
      sessionRssMiB: percentile(sessionRss, 50),
      brokerRssMiB,
      sixth,
      p50Ms: percentile(samples.slice(CALLS / 4), 50),
      cpuPerCallMs,
      callsPerSec,
    };
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    if (share)
      execFileSync(process.execPath, [GW_BIN, 'broker', 'stop', '--dir', env.GW_BROKER_DIR], {
        stdio: 'ignore',
      });
  }
}

const LABELS = {
  initialized: 'initialize answered',
  firstList: 'first tools/list answered',
  completeList: 'first complete tools/list',
};

function isUpstream(pid: number, name: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`BENCH_SERVER=${name}`);
  } catch {
    return false;
  }
}

async function completeList(c: Connected): Promise<void> {
  for (;;) {
    const { tools } = await c.client.listTools();
    if (
      tools.filter((t) => t.name.endsWith('_echo')).length >= UPSTREAMS &&
      tools.length >= UPSTREAMS * TOOLS_EACH
    )
      return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function sumRss(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await rssMiB(pid).catch(() => 0);
  return Math.round(total);
}

log(
  `broker bench: ${SESSIONS} sessions × ${UPSTREAMS} upstreams on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
);
log('unshared…');
const plain = await scenario(false);
log('shared…');
const shared = await scenario(true);
// The floor of any session process: Node with the MCP SDK's stdio server loaded and nothing else.
const bareMiB = await bareSdkServerRssMiB();
const upstreamsMiB = plain.oneSessionRssMiB - plain.sessionRssMiB;
const floor = (SESSIONS + 1) * bareMiB + upstreamsMiB;
const rows = [
  '| figure | unshared | shared | shared ÷ unshared |',
  '|---|---|---|---|',
  `| upstream processes | ${plain.upstreamProcesses} | ${shared.upstreamProcesses} | ${ratio(shared.upstreamProcesses, plain.upstreamProcesses)} |`,
  `| gateway processes (sessions + broker) | ${plain.gatewayProcesses} | ${shared.gatewayProcesses} | |`,
  `| total RSS, all processes | ${plain.totalRssMiB} MiB | ${shared.totalRssMiB} MiB | ${ratio(shared.totalRssMiB, plain.totalRssMiB)} |`,
  `| total RSS shared ÷ one unshared session with its upstreams (${plain.oneSessionRssMiB} MiB) | | | ${ratio(shared.totalRssMiB, plain.oneSessionRssMiB)} |`,
  `| floor: ${SESSIONS} sessions + broker each a bare Node process with only the SDK's stdio server (${bareMiB} MiB), + the ${UPSTREAMS} upstreams (${upstreamsMiB} MiB), ÷ one unshared session | | ${Math.round(floor)} MiB | ${ratio(floor, plain.oneSessionRssMiB)} |`,
  `| one gw session process's RSS (median of ${SESSIONS}); the broker's | ${plain.sessionRssMiB} MiB | ${shared.sessionRssMiB} MiB; broker ${shared.brokerRssMiB} MiB | ${ratio(shared.sessionRssMiB, plain.sessionRssMiB)} |`,
  ...(['initialized', 'firstList', 'completeList'] as const).map(
    (k) =>
      `| a 6th session (warm cache / running broker): spawn to ${LABELS[k]} | ${ms(plain.sixth[k])} | ${ms(shared.sixth[k])} | ${ratio(shared.sixth[k], plain.sixth[k])} |`,
  ),
  `| a 6th session: initialized to complete tools/list (the attach itself) | ${ms(plain.sixth.completeList - plain.sixth.initialized)} | ${ms(shared.sixth.completeList - shared.sixth.initialized)} | ${ratio(shared.sixth.completeList - shared.sixth.initialized, plain.sixth.completeList - plain.sixth.initialized)} |`,
  `| per-call p50, one session | ${ms(plain.p50Ms)} | ${ms(shared.p50Ms)} | ${ratio(shared.p50Ms, plain.p50Ms)} |`,
  `| CPU per call: session 0, the broker, upstream s0 | ${ms(plain.cpuPerCallMs)} | ${ms(shared.cpuPerCallMs)} | ${ratio(shared.cpuPerCallMs, plain.cpuPerCallMs)} |`,
  `| throughput, ${SESSIONS} sessions × ${CONCURRENT} callers | ${plain.callsPerSec}/s | ${shared.callsPerSec}/s | ${ratio(shared.callsPerSec, plain.callsPerSec)} |`,
];
process.stdout.write(`${rows.join('\n')}\n`);
