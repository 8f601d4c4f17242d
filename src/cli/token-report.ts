// Measures what a view's listings cost in tokens and checks them against the tokenBudget of the gateway and its groups.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayConfig } from '../config/schema.js';
import { countListing, loadTokenizer, type ListingTokens } from '../catalog/tokens.js';
import { createVisibility } from '../server/visibility.js';
import { VERSION } from '../version.js';
import type { Inspection } from './inspect.js';

export type ListMode = 'all' | 'search';

export interface ScopeTokens {
  group: string | null;
  mode: ListMode;
  listing: Tool[];
  tokens: ListingTokens;
}

export interface BudgetVerdict {
  group: string | null;
  budget: number;
  total: number;
  over: boolean;
  // Largest first: the servers that make up the listing (the ones to trim).
  servers: Array<{ server: string; tokens: number }>;
}

// The tools/list (and prompts/list) a client of this scope would receive in `mode`, counted.
export async function measureScope(run: Inspection, group: string | undefined, mode: ListMode): Promise<ScopeTokens> {
  const count = await loadTokenizer();
  const visibility = createVisibility(run.gateway, {
    id: 'gw-tokens',
    group,
    client: { name: 'gw', version: VERSION },
    capabilities: {},
    elicit: () => Promise.reject(new Error('gw cannot answer elicitation')),
  });
  const visible = await visibility.tools();
  const listing =
    mode === 'all'
      ? visible.tools.filter((t) => t.name !== 'invoke_tool').map((t) => t.exposed)
      : visible.tools.filter((t) => t.local?.meta).map((t) => t.exposed);
  const prompts = (await visibility.prompts()).listing;
  const tokens = countListing(count, listing, (tool) => visible.byName.get(tool.name)?.server ?? 'gateway', prompts);
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

// Each budget against the listing clients actually get (settings.tools decides the mode).
export async function checkBudgets(run: Inspection, config: GatewayConfig, group: string | undefined): Promise<BudgetVerdict[]> {
  const verdicts: BudgetVerdict[] = [];
  for (const scope of budgetScopes(config, group)) {
    const measured = await measureScope(run, scope.group, config.settings.tools);
    verdicts.push({
      group: scope.group ?? null,
      budget: scope.budget,
      total: measured.tokens.total,
      over: measured.tokens.total > scope.budget,
      servers: measured.tokens.servers.map((s) => ({ server: s.server, tokens: s.tokens })),
    });
  }
  return verdicts;
}

// "the gateway's tools/list costs 5,120 tokens, over its tokenBudget of 4,000; largest: github 3,200, notion 1,400"
export function describeVerdict(v: BudgetVerdict): string {
  const scope = v.group === null ? "the gateway's tools/list" : `group '${v.group}' tools/list`;
  const largest = v.servers
    .slice(0, 5)
    .map((s) => `${s.server} ${s.tokens.toLocaleString('en-US')}`)
    .join(', ');
  const verdict = v.over ? 'over' : 'within';
  return `${scope} costs ${v.total.toLocaleString('en-US')} tokens, ${verdict} its tokenBudget of ${v.budget.toLocaleString('en-US')}${v.over && largest ? `; largest servers: ${largest}` : ''}`;
}
