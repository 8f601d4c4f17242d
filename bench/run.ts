// `npm run bench` (quick, < 2 min) and `npm run bench:full`: every figure as a ratio against a direct connection measured in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCalls, type CallFigures } from './calls.js';
import { benchCatalog } from './catalog.js';
import { everything, fixture, ROOT } from './lib/connect.js';
import { ms, ratio } from './lib/stats.js';
import { evaluateSearch, EXTRA_QUERIES } from './search-eval.js';
import { benchEras } from './eras.js';
import { benchStartup, benchVersion } from './startup.js';

const full = process.argv.includes('--full');
const sequential = full ? 3000 : 600;
const concurrentCalls = full ? 10000 : 3000;
const warmup = full ? 5000 : 2000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();
log(`fast-gateway bench (${full ? 'full' : 'quick'}) on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);

log('per-call overhead: fixture server…');
const calls: CallFigures[] = [await benchCalls({ name: 'fixture (many.ts)', spec: fixture('many.ts', { FIXTURE_TOOL_COUNT: '10' }), tool: 'echo', args: (i) => ({ text: `hello ${i}` }), sequential, warmup, concurrentCalls, bigBytes: 5 * 1024 * 1024 })];
log('per-call overhead: server-everything…');
calls.push(await benchCalls({ name: 'server-everything', spec: everything(), tool: 'echo', args: (i) => ({ message: `hello ${i}` }), sequential, warmup, concurrentCalls }));
log('time to first tools/list…');
const startup = { ...benchVersion(), ...(await benchStartup(10, 1500)) };
log('2026-07-28 upstream…');
const eras = await benchEras();
log('10,000-tool catalog…');
const catalog = await benchCatalog(10_000, full ? 500 : 200);
log('search quality…');
const search = evaluateSearch();
const extra = evaluateSearch({ queriesFile: EXTRA_QUERIES });

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const withoutMisses = (f: typeof search) => ({ ...f, real: { ...f.real, misses: undefined }, padded: { ...f.padded, misses: undefined } });
const results = { date: new Date().toISOString(), mode: full ? 'full' : 'quick', machine, calls, startup, eras, catalog, search: withoutMisses(search), extraSearch: withoutMisses(extra) };

const rows: string[] = [
  `# fast-gateway benchmark (${results.mode})`,
  '',
  `${results.date} on ${machine}. Ratios are gateway ÷ direct connection, measured in the same run (lower is better for latency, higher for throughput).`,
  '',
  'The "floor" columns measure a bare Node relay (bench/lib/relay.mjs: spawn the upstream, copy bytes both ways, nothing else) in the same run. No stdio gateway in Node can beat it, so "relay ÷ direct" is what the extra hop itself costs on this machine and "gateway ÷ relay" what the gateway adds on top.',
  '',
  'Two more floors in the same run: the request-parsing relay (bench/lib/request-relay.mjs) parses and re-serializes each request with its id swapped and passes each response on as text with only its id swapped back, the least a hop that governs calls must do (it reads the tool, the arguments and the id of every call); the parsing relay (bench/lib/parse-relay.mjs) also parses every response.',
  '',
  '| figure | direct | gateway | ratio | goal | floor: bare relay | relay ÷ direct | gateway ÷ relay |',
  '|---|---|---|---|---|---|---|---|',
];
for (const c of calls) {
  const s = c.sequential;
  rows.push(`| ${c.upstream}: sequential p50 | ${ms(s.directP50)} | ${ms(s.gatewayP50)} | ${s.p50Ratio} | ≤ 1.5 | ${ms(s.relayP50)} | ${s.relayP50Ratio} | ${ratio(s.gatewayP50, s.relayP50)} |`);
  rows.push(`| ${c.upstream}: sequential p99 | ${ms(s.directP99)} | ${ms(s.gatewayP99)} | ${s.p99Ratio} | | | | |`);
  for (const k of c.concurrent) {
    const goal = k.concurrency === 8 ? '≥ 0.65' : '';
    rows.push(
      `| ${c.upstream}: throughput at ${k.concurrency} concurrent | ${k.directPerSec}/s | ${k.gatewayPerSec}/s | ${k.throughputRatio} | ${goal} | ${k.relayPerSec}/s | ${k.relayRatio} | ${ratio(k.gatewayPerSec, k.relayPerSec)} |`,
      `| ${c.upstream}: the same through the request-parsing relay | ${k.directPerSec}/s | ${k.request.perSec}/s (request-parsing relay) | ${k.request.ratio} | | ${k.relayPerSec}/s | ${k.relayRatio} | ${ratio(k.request.perSec, k.relayPerSec)} |`,
      `| ${c.upstream}: the same through the parsing relay | ${k.directPerSec}/s | ${k.parse.perSec}/s (parsing relay) | ${k.parse.ratio} | | ${k.relayPerSec}/s | ${k.relayRatio} | ${ratio(k.parse.perSec, k.relayPerSec)} |`,
      `| ${c.upstream}: hop CPU per call at ${k.concurrency} concurrent (user + system) | | ${k.cpuUs.gateway} µs (request-parsing relay ${k.cpuUs.request} µs, parsing relay ${k.cpuUs.parse} µs) | | | ${k.cpuUs.relay} µs | | ${ratio(k.cpuUs.gateway, k.cpuUs.relay)} |`,
    );
  }
  if (c.bigResult) {
    const b = c.bigResult;
    rows.push(`| ${c.upstream}: 5 MB result | ${ms(b.directMs)} | ${ms(b.gatewayMs)} | ${b.ratio} | ≤ 1.2 | ${ms(b.relayMs)} | ${b.relayRatio} | ${ratio(b.gatewayMs, b.relayMs)} |`);
    rows.push(`| ${c.upstream}: 5 MB result, settings.streamResults on | ${ms(b.directMs)} | ${ms(b.streamMs)} | ${b.streamRatio} | ≤ 1.2 | ${ms(b.relayMs)} | ${b.relayRatio} | ${ratio(b.streamMs, b.relayMs)} |`);
  }
}
rows.push(`| \`gw --version\` (what every command pays before its own work) | ${ms(startup.bareNodeMs)} (\`node -e 0\`) | ${ms(startup.versionMs)} | ${startup.versionRatio} | | | | |`);
rows.push(`| first complete tools/list, 10 upstreams × 1.5 s start, cold | ${ms(startup.slowestDirectMs)} (slowest upstream's own start) | ${ms(startup.coldMs)} | ${startup.coldRatio} | ≤ 1.1 | | | |`);
rows.push(`| 2026-07-28 stdio upstream: connect + first tools/list (era verdict cached) | ${ms(eras.directConnectListMs)} (direct v2 client, pinned) | ${ms(eras.gatewayConnectListMs)} | ${eras.connectListRatio} | ≤ 1.2 | | | |`);
rows.push(`| 2026-07-28 upstream: call p50 through the gateway vs the same server direct | ${ms(eras.directModernCallP50Ms)} | ${ms(eras.modernCallP50Ms)} | ${eras.modernOverDirect} | | | | |`);
rows.push(`| call p50 through the gateway: modern upstream ÷ legacy upstream (fixture.ts, fast path) | ${ms(eras.legacyCallP50Ms)} | ${ms(eras.modernCallP50Ms)} | ${eras.modernOverLegacy} | | | | |`);
rows.push(`| first tools/list, warm cache | ${ms(startup.fastDirectListMs)} (direct list of one fast upstream) | ${ms(startup.warmMs)} | ${startup.warmRatio} | ≤ 1.5 | | | |`);
rows.push(`| first tools/list beside a broken upstream (no cache) | ${ms(startup.fastDirectListMs)} (direct list of one fast upstream) | ${ms(startup.brokenFirstMs)} | ${startup.brokenFirstRatio} | | | | |`);
rows.push(`| the same, next run (the failure remembered) | ${ms(startup.fastDirectListMs)} | ${ms(startup.brokenNextMs)} | ${startup.brokenNextRatio} | | | | |`);
rows.push(`| tools/list size, 243 real tools: "search" ÷ "all" mode | ${startup.upstreams ? `${catalog.listAllBytes} B ≈ ${catalog.listAllTokens} tokens` : ''} | ${catalog.listSearchBytes} B ≈ ${catalog.listSearchTokens} tokens | ${catalog.tokenRatio} | | | | |`);
rows.push('', '| other figure | value |', '|---|---|');
rows.push(`| gateway RSS, idle with 10 upstreams | ${startup.idleRssMiB} MiB |`);
rows.push(`| gateway RSS with a 10,000-tool catalog (after searching it) | ${catalog.rssMiB} MiB |`);
rows.push(`| search_tools through the gateway, 10,000 tools: p50 / p99 | ${ms(catalog.searchP50Ms)} / ${ms(catalog.searchP99Ms)} |`);
for (const [label, f] of [['real catalog (243 tools)', search.real], ['padded to 10,000 tools', search.padded]] as const) {
  rows.push(`| search recall@1 / recall@5, ${label}, ${search.queries} dev queries | ${f.recallAt1} / ${f.recallAt5} (goal @5 ≥ ${label.startsWith('real') ? '0.95' : '0.90'}) |`);
  rows.push(`| search index: build / query p50 / p99, ${label} | ${ms(f.buildMs)} / ${ms(f.queryP50Ms)} / ${ms(f.queryP99Ms)} |`);
}
for (const [label, f] of [['real catalog', extra.real], ['padded to 10,000 tools', extra.padded]] as const) {
  rows.push(`| search recall@1 / recall@5, ${label}, ${extra.queries} extra queries (bench/search-extra-queries.json) | ${f.recallAt1} / ${f.recallAt5} |`);
}
rows.push('', `Took ${Math.round((Date.now() - started) / 1000)} s. Reproduce with \`npm run bench\` (quick) or \`npm run bench:full\`.`);

const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const name = full ? 'latest-full' : 'latest';
writeFileSync(path.join(dir, `${name}.md`), rows.join('\n') + '\n');
writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
process.stdout.write(rows.join('\n') + '\n');
log(`written to bench/results/${name}.md and .json`);
