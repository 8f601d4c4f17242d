// The semantic search signal of a gateway: opened from settings.search, reopened when a reload changes them, and
// handed the tool documents again after each catalog change.
import { openSemanticSearch, type SemanticSearch } from '../catalog/search/embeddings.js';
import type { SearchDoc } from '../catalog/search/index.js';
import type { GatewayConfig } from '../config/schema.js';
import type { Logger } from '../log.js';

export interface SemanticSlot {
  // Undefined unless settings.search.embeddings names an endpoint (and its headers expand).
  readonly current: SemanticSearch | undefined;
  // A reload's config: the search is reopened only when its settings changed (vectors and their cache are kept otherwise).
  follow(config: GatewayConfig): void;
  // After a catalog change: the documents are read and embedded next turn, once this turn's changes have landed.
  refresh(docs: () => readonly SearchDoc[]): void;
}

export function createSemanticSlot(config: GatewayConfig, env: NodeJS.ProcessEnv, log: Logger): SemanticSlot {
  let settings = JSON.stringify(config.settings.search);
  let current = openSemanticSearch(config, env, log);
  return {
    get current() {
      return current;
    },
    follow(next) {
      const nextSettings = JSON.stringify(next.settings.search);
      if (nextSettings === settings) return;
      settings = nextSettings;
      current = openSemanticSearch(next, env, log);
    },
    refresh(docs) {
      if (current) setImmediate(() => current?.update(docs()));
    },
  };
}
