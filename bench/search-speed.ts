// Search speed at 10,000 tools: index build time and per-query p50/p99, plain and with the caller's restatements
// (the default fusion), as the median of several runs, with the load average. On a shared machine the wall-clock p99
// is mostly time the process was not running; the CPU time per query (process.cpuUsage) is printed beside it.
// Run: npx tsx bench/search-speed.ts [--runs N]
import { loadavg } from 'node:os';
import { padCatalog } from '../src/catalog/search/distractors.js';
import { searchPhrasings } from '../src/catalog/search/fuse.js';
import { createSearchIndex, type SearchDoc } from '../src/catalog/search/index.js';
import { toSearchDoc } from '../src/catalog/search/offline.js';
import { BLIND_RESTATEMENTS, loadSets } from './search-phrasings.js';

const arg = process.argv.indexOf('--runs');
const RUNS = arg > 0 ? Number(process.argv[arg + 1]) : 5;

const { catalog, sets, alts } = loadSets(undefined, BLIND_RESTATEMENTS);
const queries = (sets.find((s) => s.name === 'dev-v2')?.queries ?? []).map(([q]) => q);
const docs: SearchDoc[] = padCatalog(catalog, 10_000).map(toSearchDoc);

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const at = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const builds: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  createSearchIndex(docs);
  builds.push(performance.now() - t0);
}
const index = createSearchIndex(docs);
const modes = {
  plain: (q: string) => index.search(q, { limit: 10 }),
  restated: (q: string) => searchPhrasings(index, q, alts.get(q) ?? [], { limit: 10 }),
  'old join+maxnorm': (q: string) =>
    searchPhrasings(index, q, alts.get(q) ?? [], { limit: 10 }, 'join+maxnorm'),
};
const lines = [
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${RUNS} runs, median shown`,
  `10000 tools: index build ${median(builds).toFixed(0)} ms (runs: ${builds.map((b) => b.toFixed(0)).join(' ')})`,
];
for (const [mode, run] of Object.entries(modes)) {
  for (const q of queries) run(q); // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  const cpu50: number[] = [];
  const cpu99: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let rep = 0; rep < 3; rep++)
      for (const q of queries) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        run(q);
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    p50.push(at(times, 0.5));
    p99.push(at(times, 0.99));
    cpu50.push(at(cpu, 0.5));
    cpu99.push(at(cpu, 0.99));
  }
  lines.push(
    `10000 tools ${mode.padEnd(16)}: wall p50 ${median(p50).toFixed(3)} ms, p99 ${median(p99).toFixed(3)} ms ` +
      `(p99 by run: ${p99.map((x) => x.toFixed(2)).join(' ')}); CPU p50 ${median(cpu50).toFixed(3)} ms, ` +
      `p99 ${median(cpu99).toFixed(3)} ms`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
