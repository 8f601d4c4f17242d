// Large catalogs: gateway memory and end-to-end search_tools latency at 10,000 tools, and tools/list size in "all" vs "search" mode.
import { createMetaTools } from '../src/server/meta-tools.js';
import { connect, fixture, gatewaySpec, rssMiB } from './lib/connect.js';
import { percentile } from './lib/stats.js';
import { loadSearchEval } from './search-eval.js';

export interface CatalogFigures {
  tools: number;
  rssMiB: number;
  searchP50Ms: number;
  searchP99Ms: number;
  listAllBytes: number;
  listSearchBytes: number;
  listAllTokens: number;
  listSearchTokens: number;
  tokenRatio: number;
}

export async function benchCatalog(toolCount = 10_000, queries = 200): Promise<CatalogFigures> {
  const spec = gatewaySpec({ big: fixture('many.ts', { FIXTURE_TOOL_COUNT: String(toolCount) }) });
  const gw = await connect(spec);
  try {
    for (let i = 0; (await gw.client.listTools()).tools.length < toolCount; i++) {
      if (i > 400) throw new Error('the 10,000-tool upstream never came up');
      await new Promise((r) => setTimeout(r, 50));
    }
    const texts = loadSearchEval()?.queries.map(([q]) => q) ?? ['create an issue', 'list files', 'send a message'];
    // Warm-up: the first search builds the index (once per catalog change) and JIT-compiles the ranking.
    for (const text of texts) await gw.client.callTool({ name: 'search_tools', arguments: { query: text } });
    const samples: number[] = [];
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      await gw.client.callTool({ name: 'search_tools', arguments: { query: texts[i % texts.length] } });
      samples.push(performance.now() - t);
    }
    const rss = await rssMiB(gw.pid);
    const sizes = listingSizes();
    return {
      tools: toolCount,
      rssMiB: rss,
      searchP50Ms: round(percentile(samples, 50)),
      searchP99Ms: round(percentile(samples, 99)),
      ...sizes,
    };
  } finally {
    await gw.close();
  }
}

// Size of the tools/list answer for the real 243-tool catalog: every tool listed vs only the meta-tools.
function listingSizes() {
  const catalog = loadSearchEval()?.catalog ?? [];
  const meta = createMetaTools().map((m) => m.definition);
  const all = [...meta.filter((m) => m.name !== 'invoke_tool'), ...catalog.map((t) => ({ ...t, name: `${t.server}_${t.name}`, server: undefined }))];
  const listAllBytes = Buffer.byteLength(JSON.stringify({ tools: all }));
  const listSearchBytes = Buffer.byteLength(JSON.stringify({ tools: meta }));
  // ~4 bytes a token is the usual estimate for English and JSON.
  return {
    listAllBytes,
    listSearchBytes,
    listAllTokens: Math.round(listAllBytes / 4),
    listSearchTokens: Math.round(listSearchBytes / 4),
    tokenRatio: Math.round((listSearchBytes / listAllBytes) * 1000) / 1000,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
