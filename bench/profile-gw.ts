// Profiles the gateway process under 8 concurrent tools/call (the hot path of calls-quick.ts): writes a .cpuprofile of
// the gw child to the directory given (default: a temp dir) and prints its hop CPU per call.
// `node --import tsx bench/profile-gw.ts [dir] [calls]`
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, fixture, gatewaySpec } from './lib/connect.js';

const dir = process.argv[2] ?? mkdtempSync(path.join(os.tmpdir(), 'gw-prof-'));
const calls = Number(process.argv[3] ?? 20000);
const up = fixture('many.ts', { FIXTURE_TOOL_COUNT: '10' });
const spec = gatewaySpec({ up });
const gw = await connect({ ...spec, args: ['--cpu-prof', '--cpu-prof-interval', process.env.GW_PROF_INTERVAL ?? '50', '--cpu-prof-dir', dir, ...spec.args] });
for (let i = 0; i < 200 && !(await gw.client.listTools()).tools.some((t) => t.name === 'up_echo'); i++)
  await new Promise((r) => setTimeout(r, 50));
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const c0 = cpuMs(gw.pid);
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < calls) await gw.client.callTool({ name: 'up_echo', arguments: { text: `hello ${next++}` } });
  }),
);
const perCall = ((cpuMs(gw.pid) - c0) * 1000) / calls;
await gw.close();
process.stdout.write(`hop CPU ${perCall.toFixed(1)} µs/call (load ${os.loadavg()[0]?.toFixed(2)}); profile in ${dir}\n`);
