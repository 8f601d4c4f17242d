// Asks an embedding endpoint for vectors: the OpenAI shape (/v1/embeddings) or Ollama's (/api/embed), with a deadline.
import type { EmbeddingsConfig } from '../../config/schema.js';

export interface EmbedClient {
  // One vector per text, in order; rejects on a timeout, a refused connection or an answer of the wrong shape.
  embed(texts: readonly string[], timeoutMs: number): Promise<number[][]>;
}

export function createEmbedClient(config: EmbeddingsConfig, headers: Record<string, string>): EmbedClient {
  return {
    async embed(texts, timeoutMs) {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: config.model, input: texts }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // The body of an error may echo the request's headers: only the status is kept.
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const vectors = toVectors(config.format, await response.json());
      if (vectors.length !== texts.length)
        throw new Error(`${vectors.length} vectors for ${texts.length} texts`);
      return vectors;
    },
  };
}

function toVectors(format: EmbeddingsConfig['format'], body: unknown): number[][] {
  if (format === 'ollama') {
    const list = (body as { embeddings?: unknown }).embeddings;
    if (!Array.isArray(list) || !list.every(isVector))
      throw new Error('the answer has no "embeddings" array of number arrays');
    return list;
  }
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error('the answer has no "data" array');
  const items = data as Array<{ embedding?: unknown; index?: unknown }>;
  if (!items.every((d) => isVector(d.embedding)))
    throw new Error('an item of "data" has no "embedding" number array');
  // OpenAI answers carry an index per item; order by it when present.
  const ordered = items.every((d) => typeof d.index === 'number')
    ? items.slice().sort((a, b) => (a.index as number) - (b.index as number))
    : items;
  return ordered.map((d) => d.embedding as number[]);
}

function isVector(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}
