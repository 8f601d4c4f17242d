// Per-call overhead: the same calls through the gateway and straight to the upstream, interleaved in one run.
import { readFileSync } from 'node:fs';
import { connect, gatewaySpec, parseRelaySpec, relaySpec, requestRelaySpec, type Connected, type ServerSpec } from './lib/connect.js';
import { percentile, ratio } from './lib/stats.js';

// `relay…` figures are the bare Node relay's (bench/lib/relay.mjs): the floor any stdio hop in Node pays on this machine.
export interface CallFigures {
  upstream: string;
  sequential: {
    directP50: number;
    gatewayP50: number;
    p50Ratio: number;
    directP99: number;
    gatewayP99: number;
    p99Ratio: number;
    relayP50: number;
    relayP50Ratio: number;
  };
  // `cpuUs`: CPU time (user + system) each hop process spent per call, from /proc. `parse` and `request`: the parsing
  // relay (bench/lib/parse-relay.mjs) and the request-parsing relay (bench/lib/request-relay.mjs), the floors of a hop
  // that reads the requests it governs; `perSec`, their throughput; `ratio`, it ÷ direct.
  concurrent: Array<{
    concurrency: number;
    directPerSec: number;
    gatewayPerSec: number;
    throughputRatio: number;
    relayPerSec: number;
    relayRatio: number;
    cpuUs: { gateway: number; relay: number; parse: number; request: number };
    parse: { perSec: number; ratio: number };
    request: { perSec: number; ratio: number };
  }>;
  // `stream…`: a second gateway with settings.streamResults on (large results streamed as they arrive).
  bigResult?: { bytes: number; directMs: number; gatewayMs: number; ratio: number; streamMs: number; streamRatio: number; relayMs: number; relayRatio: number };
}

export interface CallOptions {
  name: string;
  spec: ServerSpec;
  tool: string;
  args: (i: number) => Record<string, unknown>;
  sequential: number;
  warmup: number;
  concurrentCalls: number;
  bigBytes?: number;
}

