// Time to the first complete tools/list with 10 slow upstreams: cold (no cache) and warm (cache from the run before);
// and how long `gw --version` takes against bare Node (what every gw command pays before its own work). Run alone with
// `node --import tsx bench/startup.ts [--version-only]`, or as part of `npm run bench`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, fixture, gatewaySpec, GW_BIN, rssMiB, type Connected, type ServerSpec } from './lib/connect.js';
import { percentile, ratio } from './lib/stats.js';

export interface StartupFigures {
  upstreams: number;
  startDelayMs: number;
  slowestDirectMs: number;
  coldMs: number;
  coldRatio: number;
  fastDirectListMs: number;
  warmMs: number;
  warmRatio: number;
  idleRssMiB: number;
  // One fast upstream beside one whose command does not exist: connect + first tools/list, first run and next run.
  brokenFirstMs: number;
  brokenFirstRatio: number;
  brokenNextMs: number;
  brokenNextRatio: number;
}

export async function benchStartup(count = 10, startDelayMs = 1500): Promise<StartupFigures> {
  const servers: Record<string, ServerSpec> = {};
  for (let i = 0; i < count; i++) servers[`s${i}`] = fixture('many.ts', { FIXTURE_START_DELAY: String(startDelayMs), FIXTURE_TOOL_COUNT: '20' });
  const expected = count * 22;

  // Baseline 1: every upstream started directly, in parallel (same load); the slowest one's own start + list.
  const direct = await Promise.all(Object.values(servers).map((s) => timed(() => connect(s), async (c) => (await c.client.listTools()).tools.length)));
  const slowestDirectMs = Math.max(...direct.map((d) => d.ms));
  await Promise.all(direct.map((d) => d.conn.close()));

  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-state-'));
  const spec = gatewaySpec(servers, { stateDir });
  // Cold: no cache, so the list is complete only once every upstream is up.
  const cold = await timed(() => connect(spec), (c) => untilComplete(c, expected));
  const idleRssMiB = await settleAndMeasure(cold.conn);
  await cold.conn.close();
  // Warm: the cache written by the cold run answers the first tools/list at once.
  const warm = await timed(() => connect(spec), async (c) => (await c.client.listTools()).tools.filter((t) => t.name.startsWith('s')).length);
  if (warm.value < expected) throw new Error(`warm start listed ${warm.value} of ${expected} tools`);
  await warm.conn.close();

  // Baseline 2: a direct client listing one fast upstream.
  const fast = await timed(() => connect(fixture('many.ts', { FIXTURE_TOOL_COUNT: '20' })), async (c) => (await c.client.listTools()).tools.length);
  await fast.conn.close();

  // A broken upstream beside a fast one: the first list neither waits for it nor, on the next run, for its retry.
  const brokenState = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-state-'));
  const brokenSpec = gatewaySpec(
    { ok: fixture('many.ts', { FIXTURE_TOOL_COUNT: '20' }), broken: { command: 'gw-bench-no-such-command', args: [] } },
    { stateDir: brokenState },
  );
  const firstList = async (c: Connected) => (await c.client.listTools()).tools.length;
  const brokenFirst = await timed(() => connect(brokenSpec), firstList);
  await brokenFirst.conn.close();
  const brokenNext = await timed(() => connect(brokenSpec), firstList);
  await brokenNext.conn.close();
  return {
    brokenFirstMs: Math.round(brokenFirst.ms),
    brokenFirstRatio: ratio(brokenFirst.ms, fast.ms),
    brokenNextMs: Math.round(brokenNext.ms),
    brokenNextRatio: ratio(brokenNext.ms, fast.ms),
    upstreams: count,
    startDelayMs,
    slowestDirectMs: Math.round(slowestDirectMs),
    coldMs: Math.round(cold.ms),
    coldRatio: ratio(cold.ms, slowestDirectMs),
    fastDirectListMs: Math.round(fast.ms),
    warmMs: Math.round(warm.ms),
    warmRatio: ratio(warm.ms, fast.ms),
    idleRssMiB,
  };
}

export interface VersionFigures {
  bareNodeMs: number;
  versionMs: number;
  // `gw --version` ÷ `node -e 0`, the medians of runs taken in turn.
  versionRatio: number;
}

export function benchVersion(runs = 15): VersionFigures {
  const time = (args: string[]) => {
    const t = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return performance.now() - t;
  };
  const bare: number[] = [];
  const version: number[] = [];
  time(['-e', '0']);
  time([GW_BIN, '--version']);
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    version.push(time([GW_BIN, '--version']));
  }
  const bareNodeMs = percentile(bare, 50);
  const versionMs = percentile(version, 50);
  return { bareNodeMs: Math.round(bareNodeMs), versionMs: Math.round(versionMs), versionRatio: ratio(versionMs, bareNodeMs) };
}

async function timed<T>(open: () => Promise<Connected>, use: (c: Connected) => Promise<T>): Promise<{ ms: number; conn: Connected; value: T }> {
  const t = performance.now();
  const conn = await open();
  const value = await use(conn);
  return { ms: performance.now() - t, conn, value };
}

async function untilComplete(c: Connected, expected: number): Promise<number> {
  for (;;) {
    const n = (await c.client.listTools()).tools.filter((t) => t.name.startsWith('s')).length;
    if (n >= expected) return n;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function settleAndMeasure(c: Connected): Promise<number> {
  await new Promise((r) => setTimeout(r, 1000));
  return rssMiB(c.pid);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const version = benchVersion();
  const startup = process.argv.includes('--version-only') ? {} : await benchStartup();
  process.stdout.write(`${JSON.stringify({ ...version, ...startup }, null, 2)}\n`);
}
