// End-to-end: `gw tokens` counts the listing it prints with the real tokenizer; --check and doctor enforce tokenBudget.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';

const encoder = new Tiktoken(o200k);
const count = (text: string) => encoder.encode(text).length;
const gw = (file: string, ...args: string[]) => runGw(['--config', file, ...args], { cwd: path.dirname(file) });

interface Scope {
  mode: string;
  listing: Array<{ name: string }>;
  tokens: { total: number; servers: Array<{ server: string; tokens: number; tools: Array<{ name: string; tokens: number }> }> };
}

const CONFIG = {
  mcpServers: {
    big: fixtureEntry('many.ts', { FIXTURE_TOOL_COUNT: '30' }),
    small: fixtureEntry('many.ts', { FIXTURE_TOOL_COUNT: '2' }),
  },
  groups: { tiny: { servers: ['small'], tokenBudget: 100_000 } },
};

describe('gw tokens', () => {
  it('prints per-server and per-tool counts whose total is the tokenizer count of the printed listing, in both modes', async () => {
    const file = writeConfig(CONFIG);
    const r = await gw(file, 'tokens', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tokenizer: string; modes: Scope[] };
    expect(out.tokenizer).toContain('o200k_base');
    const [all, search] = out.modes as [Scope, Scope];
    expect(all.mode).toBe('all');
    // 30 + 2 generated, echo and big on each, search_tools and describe_tool.
    expect(all.listing).toHaveLength(32 + 4 + 2);
    expect(all.tokens.total).toBe(count(JSON.stringify({ tools: all.listing })));
    expect(search.tokens.total).toBe(count(JSON.stringify({ tools: search.listing })));
    expect(search.listing.map((t) => t.name).sort()).toEqual(['describe_tool', 'invoke_tool', 'search_tools']);
    expect(search.tokens.total).toBeLessThan(all.tokens.total);
    // Each tool counted alone, the servers sorted largest first.
    const bigTool = all.listing.find((t) => t.name === 'big_get_invoice_0');
    const bigServer = all.tokens.servers[0];
    expect(bigServer?.server).toBe('big');
    expect(bigServer?.tools.find((t) => t.name === 'big_get_invoice_0')?.tokens).toBe(count(JSON.stringify(bigTool)));
    expect(bigServer?.tokens).toBe(bigServer?.tools.reduce((s, t) => s + t.tokens, 0));
  });

  it('shows a table for people', async () => {
    const file = writeConfig(CONFIG);
    const r = await gw(file, 'tokens', '--group', 'tiny', '--mode', 'all');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mode "all" \(configured\): tools\/list [\d,]+ tokens, 6 tools/);
    expect(r.stdout).toContain('small_echo');
    expect(r.stdout).not.toContain('big_');
  });

  it('--check exits 1 over the gateway budget naming the largest servers, 0 within a group budget', async () => {
    const file = writeConfig({ ...CONFIG, settings: { tokenBudget: 500 } });
    const over = await gw(file, 'tokens', '--check');
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/OVER {2}the gateway's tools\/list costs [\d,]+ tokens, over its tokenBudget of 500; largest servers: big [\d,]+, gateway [\d,]+, small [\d,]+/);
    expect(over.stdout).toMatch(/ok {4}group 'tiny' tools\/list costs [\d,]+ tokens, within its tokenBudget of 100,000/);
    const group = await gw(file, 'tokens', '--check', '--group', 'tiny', '--json');
    expect(group.code).toBe(0);
    expect(JSON.parse(group.stdout)).toMatchObject({ ok: true, budgets: [{ group: 'tiny', budget: 100_000, over: false }] });
    // gw doctor's warning over the budget is checked (with a baseline) in the next test.
  }, 120_000);

  it('--save-baseline writes gateway.tokens.json; --check and doctor then name the servers that grew and the budget exceeded', async () => {
    const file = writeConfig({ ...CONFIG, settings: { tokenBudget: 100_000 } });
    const saved = await gw(file, 'tokens', '--save-baseline');
    expect(saved.code).toBe(0);
    const baselineFile = path.join(path.dirname(file), 'gateway.tokens.json');
    expect(saved.stdout).toContain(baselineFile);
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as { scopes: Record<string, { servers: Record<string, number> }> };
    expect(Object.keys(baseline.scopes).sort()).toEqual(['', 'tiny']);
    const before = baseline.scopes['']?.servers.small ?? 0;
    expect(before).toBeGreaterThan(0);
    const same = await gw(file, 'tokens', '--check');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no server grew since the baseline');

    // The small server now offers more tools: it grew, the big one did not.
    writeFileSync(file, JSON.stringify({ ...CONFIG, mcpServers: { ...CONFIG.mcpServers, small: fixtureEntry('many.ts', { FIXTURE_TOOL_COUNT: '6' }) }, settings: { tokenBudget: 500 } }));
    const grew = await gw(file, 'tokens', '--check');
    expect(grew.code).toBe(1);
    expect(grew.stdout).toMatch(new RegExp(`OVER {2}the gateway's tools/list costs [\\d,]+ tokens \\(baseline [\\d,]+\\), over its tokenBudget of 500; grew since the baseline: small \\+[\\d,]+ \\(${before.toLocaleString('en-US')} → [\\d,]+\\)$`, 'm'));
    expect(grew.stdout).not.toMatch(/grew since the baseline: .*big/);
    // Within its budget, the group still reports what grew.
    expect(grew.stdout).toMatch(/grew {2}group 'tiny' tools\/list costs [\d,]+ tokens \(baseline [\d,]+\), within its tokenBudget of 100,000; grew since the baseline: small/);
    const doctor = await gw(file, 'doctor');
    expect(doctor.stdout).toMatch(/warning {2}tokens: the gateway's tools\/list costs [\d,]+ tokens \(baseline [\d,]+\), over its tokenBudget of 500/);
    expect(doctor.stdout).toMatch(/warning {2}tokens: group 'tiny' tools\/list .*grew since the baseline: small/);
  }, 120_000);

  it('counts resources and resource templates', async () => {
    const file = writeConfig({ mcpServers: { fx: fixtureEntry('resources.ts') } });
    const text = await gw(file, 'tokens', '--mode', 'all');
    expect(text.code, text.stderr).toBe(0);
    // Non-zero counts (a number not starting with 0).
    expect(text.stdout).toMatch(/resources\/list: [1-9][\d,]* tokens/);
    expect(text.stdout).toMatch(/resources\/templates\/list: [1-9][\d,]* tokens/);
  }, 60_000);

  it('rejects a bad --mode and a bad tokenBudget', async () => {
    const file = writeConfig(CONFIG);
    const mode = await gw(file, 'tokens', '--mode', 'some');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('--mode must be "all" or "search"');
    const bad = writeConfig({ ...CONFIG, settings: { tokenBudget: -3 } });
    const r = await gw(bad, 'tokens');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('settings.tokenBudget');
  });
});
