// Measures what a view's listings cost in tokens and checks them against the tokenBudget of the gateway and its groups.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayConfig } from '../config/schema.js';
import { countListing, loadTokenizer, type ListingTokens } from '../catalog/tokens.js';
import { createResourceRouter } from '../server/resources.js';
import { createVisibility } from '../server/visibility.js';
import { VERSION } from '../version.js';
import type { Inspection } from './inspect.js';
import { describeGrowth, growthSince, scopeKey, type Baseline, type Growth } from './token-baseline.js';

export type ListMode = 'all' | 'search';

export interface ScopeTokens {
  group: string | null;
  mode: ListMode;
  listing: Tool[];
  tokens: ListingTokens;
}

export interface BudgetVerdict {
  group: string | null;
  // null: no tokenBudget applies; the scope is checked against the baseline only.
  budget: number | null;
  total: number;
  over: boolean;
  // Largest first: the servers that make up the listing (the ones to trim).
  servers: Array<{ server: string; tokens: number }>;
  // With a saved baseline: its total and the servers that cost more now, largest growth first.
  baselineTotal?: number;
  grown?: Growth[];
}

// The tools/list (and prompts/list) a client of this scope would receive in `mode`, counted.
export async function measureScope(run: Inspection, group: string | undefined, mode: ListMode): Promise<ScopeTokens> {
  const count = await loadTokenizer();
  const session = {
    id: 'gw-tokens',
    group,
    client: { name: 'gw', version: VERSION },
    capabilities: {},
    elicit: () => Promise.reject(new Error('gw cannot answer elicitation')),
  };
  const visibility = createVisibility(run.gateway, session);
  const resources = createResourceRouter(run.gateway, session);
  const visible = await visibility.tools();
  const listing =
    mode === 'all'
      ? visible.tools.filter((t) => t.name !== 'invoke_tool').map((t) => t.exposed)
      : visible.tools.filter((t) => t.local?.meta).map((t) => t.exposed);
  const prompts = (await visibility.prompts()).listing;
  const tokens = countListing(count, listing, (tool) => visible.byName.get(tool.name)?.server ?? 'gateway', {
    prompts,
    resources: resources.list(),
    resourceTemplates: resources.templates(),
  });
  return { group: group ?? null, mode, listing, tokens };
}

// Every budget that applies: the one group asked for, or the gateway's own plus each group that sets one.
export function budgetScopes(config: GatewayConfig, group: string | undefined): Array<{ group: string | undefined; budget: number }> {
  const global = config.settings.tokenBudget;
  if (group !== undefined) {
    const budget = config.groups.get(group)?.tokenBudget ?? global;
    return budget === undefined ? [] : [{ group, budget }];
  }
  const scopes: Array<{ group: string | undefined; budget: number }> = global === undefined ? [] : [{ group: undefined, budget: global }];
  for (const g of config.groups.values()) if (g.tokenBudget !== undefined) scopes.push({ group: g.name, budget: g.tokenBudget });
  return scopes;
}

// Each budget (and each scope of the baseline) against the listing clients actually get (settings.tools decides the mode).
export async function checkBudgets(run: Inspection, config: GatewayConfig, group: string | undefined, baseline?: Baseline): Promise<BudgetVerdict[]> {
  const scopes = new Map<string, { group: string | undefined; budget: number | null }>();
  for (const s of budgetScopes(config, group)) scopes.set(scopeKey(s.group), s);
  for (const key of Object.keys(baseline?.scopes ?? {})) {
    const g = key === '' ? undefined : key;
    if ((group === undefined || g === group) && (g === undefined || config.groups.has(g)) && !scopes.has(key)) scopes.set(key, { group: g, budget: null });
  }
  const verdicts: BudgetVerdict[] = [];
  for (const scope of scopes.values()) {
    const measured = await measureScope(run, scope.group, config.settings.tools);
    const servers = measured.tokens.servers.map((s) => ({ server: s.server, tokens: s.tokens }));
    const key = scopeKey(scope.group);
    const before = baseline && Object.hasOwn(baseline.scopes, key) ? baseline.scopes[key] : undefined;
    verdicts.push({
      group: scope.group ?? null,
      budget: scope.budget,
      total: measured.tokens.total,
      over: scope.budget !== null && measured.tokens.total > scope.budget,
      servers,
      ...(before && { baselineTotal: before.total, grown: growthSince(before, servers) }),
    });
  }
  return verdicts;
}

// The baseline of every scope `checkBudgets` would check, in the configured mode.
export async function measureBaseline(run: Inspection, config: GatewayConfig, group: string | undefined, tokenizer: string): Promise<Baseline> {
  const groups = group !== undefined ? [group] : [undefined, ...config.groups.keys()];
  const scopes: Baseline['scopes'] = {};
  for (const g of groups) {
    const measured = await measureScope(run, g, config.settings.tools);
    scopes[scopeKey(g)] = {
      mode: measured.mode,
      total: measured.tokens.total,
      servers: Object.fromEntries(measured.tokens.servers.map((s) => [s.server, s.tokens])),
    };
  }
  return { version: 1, tokenizer, savedAt: new Date().toISOString(), scopes };
}

// "the gateway's tools/list costs 5,120 tokens, over its tokenBudget of 4,000; largest: github 3,200, notion 1,400"
// With a baseline, the servers that grew since it was saved instead of the largest.
export function describeVerdict(v: BudgetVerdict): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const scope = v.group === null ? "the gateway's tools/list" : `group '${v.group}' tools/list`;
  const largest = v.servers
    .slice(0, 5)
    .map((s) => `${s.server} ${n(s.tokens)}`)
    .join(', ');
  const budget = v.budget === null ? '' : `, ${v.over ? 'over' : 'within'} its tokenBudget of ${n(v.budget)}`;
  const since = v.baselineTotal === undefined ? '' : ` (baseline ${n(v.baselineTotal)})`;
  if (v.grown && v.grown.length > 0) return `${scope} costs ${n(v.total)} tokens${since}${budget}; grew since the baseline: ${describeGrowth(v.grown)}`;
  if (v.grown) return `${scope} costs ${n(v.total)} tokens${since}${budget}; no server grew since the baseline`;
  return `${scope} costs ${n(v.total)} tokens${budget}${v.over && largest ? `; largest servers: ${largest}` : ''}`;
}