export async function benchCalls(options: CallOptions): Promise<CallFigures> {
  const opened: Connected[] = [];
  const open = async (spec: ServerSpec) => {
    const c = await connect(spec);
    opened.push(c);
    return c;
  };
  const gwTool = `up_${options.tool}`;
  try {
    const direct = await open(options.spec);
    const gw = await open(gatewaySpec({ up: options.spec }));
    const relay = await open(relaySpec(options.spec));
    const parse = await open(parseRelaySpec(options.spec));
    const request = await open(requestRelaySpec(options.spec));
    await waitForTool(gw, gwTool);
    // Warm all paths before measuring: on this kind of VM the first thousand calls run up to twice as slow (JIT tiers,
    // CPU frequency), longer for the process with the most code, so a short warm-up measures warm-up, not steady state.
    for (const [c, tool] of [[direct, options.tool], [gw, gwTool], [relay, options.tool], [parse, options.tool], [request, options.tool]] as const)
      await run(c, tool, options.args, options.warmup);
    const d: number[] = [];
    const g: number[] = [];
    const r: number[] = [];
    // Interleaved batches so machine noise hits every side alike.
    const batch = 50;
    for (let done = 0; done < options.sequential; done += batch) {
      d.push(...(await run(direct, options.tool, options.args, batch)));
      g.push(...(await run(gw, gwTool, options.args, batch)));
      r.push(...(await run(relay, options.tool, options.args, batch)));
    }
    const sequential = {
      directP50: percentile(d, 50),
      gatewayP50: percentile(g, 50),
      p50Ratio: ratio(percentile(g, 50), percentile(d, 50)),
      directP99: percentile(d, 99),
      gatewayP99: percentile(g, 99),
      p99Ratio: ratio(percentile(g, 99), percentile(d, 99)),
      relayP50: percentile(r, 50),
      relayP50Ratio: ratio(percentile(r, 50), percentile(d, 50)),
    };
    const concurrent = [];
    const hops: Array<[Connected, string]> = [
      [direct, options.tool],
      [gw, gwTool],
      [relay, options.tool],
      [parse, options.tool],
      [request, options.tool],
    ];
    for (const c of [8, 64]) {
      const perSec = hops.map(() => 0);
      const cpuUs = hops.map(() => 0);
      // Round by round, the order rotated: a burst of load, or whatever the previous side left behind, lands on every
      // side alike.
      for (let round = 0; round < ROUNDS; round++)
        for (let k = 0; k < hops.length; k++) {
          const at = (round + k) % hops.length;
          const [conn, tool] = hops[at] as [Connected, string];
          const cpu0 = cpuMs(conn.pid);
          perSec[at] = (perSec[at] ?? 0) + (await throughput(conn, tool, options.args, c, options.concurrentCalls));
          cpuUs[at] = (cpuUs[at] ?? 0) + ((cpuMs(conn.pid) - cpu0) * 1000) / options.concurrentCalls;
        }
      const [directPerSec, gatewayPerSec, relayPerSec, parsePerSec, requestPerSec] = perSec as [number, number, number, number, number];
      const mean = (i: number) => Math.round((cpuUs[i] ?? 0) / ROUNDS);
      concurrent.push({
        concurrency: c,
        directPerSec: Math.round(directPerSec / ROUNDS),
        gatewayPerSec: Math.round(gatewayPerSec / ROUNDS),
        throughputRatio: ratio(gatewayPerSec, directPerSec),
        relayPerSec: Math.round(relayPerSec / ROUNDS),
        relayRatio: ratio(relayPerSec, directPerSec),
        cpuUs: { gateway: mean(1), relay: mean(2), parse: mean(3), request: mean(4) },
        parse: { perSec: Math.round(parsePerSec / ROUNDS), ratio: ratio(parsePerSec, directPerSec) },
        request: { perSec: Math.round(requestPerSec / ROUNDS), ratio: ratio(requestPerSec, directPerSec) },
      });
    }
    let bigResult;
    if (options.bigBytes) {
      const bytes = options.bigBytes;
      const streaming = await open(gatewaySpec({ up: options.spec }, { settings: { streamResults: true } }));
      await waitForTool(streaming, 'up_big');
      const sides: Array<[number[], Connected, string]> = [
        [[], direct, 'big'],
        [[], gw, 'up_big'],
        [[], streaming, 'up_big'],
        [[], relay, 'big'],
      ];
      // Round by round, the order rotated: a burst of load lands on every side alike.
      for (let i = 0; i < 9; i++)
        for (let k = 0; k < sides.length; k++) {
          const [times, c, tool] = sides[(i + k) % sides.length] as [number[], Connected, string];
          times.push(await time(() => c.client.callTool({ name: tool, arguments: { bytes } })));
        }
      const [d, g, st, r] = sides.map(([times]) => percentile(times, 50)) as [number, number, number, number];
      bigResult = { bytes, directMs: d, gatewayMs: g, ratio: ratio(g, d), streamMs: st, streamRatio: ratio(st, d), relayMs: r, relayRatio: ratio(r, d) };
    }
    return { upstream: options.name, sequential, concurrent, ...(bigResult && { bigResult }) };
  } finally {
    for (const c of opened) await c.close();
  }
}

const ROUNDS = 4;

// CPU time (user + system) a process has spent, in ms, from /proc (Linux).
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function run(c: Connected, tool: string, args: (i: number) => Record<string, unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await time(() => c.client.callTool({ name: tool, arguments: args(i) })));
  return out;
}

// Calls per second with `concurrency` callers sharing `total` calls.
async function throughput(c: Connected, tool: string, args: (i: number) => Record<string, unknown>, concurrency: number, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await c.client.callTool({ name: tool, arguments: args(i) });
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function waitForTool(c: Connected, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await c.client.listTools()).tools.some((t) => t.name === name)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the gateway never listed ${name}`);
}
