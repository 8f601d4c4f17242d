// Runs search queries against a plain tool list without a gateway: used by evaluations, benchmarks and debugging.
import { createSearchIndex, type SearchDoc } from './index.js';

export interface OfflineTool {
  server: string;
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface OfflineResult {
  query: string;
  results: Array<{ name: string; server: string; tool: string; score: number }>;
}

// Exposed names use the gateway's default separator: `${server}_${tool}`.
export function runOfflineSearch(catalog: OfflineTool[], queries: string[], limit: number): OfflineResult[] {
  const index = createSearchIndex(catalog.map(toSearchDoc));
  return queries.map((query) => ({
    query,
    results: index.search(query, { limit }).map((hit) => ({
      name: hit.doc.name,
      server: hit.doc.server,
      tool: hit.doc.tool,
      score: hit.score,
    })),
  }));
}

export function toSearchDoc(tool: OfflineTool): SearchDoc {
  const doc: SearchDoc = { name: `${tool.server}_${tool.name}`, server: tool.server, tool: tool.name };
  if (tool.description !== undefined) doc.description = tool.description;
  if (tool.inputSchema !== undefined) doc.inputSchema = tool.inputSchema;
  return doc;
}
