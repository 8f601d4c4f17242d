// What a server's gateway.json entry changes about its tools before the catalog is built: overrides and client hints.
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config/schema.js';
import type { CatalogSource } from './catalog.js';

// The longest default search hint: a phrase, not a paragraph.
export const SEARCH_HINT_MAX = 80;

// What a server's gateway.json entry changes about its tools: overrides and client hints.
export function serverPolicy(server: ServerConfig | undefined, info?: Implementation): Pick<CatalogSource, 'overrides' | 'hints'> {
  if (!server) return {};
  const searchHint = server.searchHint ?? defaultSearchHint(server.name, info?.title ?? server.description);
  return {
    overrides: server.tools,
    hints: {
      ...(searchHint !== '' && { searchHint }),
      ...(server.maxResultChars !== undefined && { maxResultChars: server.maxResultChars }),
    },
  };
}

// "github: GitHub's official MCP server": the server's name and its title (serverInfo.title, else the configured
// description), cut at a word under SEARCH_HINT_MAX characters; the name alone when there is no title.
export function defaultSearchHint(name: string, title: string | undefined): string {
  const line = title?.split('\n').find((l) => l.trim() !== '')?.trim();
  const phrase = line && line.toLowerCase() !== name.toLowerCase() ? `${name}: ${line}` : name;
  if (phrase.length <= SEARCH_HINT_MAX) return phrase;
  const cut = phrase.slice(0, SEARCH_HINT_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > name.length + 1 ? cut.slice(0, space) : cut).replace(/[\s,.;:-]+$/, '');
}
