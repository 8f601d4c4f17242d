// Code mode (`npm run bench:code-mode`): a five-step task (search, read three, write one) over server-memory as five
// direct calls through the gateway vs one run_code; run_code's sandbox start; runs/s at 4 concurrent. Ratios printed.
import os from 'node:os';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadTokenizer } from '../src/catalog/tokens.js';
import { connect, gatewaySpec, ROOT, type Connected } from './lib/connect.js';
import { ms, percentile, ratio } from './lib/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const log = (line: string) => process.stderr.write(`${line}\n`);
// Small ratios (a few hundredths or less) keep three significant digits.
const share = (a: number, b: number) => (a / b < 0.1 ? Number((a / b).toPrecision(3)) : ratio(a, b));
const text = (r: unknown) =>
  ((r as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('');

const memory = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
};
const spec = gatewaySpec(
  {
    mem: {
      ...memory,
      env: { MEMORY_FILE_PATH: path.join(os.tmpdir(), `gw-bench-memory-${process.pid}.jsonl`) },
    },
  },
  { settings: { codeMode: true } },
);
const gw = await connect(spec);
const call = async (c: Connected, name: string, args: Record<string, unknown>) =>
  c.client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });

// Twenty projects with a few sentences each: what a model would otherwise read in full.
const entities = Array.from({ length: 20 }, (_, i) => ({
  name: `project-${i}`,
  entityType: 'project',
  observations: Array.from(
    { length: 6 },
    (_, j) =>
      `Project ${i} note ${j}: the deployment pipeline for service ${i} runs nightly, owner team ${i % 4}, status ${j % 2 ? 'green' : 'amber'}.`,
  ),
}));
await call(gw, 'mem_create_entities', { entities });

let round = 0;
// The task: find projects, read three of them, record a summary on the first.
async function direct(): Promise<string[]> {
  round += 1;
  const found = await call(gw, 'mem_search_nodes', { query: 'project' });
  const names = ['project-1', 'project-2', 'project-3'];
  const read = [];
  for (const n of names) read.push(await call(gw, 'mem_open_nodes', { names: [n] }));
  const wrote = await call(gw, 'mem_add_observations', {
    observations: [{ entityName: 'project-1', contents: [`summary ${round}: 3 projects checked`] }],
  });
  return [found, ...read, wrote].map(text);
}
const SCRIPT = `
const found = await tools.mem_search_nodes({ query: 'project' });
const names: string[] = ['project-1', 'project-2', 'project-3'];
const amber: string[] = [];
for (const n of names) {
  const node = await tools.mem_open_nodes({ names: [n] });
  const notes: string[] = node.entities[0].observations;
  if (notes.some((o) => o.includes('amber'))) amber.push(n);
}
await tools.mem_add_observations({ observations: [{ entityName: 'project-1', contents: ['summary: ' + amber.length + ' amber'] }] });
return { projects: found.entities.length, amber };`;
const viaCode = async (): Promise<string[]> => [text(await call(gw, 'run_code', { code: SCRIPT }))];

try {
  const probe = await viaCode();
  if (!probe[0]?.includes('"amber"')) throw new Error(`run_code did not run the task: ${probe[0]}`);
  for (let i = 0; i < 5; i++) await Promise.all([direct(), viaCode()]);
  const count = await loadTokenizer();
  const measure = async (fn: () => Promise<string[]>) => {
    const times: number[] = [];
    let out: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      out = await fn();
      times.push(performance.now() - t);
    }
    const all = out.join('');
    return { p50: percentile(times, 50), chars: all.length, tokens: count(all) };
  };
  log('five direct calls…');
  const five = await measure(direct);
  log('one run_code…');
  const one = await measure(viaCode);
  const starts: number[] = [];
  const trivial: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const r = (await call(gw, 'run_code', { code: 'return 1' })) as CallToolResult;
    trivial.push(performance.now() - t);
    starts.push((r._meta?.['fast-gateway/run'] as { startMs: number }).startMs);
    t = performance.now();
    await call(gw, 'mem_search_nodes', { query: 'project-1' });
    plain.push(performance.now() - t);
  }
  const perSecond = async (fn: () => Promise<unknown>, total: number) => {
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < total) await fn();
      }),
    );
    return (total / (performance.now() - t)) * 1000;
  };
  log('4 concurrent…');
  const codeRate = await perSecond(viaCode, ROUNDS * 2);
  const directRate = await perSecond(direct, ROUNDS * 2);
  const rows = [
    `# code mode (${ROUNDS} rounds) on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`,
    '',
    '| figure | five direct calls | one run_code | ratio (run_code ÷ direct) |',
    '|---|---|---|---|',
    `| task time p50 (gateway side only; a model pays a round trip per call on top) | ${ms(five.p50)} | ${ms(one.p50)} | ${ratio(one.p50, five.p50)} |`,
    `| characters returned to the model | ${five.chars} | ${one.chars} | ${share(one.chars, five.chars)} |`,
    `| tokens returned to the model (o200k_base) | ${five.tokens} | ${one.tokens} | ${share(one.tokens, five.tokens)} |`,
    `| tasks/s at 4 concurrent | ${directRate.toFixed(1)} | ${codeRate.toFixed(1)} | ${ratio(codeRate, directRate)} |`,
    '',
    `Sandbox start per run (fresh QuickJS instance + runtime + prelude), p50: ${ms(percentile(starts, 50))}, p90: ${ms(percentile(starts, 90))}.`,
    `A trivial run_code (\`return 1\`) p50 ${ms(percentile(trivial, 50))} vs one direct call p50 ${ms(percentile(plain, 50))}: ratio ${ratio(percentile(trivial, 50), percentile(plain, 50))}.`,
  ];
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  await gw.close();
}
