// Token accounting for listings: a real tokenizer (js-tiktoken, o200k_base) loaded only when something asks for a count.
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';

export type CountTokens = (text: string) => number;

export interface ServerTokens {
  server: string;
  tokens: number;
  tools: Array<{ name: string; tokens: number }>;
}

export interface ListingTokens {
  // The tokens of the whole tools/list result as a client receives it (JSON, no whitespace).
  total: number;
  // The tokens of the prompts/list, resources/list and resources/templates/list results (0 when empty).
  prompts: number;
  resources: number;
  resourceTemplates: number;
  // Per server (and 'gateway' for its own tools), each tool's definition counted alone, largest first.
  servers: ServerTokens[];
}

let loading: Promise<CountTokens> | undefined;

// o200k_base is the encoding of OpenAI's current models; only its rank file is imported (the package ships it, no
// download). Anthropic publishes no tokenizer for its current models, so for Claude these counts are an estimate of
// the same order, fit for comparing listings and for budgets with a margin. Imported on first use: gw serve never loads it.
export function loadTokenizer(): Promise<CountTokens> {
  loading ??= (async () => {
    const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
    const encoder = new Tiktoken(ranks.default);
    return (text: string) => encoder.encode(text).length;
  })();
  return loading;
}

export const TOKENIZER_NAME = 'o200k_base (js-tiktoken)';

// The other listings a client of the same view receives.
export interface OtherListings {
  prompts?: readonly Prompt[];
  resources?: readonly Resource[];
  resourceTemplates?: readonly ResourceTemplate[];
}

// Counts one listing: `server` says which server each exposed tool belongs to.
export function countListing(count: CountTokens, listing: readonly Tool[], serverOf: (tool: Tool) => string, other: OtherListings = {}): ListingTokens {
  const { prompts = [], resources = [], resourceTemplates = [] } = other;
  const servers = new Map<string, ServerTokens>();
  for (const tool of listing) {
    const server = serverOf(tool);
    let entry = servers.get(server);
    if (!entry) servers.set(server, (entry = { server, tokens: 0, tools: [] }));
    const tokens = count(JSON.stringify(tool));
    entry.tokens += tokens;
    entry.tools.push({ name: tool.name, tokens });
  }
  const sorted = [...servers.values()].sort((a, b) => b.tokens - a.tokens || a.server.localeCompare(b.server));
  for (const s of sorted) s.tools.sort((a, b) => b.tokens - a.tokens || a.name.localeCompare(b.name));
  return {
    total: count(JSON.stringify({ tools: listing })),
    prompts: prompts.length === 0 ? 0 : count(JSON.stringify({ prompts })),
    resources: resources.length === 0 ? 0 : count(JSON.stringify({ resources })),
    resourceTemplates: resourceTemplates.length === 0 ? 0 : count(JSON.stringify({ resourceTemplates })),
    servers: sorted,
  };
}
