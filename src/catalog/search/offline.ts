// Runs search queries against a plain tool list without a gateway: used by evaluations, benchmarks and debugging.
import { searchPhrasings } from './fuse.js';
import { createSearchIndex, type SearchDoc } from './index.js';

export interface OfflineTool {
  server: string;
  name: string;
  description?: string;
  inputSchema?: unknown;
}

// A query alone, or with the caller's restatements (as search_tools takes them).
export interface OfflineQuery {
  query: string;
  alternatives?: string[];
}

export interface OfflineResult {
  query: string;
  alternatives?: string[];
  results: Array<{ name: string; server: string; tool: string; score: number }>;
}

// Exposed names use the gateway's default separator: `${server}_${tool}`.
export function runOfflineSearch(
  catalog: OfflineTool[],
  queries: ReadonlyArray<string | OfflineQuery>,
  limit: number,
): OfflineResult[] {
  const index = createSearchIndex(catalog.map(toSearchDoc));
  return queries.map((q) => {
    const { query, alternatives } = typeof q === 'string' ? { query: q, alternatives: undefined } : q;
    return {
      query,
      ...(alternatives !== undefined && { alternatives }),
      results: searchPhrasings(index, query, alternatives, { limit }).map((hit) => ({
        name: hit.doc.name,
        server: hit.doc.server,
        tool: hit.doc.tool,
        score: hit.score,
      })),
    };
  });
}

export function toSearchDoc(tool: OfflineTool): SearchDoc {
  const doc: SearchDoc = { name: `${tool.server}_${tool.name}`, server: tool.server, tool: tool.name };
  if (tool.description !== undefined) doc.description = tool.description;
  if (tool.inputSchema !== undefined) doc.inputSchema = tool.inputSchema;
  return doc;
}
