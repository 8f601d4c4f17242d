// `node --import tsx bench/tokens.ts`: what the 243-tool real catalog of the search dev set costs in tokens, through `gw tokens`,
// as ratios to the full list: search mode, compact descriptions (overrides), and a duplicated server set consolidated.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture, GW_BIN } from './lib/connect.js';

interface CatalogTool { server: string; name: string; description?: string; inputSchema: unknown }
const CATALOG = process.env.GW_BENCH_CATALOG ?? '/work/shared/search-eval/catalog-real.json';
const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-tokens-'));
const byServer = new Map<string, Array<Omit<CatalogTool, 'server'>>>();
for (const { server, ...tool } of JSON.parse(readFileSync(CATALOG, 'utf8')) as CatalogTool[]) {
  const name = server.replace(/^@/, '').replace(/[^A-Za-z0-9-]/g, '-');
  byServer.set(name, [...(byServer.get(name) ?? []), tool]);
}

// One many.ts fixture per server serving its part of the catalog; its own echo and big tools are denied.
function servers(copies: number, compact: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, tools] of byServer) {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(tools));
    const spec = fixture('many.ts', { FIXTURE_CATALOG: file });
    const overrides = compact ? Object.fromEntries(tools.map((t) => [t.name, { description: firstSentence(t.description ?? '') }])) : undefined;
    for (let i = 0; i < copies; i++) {
      out[copies === 1 ? name : `${name}-${i + 1}`] = { ...spec, deny: ['echo', 'big'], ...(overrides && { tools: overrides }) };
    }
  }
  return out;
}

function firstSentence(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const end = line.search(/[.!?](\s|$)/);
  return (end === -1 ? line : line.slice(0, end + 1)).trim().slice(0, 160);
}

function tokens(config: unknown, mode: 'all' | 'search', group?: string): number {
  const file = path.join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify(config));
  const args = [GW_BIN, 'tokens', '--config', file, '--mode', mode, '--json', ...(group ? ['--group', group] : [])];
  const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 2 ** 20 })) as { modes: Array<{ tokens: { total: number } }> };
  return out.modes[0]?.tokens.total ?? 0;
}

const full = tokens({ mcpServers: servers(1, false) }, 'all');
const search = tokens({ mcpServers: servers(1, false) }, 'search');
const compact = tokens({ mcpServers: servers(1, true) }, 'all');
const rows = [
  ['full list (243 tools, 16 servers)', full],
  ['search mode list', search],
  ['full list, descriptions cut to their first sentence (overrides)', compact],
] as Array<[string, number]>;
const consolidated = process.env.GW_BENCH_CONSOLIDATE === '0' ? undefined : consolidation();
if (consolidated) rows.push(...consolidated);
process.stdout.write(`| listing | tokens (o200k_base) | ÷ full list |\n|---|---:|---:|\n`);
for (const [what, n] of rows) process.stdout.write(`| ${what} | ${n.toLocaleString('en-US')} | ${(n / full).toFixed(3)} |\n`);

// The same 16 servers twice (two accounts each), in a group without and with "consolidate": true.
function consolidation(): Array<[string, number]> | undefined {
  const mcpServers = servers(2, false);
  const members = Object.keys(mcpServers);
  const doubled = tokens({ mcpServers, groups: { plain: { servers: members } } }, 'all', 'plain');
  try {
    const merged = tokens({ mcpServers, groups: { one: { servers: members, consolidate: true } } }, 'all', 'one');
    return [['16 servers × 2 accounts (486 tools)', doubled], ['the same, "consolidate": true', merged]];
  } catch {
    return [['16 servers × 2 accounts (486 tools)', doubled]];
  }
}
