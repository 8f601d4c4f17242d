// What a server's gateway.json entry changes about its tools before the catalog is built: overrides and client hints.
import type { ServerConfig } from '../config/schema.js';
import type { CatalogSource } from './catalog.js';

// What a server's gateway.json entry changes about its tools: overrides and client hints (the description, when
// written, is the phrase a client's own search matches unless searchHint says otherwise).
export function serverPolicy(server: ServerConfig | undefined): Pick<CatalogSource, 'overrides' | 'hints'> {
  if (!server) return {};
  // A long description is no search phrase.
  const searchHint = server.searchHint ?? (server.description !== undefined && server.description.length <= 80 ? server.description : undefined);
  return {
    overrides: server.tools,
    hints: {
      ...(searchHint !== undefined && searchHint !== '' && { searchHint }),
      ...(server.maxResultChars !== undefined && { maxResultChars: server.maxResultChars }),
    },
  };
}
