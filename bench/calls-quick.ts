// Per-call figures only, for the relay work: direct, the bare relay, and one or two gateway builds, interleaved in one
// run so machine load hits all alike. `node --import tsx bench/calls-quick.ts [path/to/other/dist/cli/main.js]`
// (the second build, e.g. a copy of dist/ from before a change, is measured beside the current dist/). On a loaded
// machine the third slot ("gw") measured 4-12x slower sequential p50 for either build: swap the two builds (set
// GW_BENCH_BIN to the other one) before reading a difference between them as the code's.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { connect, fixture, gatewaySpec, GW_BIN, parseRelaySpec, relaySpec, requestRelaySpec, type Connected } from './lib/connect.js';
import { percentile, ratio } from './lib/stats.js';

const other = process.argv[2];
const up = fixture('many.ts', { FIXTURE_TOOL_COUNT: '10' });
// GW_BENCH_STREAM=1: the gateway sides run with settings.streamResults on.
const gwWith = (bin: string) => {
  const spec = gatewaySpec({ up }, process.env.GW_BENCH_STREAM ? { settings: { streamResults: true } } : {});
  return { ...spec, args: spec.args.map((a) => (a === GW_BIN ? bin : a)) };
};
const sides: Array<[string, Connected, string]> = [
  ['direct', await connect(up), 'echo'],
  ['relay', await connect(relaySpec(up)), 'echo'],
  ['parse', await connect(parseRelaySpec(up)), 'echo'],
  ['request', await connect(requestRelaySpec(up)), 'echo'],
  ['gw', await connect(gwWith(GW_BIN)), 'up_echo'],
];
if (other) sides.push(['gw-other', await connect(gwWith(other)), 'up_echo']);
for (const [, c, tool] of sides) {
  for (let i = 0; i < 200 && !(await c.client.listTools()).tools.some((t) => t.name === tool); i++)
    await new Promise((r) => setTimeout(r, 50));
}
const call = (c: Connected, tool: string, i: number) =>
  c.client.callTool({ name: tool, arguments: { text: `hello ${i}` } });
const timed = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
for (const [, c, tool] of sides) for (let i = 0; i < 2000; i++) await call(c, tool, i);

// One call per side in turn, the order rotated each round: a burst of load lands on every side alike. With
// GW_BENCH_SEQ=blocks, 12 rounds of 50 calls per side instead (each process stays hot through its 50).
const seq = new Map<string, number[]>(sides.map(([n]) => [n, []]));
if (process.env.GW_BENCH_SEQ === 'blocks') {
  for (let b = 0; b < 12; b++)
    for (const [n, c, tool] of sides) for (let i = 0; i < 50; i++) seq.get(n)?.push(await timed(() => call(c, tool, i)));
} else {
  for (let i = 0; i < 900; i++)
    for (let k = 0; k < sides.length; k++) {
      const [n, c, tool] = sides[(i + k) % sides.length] as [string, Connected, string];
      seq.get(n)?.push(await timed(() => call(c, tool, i)));
    }
}
// CPU time the hop process itself spends (user + system, from /proc): robust on a loaded machine, where latency is not.
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const cpu = new Map<string, number>(sides.map(([n]) => [n, 0]));
const tput = new Map<string, number>(sides.map(([n]) => [n, 0]));
// Round by round, the order rotated, as for the sequential calls.
for (let round = 0; round < 3; round++) {
  for (let k = 0; k < sides.length; k++) {
    const [n, c, tool] = sides[(round + k) % sides.length] as [string, Connected, string];
    let next = 0;
    const t = performance.now();
    const c0 = cpuMs(c.pid);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 3000) await call(c, tool, next++);
      }),
    );
    tput.set(n, (tput.get(n) ?? 0) + 3000 / ((performance.now() - t) / 1000));
    cpu.set(n, (cpu.get(n) ?? 0) + (cpuMs(c.pid) - c0) / 3000);
  }
}
const big = new Map<string, number[]>(sides.map(([n]) => [n, []]));
for (let i = 0; i < 9; i++)
  for (const [n, c, tool] of sides)
    big
        .get(n)
        ?.push(
          await timed(() =>
            c.client.callTool({
              name: tool === 'echo' ? 'big' : 'up_big',
              arguments: { bytes: 5 * 1024 * 1024 },
            }),
          ),
        );
for (const [, c] of sides) await c.close();

const p50 = (n: string) => percentile(seq.get(n) ?? [], 50);
const b50 = (n: string) => percentile(big.get(n) ?? [], 50);
const out = [
  `load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
];
for (const [n] of sides) {
  out.push(
    `${n.padEnd(8)} seq p50 ${p50(n).toFixed(3)} ms (÷relay ${ratio(p50(n), p50('relay'))})  8-conc ${Math.round((tput.get(n) ?? 0) / 3)}/s (÷relay ${ratio(tput.get(n) ?? 0, tput.get('relay') ?? 1)})  hop CPU ${n === 'direct' ? '-' : `${(((cpu.get(n) ?? 0) * 1000) / 3).toFixed(0)} µs/call`}  5MB ${b50(n).toFixed(1)} ms (÷direct ${ratio(b50(n), b50('direct'))})`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
