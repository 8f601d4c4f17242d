// The optional semantic signal from an embedding endpoint the user runs: tool vectors computed in the background and
// cached on disk, a query vector asked for with a short deadline, and lexical results whenever either is missing.
import { expandEmbeddingHeaders } from '../../config/embeddings.js';
import type { GatewayConfig } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import { createEmbedCache, catalogKey, textKey } from './embed-cache.js';
import { createEmbedClient } from './embed-client.js';
import { searchPhrasings } from './fuse.js';
import type { SearchDoc, SearchHit, SearchIndex, SearchOptions } from './index.js';
import { SEMANTIC_DEPTH, embeddingText, fuseSemantic, rankByVector } from './semantic.js';

export interface SemanticSearch {
  // After the catalog changes: embeds, in the background, the tools whose vectors are not known yet.
  update(docs: readonly SearchDoc[]): void;
  // The docs ranked by similarity to the query, or undefined (vectors not ready, endpoint slow or down).
  rank(query: string, docs: readonly SearchDoc[]): Promise<SearchHit[] | undefined>;
}

// The query vector is waited for this long; past it, search answers lexically.
export const QUERY_TIMEOUT_MS = 300;
const BATCH = 32;
const CONCURRENCY = 2;
const BATCH_TIMEOUT_MS = 60_000;
// After a failure the endpoint is asked again no sooner than this (searches meanwhile are lexical at once).
const RETRY_MS = 5_000;
const QUERY_CACHE = 256;

// The semantic search the config asks for, or undefined; a header naming an unset ${VAR} is reported, not fatal.
export function openSemanticSearch(
  config: GatewayConfig,
  env: NodeJS.ProcessEnv,
  log: Logger,
): SemanticSearch | undefined {
  const settings = config.settings.search?.embeddings;
  if (!settings) return undefined;
  let headers: Record<string, string>;
  try {
    headers = expandEmbeddingHeaders(settings, env);
  } catch (error) {
    log.warn(`${(error as Error).message}; search ranks lexically`);
    return undefined;
  }
  const client = createEmbedClient(settings, headers);
  const cache = createEmbedCache(config.settings.stateDir, settings.url, settings.model);
  const where = `${new URL(settings.url).origin}${new URL(settings.url).pathname}`;
  const vectors = cache.load();
  const wanted = new Map<string, string>();
  const queries = new Map<string, number[]>();
  let running = false;
  let downSince: number | undefined;
  let failedAt = 0;
  let saved = '';

  const failed = (error: unknown, timeoutMs: number) => {
    failedAt = Date.now();
    if (downSince !== undefined) return;
    downSince = failedAt;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `did not answer within ${timeoutMs} ms`
        : `failed (${describe(error)})`;
    log.warn(
      `search: the embedding endpoint ${where} ${reason}; search_tools ranks lexically until it answers`,
    );
  };
  const answered = () => {
    if (downSince === undefined) return;
    downSince = undefined;
    log.info(`search: the embedding endpoint ${where} answers again`);
  };
  const coolingDown = () => downSince !== undefined && Date.now() - failedAt < RETRY_MS;

  // One pass at a time: batches of missing texts, CONCURRENCY in flight; stops at the first failure.
  const run = async () => {
    running = true;
    try {
      for (;;) {
        const missing = [...wanted].filter(([key]) => !vectors.has(key));
        if (missing.length === 0) break;
        const batches: Array<Array<[string, string]>> = [];
        for (let i = 0; i < missing.length; i += BATCH) batches.push(missing.slice(i, i + BATCH));
        const worker = async () => {
          for (let batch = batches.shift(); batch; batch = batches.shift()) {
            const got = await client.embed(
              batch.map(([, text]) => text),
              BATCH_TIMEOUT_MS,
            );
            batch.forEach(([key], i) => vectors.set(key, got[i] as number[]));
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        answered();
      }
      const catalog = catalogKey(wanted.keys());
      if (catalog !== saved && wanted.size > 0) {
        cache.save(catalog, new Map([...wanted.keys()].map((k) => [k, vectors.get(k) as number[]])));
        saved = catalog;
        log.debug(`search: ${wanted.size} tool vectors ready (${cache.file})`);
      }
    } catch (error) {
      failed(error, BATCH_TIMEOUT_MS);
    } finally {
      running = false;
    }
  };
  const kick = () => {
    if (!running && !coolingDown()) void run();
  };

  return {
    update(docs) {
      wanted.clear();
      for (const doc of docs) {
        const text = embeddingText(doc);
        wanted.set(textKey(text), text);
      }
      kick();
    },
    async rank(query, docs) {
      const keys = docs.map((d) => textKey(embeddingText(d)));
      const missing = docs.filter((_, i) => !vectors.has(keys[i] as string));
      if (missing.length > 0) {
        // A view with tools the last update did not have (a consolidated group): embed them too.
        for (const doc of missing) wanted.set(textKey(embeddingText(doc)), embeddingText(doc));
        kick();
        return undefined;
      }
      let vector = queries.get(query);
      if (!vector) {
        if (coolingDown()) return undefined;
        try {
          vector = (await client.embed([query], QUERY_TIMEOUT_MS))[0] as number[];
        } catch (error) {
          failed(error, QUERY_TIMEOUT_MS);
          return undefined;
        }
        answered();
        if (queries.size >= QUERY_CACHE) queries.delete(queries.keys().next().value as string);
        queries.set(query, vector);
      }
      const byName = new Map(docs.map((d, i) => [d.name, vectors.get(keys[i] as string)]));
      return rankByVector(vector, docs, (d) => byName.get(d.name));
    },
  };
}

// Lexical search, fused with the semantic ranking when the endpoint's vectors are at hand.
export async function searchWithSemantic(
  semantic: SemanticSearch | undefined,
  index: SearchIndex,
  docs: () => readonly SearchDoc[],
  query: string,
  alternatives: readonly string[],
  options: SearchOptions,
): Promise<SearchHit[]> {
  if (!semantic) return searchPhrasings(index, query, alternatives, options);
  const candidates = docs().filter(
    (d) =>
      (options.server === undefined || d.server === options.server) && (!options.filter || options.filter(d)),
  );
  const ranked = await semantic.rank([query, ...alternatives].join(' '), candidates);
  if (!ranked) return searchPhrasings(index, query, alternatives, options);
  const limit = Math.max(0, Math.floor(options.limit ?? 10));
  const lexical = searchPhrasings(index, query, alternatives, {
    ...options,
    limit: Math.max(limit, SEMANTIC_DEPTH),
  });
  return fuseSemantic(lexical, ranked, limit);
}

// A failure's reason without the request: the cause's code (ECONNREFUSED) or the message.
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : (error as Error).message;
}
