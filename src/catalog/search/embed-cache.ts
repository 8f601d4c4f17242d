// The on-disk cache of tool vectors, one 0600 file per endpoint and model under <stateDir>/embeddings/, so a restart
// with the same catalog embeds nothing again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureStateDir, writePrivateFile } from '../../state-dir.js';

export interface EmbedCache {
  readonly file: string;
  // Vectors by text hash, from the last run (empty when there is no readable file).
  load(): Map<string, number[]>;
  // Writes the vectors of the current catalog (those of tools no longer there are dropped).
  save(catalog: string, vectors: Map<string, number[]>): void;
}

export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

// A hash of the catalog's texts, order-free: the same tools give the same key whatever order they arrive in.
export function catalogKey(keys: Iterable<string>): string {
  return textKey([...keys].sort().join('\n'));
}

export function createEmbedCache(stateDir: string, url: string, model: string): EmbedCache {
  const file = path.join(stateDir, 'embeddings', `${textKey(`${url}\n${model}`).slice(0, 16)}.json`);
  return {
    file,
    load() {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { model?: unknown; vectors?: unknown };
        if (data.model !== model || !Array.isArray(data.vectors)) return new Map();
        return new Map(data.vectors as Array<[string, number[]]>);
      } catch {
        return new Map();
      }
    },
    save(catalog, vectors) {
      ensureStateDir(stateDir, 'embeddings');
      writePrivateFile(file, JSON.stringify({ model, catalog, vectors: [...vectors] }));
    },
  };
}
